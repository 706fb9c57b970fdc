/**
 * The release gate's first half (ticket `requireApproval: true`): finalize seals the packages but
 * leaves them `pending` in release.json; `siprint release` (src/release), a second operator, releases them.
 */
import { appendAudit } from '../audit';
import { writeJsonAtomic } from '../run-dir/atomic';
import { runPaths } from '../run-dir/paths';
import { readRelease, type ReleaseRecord } from '../run-dir/release';
import type { StoredRunConfig } from '../run-dir/run-config';

export async function holdForApproval(runDir: string, stored: StoredRunConfig, packages: { path: string; sha256: string }[]): Promise<ReleaseRecord> {
  // a finalize that runs again (its marker removed) rebuilds the manifest: whatever was approved
  // before, the new packages need a new approval
  const existing = readRelease(runDir);
  const record: ReleaseRecord = {
    format: 'siprint-release/1',
    runId: stored.runId,
    status: 'pending',
    startedBy: stored.operator ?? 'unknown',
    packages: packages.map((p) => ({ path: p.path, sha256: p.sha256 })),
  };
  await writeJsonAtomic(runPaths(runDir).release, record);
  if (existing?.status !== 'pending') await appendAudit(runDir, { action: 'release.pending', details: { runId: stored.runId, packages: packages.length } });
  return record;
}
