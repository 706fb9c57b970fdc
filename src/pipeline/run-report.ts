/**
 * Gathers what the run report shows from the run directory alone (manifest.json, state/ingest.json,
 * run.json, release.json, exceptions.jsonl, logs/siprint.log) and writes `report.html` atomically.
 * Called by finalize (one line) and again by `siprint release` so the page shows the release.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { appendAudit, REPORT_ACTION } from '../audit';
import { currentLang } from '../i18n';
import { buildRunReport, type HeldExample, type ReportPackage, type ReportStage, type RunReportInput, type StageName } from '../report/html';
import { writeFileAtomic } from '../run-dir/atomic';
import { sha256 } from '../run-dir/hash';
import { readJsonSync } from '../run-dir/json';
import type { IngestState } from '../run-dir/markers';
import { runPaths } from '../run-dir/paths';
import { deliveryView, readDeliveryEvents } from '../run-dir/delivery';
import { trackingView } from '../run-dir/tracking-view';
import { readRelease } from '../run-dir/release';
import { readStoredConfig } from '../run-dir/run-config';
import { packagedSheets } from './state';

const EXAMPLES_PER_REASON = 5;

interface ManifestRead {
  runId: string;
  year: number;
  mode: string;
  deadline: string;
  handoffBy: string;
  finishedOn: string;
  finishedLate: boolean;
  counts: RunReportInput['counts'];
  packages: (ReportPackage & { sha256: string })[];
}

/** First few exceptions per reason, in extract order (the file can be long: streamed). */
export async function exceptionExamples(file: string, perReason = EXAMPLES_PER_REASON, field: 'reason' | 'warning' = 'reason'): Promise<Record<string, HeldExample[]>> {
  const out: Record<string, HeldExample[]> = {};
  if (!existsSync(file)) return out;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    if (!text) continue;
    const e = JSON.parse(text) as { recordId: string | null; line: number; reason?: string; warning?: string; ssnMasked?: string };
    const list = (out[e[field] ?? ''] ??= []);
    if (list.length < perReason) list.push({ recordId: e.recordId, line: e.line, ...(e.ssnMasked ? { ssnMasked: e.ssnMasked } : {}) });
  }
  return out;
}

interface LogLine {
  time?: string;
  msg?: string;
  runId?: string;
  ms?: number;
}

const STAGE_OF: Record<string, StageName> = { 'ingest done': 'ingest', 'part rendered': 'render', 'part packaged': 'package' };

/**
 * Stage windows from the run log: each "ingest done" / "part rendered" / "part packaged" line carries
 * its end time and duration, so start = time − ms. Works the same for in-process and queue runs (all
 * workers log to the shared run directory). Finalize runs from the last package to its own "run
 * finalized" line or, while finalize is still running (the report is part of it), to `now`.
 */
export function stagesFromLog(text: string, runId: string, now: Date): { stages: ReportStage[]; runStartedAt?: string; finishedAt: string } {
  const acc = new Map<StageName, { start: number; end: number; busy: number; units: number }>();
  let created: number | undefined;
  let finalized: number | undefined;
  for (const raw of text.split('\n')) {
    if (!raw.startsWith('{')) continue;
    let l: LogLine;
    try {
      l = JSON.parse(raw) as LogLine;
    } catch {
      continue; // a torn last line of a killed process
    }
    if (l.runId !== runId || !l.time) continue;
    const t = Date.parse(l.time);
    if (l.msg === 'run created') created ??= t;
    if (l.msg === 'run finalized') finalized ??= t;
    const stage = l.msg ? STAGE_OF[l.msg] : undefined;
    if (!stage || typeof l.ms !== 'number') continue;
    const a = acc.get(stage) ?? { start: Infinity, end: -Infinity, busy: 0, units: 0 };
    a.start = Math.min(a.start, t - l.ms);
    a.end = Math.max(a.end, t);
    a.busy += l.ms;
    a.units += 1;
    acc.set(stage, a);
  }
  const stages: ReportStage[] = [];
  for (const name of ['ingest', 'render', 'package'] as const) {
    const a = acc.get(name);
    if (a) stages.push({ stage: name, startedAt: new Date(a.start).toISOString(), endedAt: new Date(a.end).toISOString(), busyMs: a.busy, units: a.units });
  }
  const end = finalized ?? now.getTime();
  const lastEnd = Math.max(...[...acc.values()].map((a) => a.end));
  if (Number.isFinite(lastEnd) && end >= lastEnd) {
    stages.push({ stage: 'finalize', startedAt: new Date(lastEnd).toISOString(), endedAt: new Date(end).toISOString(), busyMs: end - lastEnd, units: 1 });
  }
  return { stages, finishedAt: new Date(end).toISOString(), ...(created !== undefined ? { runStartedAt: new Date(created).toISOString() } : {}) };
}

/** Everything the page needs, read from a finalized run directory. */
export async function collectReportInput(runDir: string, now: Date = new Date()): Promise<RunReportInput> {
  const p = runPaths(runDir);
  const stored = readStoredConfig(runDir);
  const manifest = readJsonSync<ManifestRead>(p.manifest, 'manifest');
  const ingest = readJsonSync<IngestState>(p.ingestDone, 'ingest state');
  const logText = existsSync(p.log) ? readFileSync(p.log, 'utf8') : '';
  const { stages, runStartedAt, finishedAt } = stagesFromLog(logText, stored.runId, now);
  const release = readRelease(runDir);
  const c = ingest.counts;
  const delivery = deliveryView(manifest.packages, readDeliveryEvents(runDir), now, stored.printHouse?.ackWithinHours);
  const tracking = trackingView(runDir, now);
  return {
    generatedAt: now.toISOString(),
    // the run's file, in the run's language whoever rewrites it (a run from before run.json had one: this process's)
    lang: stored.lang ?? currentLang(),
    runId: manifest.runId,
    year: manifest.year,
    mode: manifest.mode,
    printDate: stored.printDate,
    deadline: manifest.deadline,
    handoffBy: manifest.handoffBy,
    finishedOn: manifest.finishedOn,
    finishedLate: manifest.finishedLate,
    ...(stored.operator ? { startedBy: stored.operator } : {}),
    counts: manifest.counts,
    pieces: c.pieces,
    sheets: packagedSheets(runDir, ingest.parts),
    byRegion: c.byRegion ?? {},
    heldByReason: c.heldByReason,
    suppressedByReason: c.suppressedByReason,
    examples: await exceptionExamples(p.exceptions),
    warningsByCode: c.warningsByCode ?? {},
    warningExamples: await exceptionExamples(p.warnings, EXAMPLES_PER_REASON, 'warning'),
    packages: manifest.packages.map((x) => ({
      path: x.path,
      batch: x.batch,
      part: x.part,
      pieces: x.pieces,
      statementPages: x.statementPages,
      envelopePages: x.envelopePages,
      bytes: x.bytes,
      ...(x.status ? { status: x.status } : {}),
    })),
    ...(runStartedAt ? { runStartedAt } : {}),
    runFinishedAt: finishedAt,
    stages,
    delivery,
    ...(tracking ? { tracking } : {}),
    ...(release
      ? { release: { required: true, status: release.status, ...(release.approvedBy ? { approvedBy: release.approvedBy } : {}), ...(release.approvedAt ? { approvedAt: release.approvedAt } : {}) } }
      : {}),
  };
}

/** Writes `<runDir>/report.html` and seals it (a `run.report` audit line with its SHA-256); returns its path. */
export async function writeRunReport(runDir: string, opts: { now?: Date } = {}): Promise<string> {
  const file = runPaths(runDir).report;
  const input = await collectReportInput(runDir, opts.now);
  const html = buildRunReport(input);
  await writeFileAtomic(file, html);
  await appendAudit(runDir, { action: REPORT_ACTION, details: { sha256: sha256(html) } }, opts.now);
  return file;
}
