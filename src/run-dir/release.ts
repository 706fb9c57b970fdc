/**
 * The release gate's record, `<runDir>/release.json`. A run whose ticket sets `requireApproval`
 * finishes with its packages sealed but `pending` (here and per package in manifest.json); only
 * `siprint release --approved-by` (a second operator) turns them `released`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { runPaths } from './paths';
import { t } from '../i18n';

export type PackageStatus = 'pending' | 'released';

export interface ReleaseRecord {
  format: 'siprint-release/1';
  runId: string;
  status: PackageStatus;
  /** The operator who started the run (run.json `operator`). */
  startedBy: string;
  /** The packages the decision covers, by path and SHA-256 (as sealed). */
  packages: { path: string; sha256: string }[];
  approvedBy?: string;
  approvedAt?: string;
}

export function readRelease(runDir: string): ReleaseRecord | undefined {
  const file = runPaths(runDir).release;
  if (!existsSync(file)) return undefined;
  let r: Partial<ReleaseRecord>;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as Partial<ReleaseRecord>;
  } catch {
    throw new Error(t('releaseFile.notJson', { file }));
  }
  if (r.format !== 'siprint-release/1' || (r.status !== 'pending' && r.status !== 'released')) {
    throw new Error(t('releaseFile.notRelease', { file, format: String(r.format), status: String(r.status) }));
  }
  return r as ReleaseRecord;
}
