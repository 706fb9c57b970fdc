/**
 * Finalize: once every part is packaged, build reconciliation.json and manifest.json with the package
 * stream's builders (which refuse counts that do not balance) and seal them in the audit log. A
 * package appears in the manifest only when its marker says its bytes are complete (size checked).
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { chinaDate } from '../domain/dates';
import type { BatchCode } from '../domain/types';
import { t } from '../i18n';
import { buildReconciliation, buildRunManifest, type PackageEntry, type RunManifest } from '../package/run-records';
import { writeJsonAtomic } from '../run-dir/atomic';
import { readJsonIfExists } from '../run-dir/json';
import type { IngestState, PackagedMarker, RunCounts } from '../run-dir/markers';
import type { StoredRunConfig } from '../run-dir/run-config';
import { holdForApproval } from './approval';
import { buildCodeIndex } from './code-index';
import { runIdentity, stageContext, type RunIdentity, type StageOptions } from './context';
import { writeRunRecords } from './run-records';
import { writeRunReport } from './run-report';
import { ingestStateOf, packagedDone, packagedSheets } from './state';

export interface RunSummary extends RunIdentity {
  /** China date the run finished; `late` when after handoffBy (manifest.finishedLate). */
  finishedOn: string;
  late: boolean;
  counts: RunCounts;
  /** Sheets of paper of all statements (from the packaged parts). */
  sheets: number;
  packages: { path: string; sha256: string; batch: string; part: number; pieces: number }[];
}

export function packageEntry(m: PackagedMarker): PackageEntry {
  return {
    path: m.path,
    sha256: m.sha256,
    bytes: m.bytes,
    batch: m.batch as BatchCode,
    part: m.part,
    pieces: m.pieces,
    statementPages: m.statementPages,
    envelopePages: m.envelopePages,
    ...(m.encrypted ? { encrypted: true } : {}),
    ...(m.electronic ? { electronic: true } : {}),
  };
}

function summaryOf(runDir: string, stored: StoredRunConfig, ingest: IngestState, manifest: RunManifest): RunSummary {
  return {
    ...runIdentity(runDir, stored),
    finishedOn: manifest.finishedOn,
    late: manifest.finishedLate,
    counts: ingest.counts,
    sheets: packagedSheets(runDir, ingest.parts),
    packages: manifest.packages.map((p) => ({ path: p.path, sha256: p.sha256, batch: p.batch, part: p.part, pieces: p.pieces })),
  };
}

async function removeStrayTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).map((n) => rm(path.join(dir, n), { force: true })));
}

export async function finalizeStage(runDir: string, opts?: StageOptions): Promise<RunSummary> {
  const { stored, log, paths, now } = stageContext(runDir, opts);
  const ingest = ingestStateOf(runDir);
  const done = readJsonIfExists<RunManifest>(paths.manifest, 'manifest');
  if (done && existsSync(paths.finalized)) return summaryOf(runDir, stored, ingest, done);

  const missing: string[] = [];
  const markers: PackagedMarker[] = [];
  for (const ref of ingest.parts) {
    const m = packagedDone(runDir, ref.partId);
    if (m) markers.push(m);
    else missing.push(ref.partId);
  }
  if (missing.length) {
    throw new Error(t('run.notAllPackaged', { runId: stored.runId, n: missing.length, parts: `${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}` }));
  }
  const c = ingest.counts;
  // a ticket with requireApproval: sealed, but not for the print house (nor, electronic, the website) until `siprint release`
  const packages = markers.map((m): PackageEntry => ({ ...packageEntry(m), ...(stored.requireApproval ? { status: 'pending' as const } : {}) }));
  const reconciliation = buildReconciliation({
    runId: stored.runId,
    input: c.input,
    printedByBatch: c.byBatch,
    printedRecords: c.printed,
    electronicByBatch: c.electronicByBatch ?? {},
    electronicRecords: c.electronic ?? 0,
    notPrinted: c.exceptionsByBatchReason,
    outOfScope: c.outOfScope,
    packages,
  });
  const when = now();
  const manifest = buildRunManifest({
    runId: stored.runId,
    year: stored.year,
    mode: stored.mode,
    deadline: stored.deadline,
    handoffBy: stored.handoffBy,
    finishedOn: chinaDate(when),
    ...(stored.extractSha256 !== undefined && stored.extractBytes !== undefined ? { extract: { sha256: stored.extractSha256, bytes: stored.extractBytes } } : {}),
    reconciliation,
    guardianAddressed: c.guardianAddressed,
    packages,
    layouts: ingest.layouts,
    fonts: ingest.fonts,
  });
  // what the QR leads to (siprint serve, verify-code): before the seal, which then covers it
  const started = Date.now();
  const index = await buildCodeIndex(runDir);
  log.info('verification index written', { runId: stored.runId, pieces: index.pieces, ms: Date.now() - started });
  await writeRunRecords(runDir, manifest, reconciliation, { now: when });
  if (stored.requireApproval) await holdForApproval(runDir, stored, manifest.packages);
  await writeRunReport(runDir, { now: when });
  await writeJsonAtomic(paths.finalized, { runId: stored.runId, finishedOn: manifest.finishedOn });
  // scratch left by interrupted ingests (sort chunks hold personal data) and temp files of
  // interrupted writes: nothing needs them any more, and print/ must hold only sealed packages
  await rm(paths.tmpDir, { recursive: true, force: true });
  await removeStrayTemps(paths.printDir);
  // a state file being replaced when the process was killed (the ingest's progress, rewritten often)
  await removeStrayTemps(paths.stateDir);
  for (const ref of ingest.parts) await removeStrayTemps(path.join(paths.partsDir, ref.partId));
  log.info('run finalized', { runId: stored.runId, parts: markers.length, printed: c.printed, electronic: c.electronic, held: c.exceptions, suppressed: c.suppressed });
  return summaryOf(runDir, stored, ingest, manifest);
}
