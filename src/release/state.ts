/**
 * The release gate's record, `<runDir>/release.json`. A run whose ticket sets `requireApproval`
 * finishes with its packages sealed but `pending` (here and per package in manifest.json); only
 * `siprint release --approved-by` (a second operator) turns them `released`. Leaf module: no imports
 * from the pipeline, so the pipeline and the report can both read it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const RELEASE_FILE = 'release.json';

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

export function releasePath(runDir: string): string {
  return path.join(runDir, RELEASE_FILE);
}

export function readRelease(runDir: string): ReleaseRecord | undefined {
  const file = releasePath(runDir);
  if (!existsSync(file)) return undefined;
  let r: Partial<ReleaseRecord>;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as Partial<ReleaseRecord>;
  } catch {
    throw new Error(`${file} is not valid JSON: the release record is damaged (restore it, or re-run finalize)`);
  }
  if (r.format !== 'siprint-release/1' || (r.status !== 'pending' && r.status !== 'released')) {
    throw new Error(`${file} is not a siprint release record (format ${String(r.format)}, status ${String(r.status)})`);
  }
  return r as ReleaseRecord;
}

/** Operator IDs as the audit log takes them: short, printable, no spaces at the ends. */
export const OPERATOR_RE = /^[^\s\p{Cc}](?:[^\p{Cc}]{0,62}[^\s\p{Cc}])?$/u;

/** Same person? Operator IDs compare without case (wang.li = WANG.LI). */
export function sameOperator(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
