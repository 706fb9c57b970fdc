/**
 * `siprint purge RUN_DIR --keep-audit`: after the retention period, removes a finished run's personal
 * data — archive/ (records, for reprints), parts/ (pieces and rendered PDFs), print/ (the packages:
 * names and addresses), tmp/, index/pieces.jsonl (masked names) — and keeps what accounts for the run: manifest.json, reconciliation.json,
 * exceptions.jsonl (masked ssns, reason codes, no names), run.json, state/, logs/ (no personal data by
 * rule), reprints/ (sequence numbers), index/codes.bin (code hashes: a purged run's code answers 410)
 * and audit.jsonl. It writes `purged.json` and seals its SHA-256
 * in the audit log, so `siprint verify` reports the run as purged, not broken — and catches a
 * `purged.json` written by hand to hide deleted packages.
 */
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import { appendAudit, PURGE_ACTION } from '../audit';
import { chinaDate } from '../domain/dates';
import { InputError, UsageError } from '../domain/errors';
import { t } from '../i18n';
import { SYSTEM_OPERATOR, defaultOperator, isOperatorId } from '../domain/operator';
import { writeFileAtomic } from '../run-dir/atomic';
import { sha256 } from '../run-dir/hash';
import { jsonBytes } from '../run-dir/json';
import { runPaths } from '../run-dir/paths';
import { readStoredConfig } from '../run-dir/run-config';
/** What holds personal data, relative to the run directory. */
export const PERSONAL_DIRS = ['archive', 'parts', 'print', 'tmp'] as const;
/** The verification index's records (masked names and ssns); its code hashes stay, so a code of a purged run answers 410. */
export const PERSONAL_FILES = [path.join('index', 'pieces.jsonl')] as const;

export interface PurgeMarker {
  format: 'siprint-purge/1';
  runId: string;
  purgedOn: string;
  operator: string;
  removed: string[];
  files: number;
  bytes: number;
}

export interface PurgeOptions {
  runDir: string;
  keepAudit: boolean;
  /** Refuse unless the run finished at least this many days ago. */
  olderThanDays?: number;
  /** Default: $USER, as for `run` (domain/operator). */
  operator?: string;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

async function tally(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const t = await tally(p);
      files += t.files;
      bytes += t.bytes;
    } else {
      files += 1;
      bytes += (await fsp.stat(p).catch(() => null))?.size ?? 0;
    }
  }
  return { files, bytes };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export async function purgeRun(opts: PurgeOptions): Promise<PurgeMarker> {
  const { runDir } = opts;
  const operator = defaultOperator(opts.operator, opts.env ?? process.env) ?? SYSTEM_OPERATOR;
  if (!isOperatorId(operator)) throw new UsageError(t('err.badOperator', { operator: JSON.stringify(operator), rule: t('operator.rule') }));
  if (!opts.keepAudit) throw new UsageError(t('purge.needsKeepAudit'));
  const stored = readStoredConfig(runDir);
  const p = runPaths(runDir);
  const marker = p.purged;
  if (existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, 'utf8')) as PurgeMarker;
    throw new InputError(t('purge.already', { runId: stored.runId, purgedOn: m.purgedOn }));
  }
  if (!existsSync(p.manifest) || !existsSync(p.finalized)) throw new InputError(t('purge.notFinished', { runId: stored.runId, runDir }));
  const manifest = JSON.parse(readFileSync(p.manifest, 'utf8')) as { finishedOn?: string };
  const now = opts.now ?? new Date();
  const today = chinaDate(now);
  if (opts.olderThanDays !== undefined) {
    if (!Number.isInteger(opts.olderThanDays) || opts.olderThanDays < 0) throw new UsageError(t('purge.badDays', { value: String(opts.olderThanDays) }));
    const finished = manifest.finishedOn ?? today;
    const age = daysBetween(finished, today);
    if (age < opts.olderThanDays) {
      throw new UsageError(t('purge.tooYoung', { runId: stored.runId, finished, age, days: opts.olderThanDays, left: opts.olderThanDays - age }));
    }
  }
  const removed: string[] = [];
  let files = 0;
  let bytes = 0;
  for (const d of PERSONAL_DIRS) {
    const dir = path.join(runDir, d);
    if (!existsSync(dir)) continue;
    const t = await tally(dir);
    await fsp.rm(dir, { recursive: true, force: true });
    removed.push(`${d}/`);
    files += t.files;
    bytes += t.bytes;
  }
  for (const f of PERSONAL_FILES) {
    const file = path.join(runDir, f);
    const st = await fsp.stat(file).catch(() => null);
    if (!st) continue;
    await fsp.rm(file, { force: true });
    removed.push(f);
    files += 1;
    bytes += st.size;
  }
  const m: PurgeMarker = { format: 'siprint-purge/1', runId: stored.runId, purgedOn: today, operator, removed, files, bytes };
  const markerBytes = jsonBytes(m);
  await writeFileAtomic(marker, markerBytes);
  await appendAudit(runDir, { action: PURGE_ACTION, operator: m.operator, details: { runId: stored.runId, removed, files, bytes, markerSha256: sha256(markerBytes) } }, now);
  return m;
}
