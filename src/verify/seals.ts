/** What the audit log seals: the run records and every file of the run, the report, a purge marker. */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { PURGE_ACTION, REPORT_ACTION, RUN_RECORDS_ACTION } from '../audit';
import { t } from '../i18n';
import { sha256 } from '../run-dir/hash';
import { sealableFiles, sha256OfFile } from '../run-dir/seal';

interface AuditEntry {
  action?: unknown;
  operator?: unknown;
  details?: Record<string, unknown>;
}

/** The audit lines parsed (null for a damaged line: the chain check reports it). */
export function auditEntries(auditLines: string[]): (AuditEntry | null)[] {
  return auditLines.map((l) => {
    try {
      return JSON.parse(l) as AuditEntry;
    } catch {
      return null;
    }
  });
}

function lastOf(entries: (AuditEntry | null)[], action: string): { i: number; d: Record<string, unknown> } | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]?.action === action) return { i, d: entries[i]!.details ?? {} };
  return undefined;
}

/** What a sealed purge removed on purpose (directories, and the index's masked records): gone, not changed. */
const PURGED_DIRS = ['archive/', 'parts/', 'tmp/', 'index/pieces.jsonl'];

/**
 * The run's seal, the last `run.records` line: it names the SHA-256 of manifest.json and
 * reconciliation.json and (`files`) of every other file the run left (run-dir/seal). A finished run
 * without one was not finalized by siprint, or its seal was cut off the end of the log. After the
 * seal: report.html matches its last `run.report` line and state/finalized.json agrees with the manifest.
 */
export async function checkSealedRecords(runDir: string, auditLines: string[], purged: boolean, problems: string[]): Promise<void> {
  const entries = auditEntries(auditLines);
  const seal = lastOf(entries, RUN_RECORDS_ACTION);
  if (!seal) {
    problems.push(t('verify.noSeal', { action: RUN_RECORDS_ACTION }));
    return;
  }
  const line = seal.i + 1;
  const sealed: [string, unknown][] = [
    ['manifest.json', seal.d.manifestSha256],
    ['reconciliation.json', seal.d.reconciliationSha256],
  ];
  const files = seal.d.files;
  const listed = files !== null && typeof files === 'object' ? Object.entries(files as Record<string, unknown>) : undefined;
  if (listed) sealed.push(...listed);
  for (const [rel, want] of sealed) {
    if (typeof want !== 'string' || path.isAbsolute(rel) || rel.split('/').includes('..')) continue;
    if (purged && PURGED_DIRS.some((d) => rel.startsWith(d))) continue;
    const file = path.join(runDir, rel);
    const got = await sha256OfFile(file).catch(() => null);
    if (got === null) problems.push(t('verify.sealedMissing', { file: rel, line }));
    else if (got !== want) problems.push(t('verify.sealedChanged', { file: rel, line }));
  }
  if (!listed) return; // sealed before the seal named every file: nothing more to compare
  const known = new Set(listed.map(([rel]) => rel));
  for (const rel of await sealableFiles(runDir)) if (!known.has(rel)) problems.push(t('verify.notInSeal', { file: rel, line }));

  const report = lastOf(entries, REPORT_ACTION);
  const html = await sha256OfFile(path.join(runDir, 'report.html')).catch(() => null);
  if (!report) {
    if (html !== null) problems.push(t('verify.reportUnsealed', { action: REPORT_ACTION }));
  } else if (html === null) problems.push(t('verify.reportMissing', { line: report.i + 1 }));
  else if (html !== report.d.sha256) problems.push(t('verify.reportChanged', { line: report.i + 1 }));
}

interface ManifestLike {
  runId: string;
  finishedOn?: string | undefined;
  packages: { path: string; sha256: string; status?: string | undefined }[];
}

async function readJsonFile(file: string): Promise<Record<string, unknown> | null | 'damaged'> {
  const text = await fsp.readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'damaged';
  }
}

/**
 * Files written after the seal, cross-checked: state/finalized.json against the manifest; release.json
 * against the manifest's package statuses and the audit log (who started the run, who approved it).
 */
export async function checkLateFiles(runDir: string, auditLines: string[], manifest: ManifestLike, problems: string[]): Promise<void> {
  const entries = auditEntries(auditLines);
  const fin = await readJsonFile(path.join(runDir, 'state', 'finalized.json'));
  if (fin === 'damaged') problems.push(t('verify.damaged', { file: 'state/finalized.json' }));
  else if (fin && (fin.runId !== manifest.runId || (manifest.finishedOn !== undefined && fin.finishedOn !== manifest.finishedOn)))
    problems.push(t('verify.finalizedDiffers', { runId: String(fin.runId), on: String(fin.finishedOn), manifestRunId: manifest.runId, manifestOn: String(manifest.finishedOn) }));

  const rel = await readJsonFile(path.join(runDir, 'release.json'));
  const statuses = new Set(manifest.packages.map((p) => p.status).filter((x) => x !== undefined));
  if (rel === null) {
    if (statuses.size > 0) problems.push(t('verify.releaseMissing', { statuses: [...statuses].join('/') }));
    return;
  }
  if (rel === 'damaged') {
    problems.push(t('verify.damaged', { file: 'release.json' }));
    return;
  }
  const created = entries.find((e) => e?.action === 'run.created');
  if (created && rel.startedBy !== created.operator) problems.push(t('verify.releaseStartedBy', { startedBy: String(rel.startedBy), operator: String(created.operator) }));
  const approvals = entries.filter((e) => e?.action === 'release.approved');
  if (rel.status === 'released') {
    if (!approvals.some((e) => e?.operator === rel.approvedBy)) problems.push(t('verify.releaseNoApproval', { approvedBy: String(rel.approvedBy) }));
  } else if (approvals.length > 0 && entries.findLastIndex((e) => e?.action === 'release.approved') > entries.findLastIndex((e) => e?.action === 'release.pending'))
    problems.push(t('verify.releasePending'));
  for (const s of statuses) if (s !== rel.status) problems.push(t('verify.packageStatus', { status: s, release: String(rel.status) }));
  const held = new Map(((rel.packages ?? []) as { path?: unknown; sha256?: unknown }[]).map((p) => [String(p.path), String(p.sha256)]));
  for (const p of manifest.packages) if (held.get(p.path) !== p.sha256) problems.push(t('verify.releaseCovers', { path: p.path }));
}

/**
 * A purged run (`purged.json`, written by `siprint purge`) is fine only when an audit line
 * `run.purged` seals the marker's SHA-256: a marker written by hand cannot excuse missing packages.
 * Returns the purge date when the purge is sealed.
 */
export async function checkPurge(runDir: string, auditLines: string[], problems: string[]): Promise<string | undefined> {
  const bytes = await fsp.readFile(path.join(runDir, 'purged.json')).catch(() => null);
  if (!bytes) return undefined;
  const h = sha256(bytes);
  const sealed = auditLines.some((l) => {
    try {
      const x = JSON.parse(l) as { action?: unknown; details?: { markerSha256?: unknown } };
      return x.action === PURGE_ACTION && x.details?.markerSha256 === h;
    } catch {
      return false;
    }
  });
  if (!sealed) {
    problems.push(t('verify.purgeUnsealed'));
    return undefined;
  }
  try {
    const on = (JSON.parse(bytes.toString('utf8')) as { purgedOn?: unknown }).purgedOn;
    return typeof on === 'string' ? on : '?';
  } catch {
    return '?';
  }
}

