/**
 * The run's verification index (run-dir/code-index.ts), written at finalize from the archive and the
 * packaged parts, and by `siprint index` for a run that finished before the index existed.
 */
import path from 'node:path';
import { writeCodeIndex, type IndexMeta } from '../run-dir/code-index';
import { readStoredConfig } from '../run-dir/run-config';
import { ingestStateOf, packagedDone } from './state';

export async function buildCodeIndex(runDir: string): Promise<IndexMeta> {
  const stored = readStoredConfig(runDir);
  const packages = new Map<string, string>();
  for (const ref of ingestStateOf(runDir).parts) {
    const m = packagedDone(runDir, ref.partId);
    if (m) packages.set(ref.partId, path.basename(m.path));
  }
  return writeCodeIndex(runDir, stored.runId, (partId) => packages.get(partId));
}
