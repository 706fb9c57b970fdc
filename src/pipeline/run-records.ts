/** Writing the run's own records: reconciliation.json and manifest.json, then their seal in the audit log. */
import path from 'node:path';
import { appendAudit, RUN_RECORDS_ACTION } from '../audit';
import type { Reconciliation, RunManifest } from '../package/run-records';
import { writeFileAtomic } from '../run-dir/atomic';
import { sha256 } from '../run-dir/hash';
import { jsonBytes } from '../run-dir/json';
import { sealFiles } from '../run-dir/seal';

/**
 * Writes both files atomically, then appends the run's seal, an audit line (`run.records`) carrying
 * their SHA-256 and that of every other file the run has left (`files`, run-dir/seal), so that a later
 * edit of any of them is caught by `siprint verify` even when it keeps the counts consistent.
 */
export async function writeRunRecords(
  runDir: string,
  manifest: RunManifest,
  reconciliation: Reconciliation,
  opts: { operator?: string; now?: Date } = {},
): Promise<{ manifestSha256: string; reconciliationSha256: string }> {
  const recBytes = jsonBytes(reconciliation);
  const manBytes = jsonBytes(manifest);
  await writeFileAtomic(path.join(runDir, 'reconciliation.json'), recBytes);
  await writeFileAtomic(path.join(runDir, 'manifest.json'), manBytes);
  const hashes = { manifestSha256: sha256(manBytes), reconciliationSha256: sha256(recBytes) };
  await appendAudit(
    runDir,
    {
      action: RUN_RECORDS_ACTION,
      ...(opts.operator !== undefined ? { operator: opts.operator } : {}),
      details: { ...hashes, packages: manifest.packages.length, printed: manifest.counts.printed, finishedLate: manifest.finishedLate, files: await sealFiles(runDir) },
    },
    opts.now,
  );
  return hashes;
}
