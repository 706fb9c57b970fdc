/**
 * The release gate (ticket `requireApproval: true`): finalize seals the packages but leaves them
 * `pending`; `releaseRun` — a second operator, after checking the run — marks them `released`.
 * Every decision is in the audit log; manifest.json is rewritten with the new status and sealed again
 * (a fresh `run.records` line), so `siprint verify` holds before and after the release.
 */
import { existsSync, readFileSync } from 'node:fs';
import { appendAudit } from '../audit';
import { UsageError } from '../domain/errors';
import { isNamedOperator, isOperatorId, sameOperator } from '../domain/operator';
import type { Reconciliation, RunManifest } from '../package';
import { writeRunRecords } from '../pipeline/run-records';
import { writeRunReport } from '../pipeline/run-report';
import { writeJsonAtomic } from '../run-dir/atomic';
import { runPaths } from '../run-dir/paths';
import { readRelease, type ReleaseRecord } from '../run-dir/release';
import { readStoredConfig } from '../run-dir/run-config';
import { verifyRunDetailed } from '../verify';
import { t } from '../i18n';

/** The operator of the run's `run.created` audit line. */
function creatorOf(runDir: string): string | undefined {
  const text = existsSync(runPaths(runDir).audit) ? readFileSync(runPaths(runDir).audit, 'utf8') : '';
  for (const line of text.split('\n')) {
    if (!line.includes('"action":"run.created"')) continue;
    try {
      return (JSON.parse(line) as { operator?: string }).operator;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface ReleaseResult {
  record: ReleaseRecord;
  /** false when the run had already been released (nothing changed). */
  changed: boolean;
}

/**
 * Marks a finished run's pending packages `released`. UsageError (exit 2): not a finished run, no
 * approval required, a bad operator ID, or the operator who started the run. Error (exit 1): the
 * run does not pass `siprint verify` — nothing tampered with is ever released.
 */
export async function releaseRun(runDir: string, approvedBy: string, opts: { now?: Date } = {}): Promise<ReleaseResult> {
  const p = runPaths(runDir);
  if (!existsSync(p.config)) throw new UsageError(t('release.notRunDir', { runDir }));
  const stored = readStoredConfig(runDir);
  if (!isOperatorId(approvedBy)) throw new UsageError(t('release.badApprover', { approvedBy: JSON.stringify(approvedBy), rule: t('operator.rule') }));
  if (!isNamedOperator(approvedBy)) throw new UsageError(t('release.approverNobody', { approvedBy: String(approvedBy) }));
  if (!(existsSync(p.manifest) && existsSync(p.finalized))) {
    throw new UsageError(t('release.notFinished', { runId: stored.runId }));
  }
  const record = readRelease(runDir);
  if (!record) {
    throw new UsageError(t('release.noApproval', { runId: stored.runId }));
  }
  // who started the run, as the audit log (hash-chained) says: release.json alone could be edited
  const startedBy = creatorOf(runDir) ?? record.startedBy;
  if (!isNamedOperator(startedBy)) throw new UsageError(t('release.startedByNobody', { runId: stored.runId, startedBy: String(startedBy) }));
  if (sameOperator(startedBy, approvedBy) || sameOperator(record.startedBy, approvedBy)) {
    throw new UsageError(t('release.sameOperator', { runId: stored.runId, startedBy }));
  }
  if (record.status === 'released') return { record, changed: false };

  const { problems } = await verifyRunDetailed(runDir);
  if (problems.length) {
    throw new Error(t('release.verifyFails', { runId: stored.runId, count: problems.length, first: String(problems[0]) }));
  }
  const manifest = JSON.parse(readFileSync(p.manifest, 'utf8')) as RunManifest;
  const sealed = new Map(record.packages.map((x) => [x.path, x.sha256]));
  for (const pkg of manifest.packages) {
    if (sealed.get(pkg.path) !== pkg.sha256) throw new Error(t('release.packageChanged', { runId: stored.runId, path: pkg.path }));
  }
  const now = opts.now ?? new Date();
  // the decision first: a crash after it leaves the run pending and the release can simply be repeated
  await appendAudit(runDir, { action: 'release.approved', operator: approvedBy, details: { runId: stored.runId, startedBy: record.startedBy, packages: manifest.packages.length } }, now);
  const released: RunManifest = { ...manifest, packages: manifest.packages.map((x) => ({ ...x, status: 'released' as const })) };
  const reconciliation = JSON.parse(readFileSync(p.reconciliation, 'utf8')) as Reconciliation;
  await writeRunRecords(runDir, released, reconciliation, { operator: approvedBy, now });
  const done: ReleaseRecord = { ...record, status: 'released', approvedBy, approvedAt: now.toISOString() };
  await writeJsonAtomic(p.release, done);
  await writeRunReport(runDir, { now });
  return { record: done, changed: true };
}
