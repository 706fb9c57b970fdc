/**
 * Finalize: once every part is packaged, write reconciliation.json and manifest.json (the manifest
 * last, so a package appears in a manifest only when its bytes are complete and hashed), and audit.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RunCounts, IngestResult, PackagedMarker, StageOptions } from './common';
import { stageContext } from './common';
import type { StoredRunConfig } from './config';
import { ingestResultOf } from './ingest';
import { packagedDone } from './part-stages';
import { readJsonIfExists, writeJsonAtomic } from './run-dir';

export interface RunManifest {
  runId: string;
  year: number;
  mode: 'annual' | 'scheme';
  printDate: string;
  deadline: string;
  handoffBy: string;
  /** printDate after handoffBy: the print house cannot deliver by the deadline. */
  late: boolean;
  counts: {
    input: number;
    printed: number;
    exceptions: number;
    suppressed: number;
    outOfScope: number;
    guardianAddressed: number;
    pieces: number;
    sheets: number;
    byBatch: Record<string, number>;
  };
  packages: { path: string; sha256: string; bytes: number; batch: string; part: number; pieces: number; statementPages: number; envelopePages: number }[];
  layouts: { id: string; version: string; sha256: string }[];
  fonts: { file: string; sha256: string }[];
  verificationKeyId: string;
}

export interface Reconciliation {
  runId: string;
  rule: string;
  balanced: boolean;
  input: number;
  printed: number;
  exceptions: number;
  suppressed: number;
  outOfScope: number;
  heldByReason: Record<string, number>;
  suppressedByReason: Record<string, number>;
  byBatch: Record<string, { pieces: number; exceptions: number }>;
}

export interface RunSummary {
  runId: string;
  runDir: string;
  year: number;
  mode: 'annual' | 'scheme';
  printDate: string;
  deadline: string;
  handoffBy: string;
  late: boolean;
  counts: RunCounts;
  packages: { path: string; sha256: string; batch: string; part: number; pieces: number }[];
}

function sorted<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function buildReconciliation(stored: StoredRunConfig, counts: RunCounts): Reconciliation {
  const byBatch: Reconciliation['byBatch'] = {};
  for (const k of new Set([...Object.keys(counts.byBatch), ...Object.keys(counts.exceptionsByBatch)])) {
    byBatch[k] = { pieces: counts.byBatch[k] ?? 0, exceptions: counts.exceptionsByBatch[k] ?? 0 };
  }
  const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  const balanced =
    counts.input === counts.printed + counts.exceptions + counts.suppressed + counts.outOfScope &&
    counts.exceptions === sum(counts.heldByReason) &&
    counts.suppressed === sum(counts.suppressedByReason) &&
    counts.pieces === sum(counts.byBatch);
  return {
    runId: stored.runId,
    rule: 'input = printed + exceptions + suppressed + outOfScope (outOfScope: scheme mode, none of the ticket schemes)',
    balanced,
    input: counts.input,
    printed: counts.printed,
    exceptions: counts.exceptions,
    suppressed: counts.suppressed,
    outOfScope: counts.outOfScope,
    heldByReason: sorted(counts.heldByReason),
    suppressedByReason: sorted(counts.suppressedByReason),
    byBatch: sorted(byBatch),
  };
}

export function buildRunManifest(stored: StoredRunConfig, ingest: IngestResult, packages: PackagedMarker[]): RunManifest {
  const c = ingest.counts;
  return {
    runId: stored.runId,
    year: stored.year,
    mode: stored.mode,
    printDate: stored.printDate,
    deadline: stored.deadline,
    handoffBy: stored.handoffBy,
    late: stored.printDate > stored.handoffBy,
    counts: {
      input: c.input,
      printed: c.printed,
      exceptions: c.exceptions,
      suppressed: c.suppressed,
      outOfScope: c.outOfScope,
      guardianAddressed: c.guardianAddressed,
      pieces: c.pieces,
      sheets: c.sheets,
      byBatch: sorted(c.byBatch),
    },
    packages: packages.map((m) => ({ path: m.path, sha256: m.sha256, bytes: m.bytes, batch: m.batch, part: m.part, pieces: m.pieces, statementPages: m.statementPages, envelopePages: m.envelopePages })),
    layouts: ingest.layouts,
    fonts: ingest.fonts,
    verificationKeyId: stored.verificationKeyId,
  };
}

function summaryOf(runDir: string, stored: StoredRunConfig, ingest: IngestResult, manifest: RunManifest): RunSummary {
  return {
    runId: stored.runId,
    runDir,
    year: stored.year,
    mode: stored.mode,
    printDate: stored.printDate,
    deadline: stored.deadline,
    handoffBy: stored.handoffBy,
    late: manifest.late,
    counts: ingest.counts,
    packages: manifest.packages.map(({ path, sha256, batch, part, pieces }) => ({ path, sha256, batch, part, pieces })),
  };
}

async function removeStrayTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).map((n) => rm(path.join(dir, n), { force: true })));
}

export async function finalizeStage(runDir: string, opts?: StageOptions): Promise<RunSummary> {
  const { stored, ports, log, paths } = stageContext(runDir, opts);
  const ingest = ingestResultOf(runDir);
  const done = readJsonIfExists<RunManifest>(paths.manifest, 'manifest');
  if (done && existsSync(paths.finalized)) return summaryOf(runDir, stored, ingest, done);

  const missing: string[] = [];
  const packages: PackagedMarker[] = [];
  for (const ref of ingest.parts) {
    const m = packagedDone(runDir, ref.partId);
    if (m) packages.push(m);
    else missing.push(ref.partId);
  }
  if (missing.length) {
    throw new Error(`run ${stored.runId}: cannot finalize, ${missing.length} part(s) not packaged yet (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})`);
  }
  const reconciliation = buildReconciliation(stored, ingest.counts);
  if (!reconciliation.balanced) {
    throw new Error(`run ${stored.runId}: counts do not balance (input ${ingest.counts.input}); see ${paths.reconciliation}`);
  }
  const manifest = buildRunManifest(stored, ingest, packages);
  await writeJsonAtomic(paths.reconciliation, reconciliation);
  await ports.appendAudit(runDir, {
    action: 'run.finalized',
    details: { runId: stored.runId, packages: packages.length, printed: ingest.counts.printed, pieces: ingest.counts.pieces, exceptions: ingest.counts.exceptions, suppressed: ingest.counts.suppressed, late: manifest.late },
  });
  await writeJsonAtomic(paths.finalized, { runId: stored.runId });
  await writeJsonAtomic(paths.manifest, manifest);
  // scratch left by interrupted ingests (sort chunks hold personal data) and temp files of
  // interrupted writes: nothing needs them any more, and print/ must hold only sealed packages
  await rm(paths.tmpDir, { recursive: true, force: true });
  await removeStrayTemps(paths.printDir);
  for (const ref of ingest.parts) await removeStrayTemps(path.join(paths.partsDir, ref.partId));
  log.info('run finalized', { runId: stored.runId, parts: packages.length, printed: ingest.counts.printed, held: ingest.counts.exceptions, suppressed: ingest.counts.suppressed });
  return summaryOf(runDir, stored, ingest, manifest);
}
