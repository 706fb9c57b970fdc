/**
 * The extract a run was created from, by content: its SHA-256 and size are recorded at creation
 * (run.json, the `run.created` audit line, manifest.json), and whatever reads the extract again — a
 * resume, an ingest on a worker of another machine — refuses a file that is not the same.
 */
import { promises as fsp } from 'node:fs';
import { UsageError } from '../domain/errors';
import type { StoredRunConfig } from './run-config';
import { sha256OfFile } from './seal';
import { t } from '../i18n';

export interface ExtractIdentity {
  sha256: string;
  bytes: number;
}

export async function extractIdentity(file: string): Promise<ExtractIdentity> {
  const st = await fsp.stat(file);
  return { sha256: await sha256OfFile(file), bytes: st.size };
}

/**
 * Throws UsageError (exit 2) when the run's extract file is not the one it was created from. A run
 * created before extracts were recorded has nothing to compare. `required`: a missing file is refused
 * too (the ingest needs it; a resume after the ingest does not).
 */
export async function checkSameExtract(stored: StoredRunConfig, required: boolean): Promise<void> {
  if (stored.extractSha256 === undefined) return;
  const st = await fsp.stat(stored.extract).catch(() => null);
  if (!st) {
    if (required) throw new UsageError(t('extract.missing', { runId: stored.runId, file: stored.extract, sha256: String(stored.extractSha256) }));
    return;
  }
  const now = { sha256: await sha256OfFile(stored.extract), bytes: st.size };
  if (now.sha256 !== stored.extractSha256 || now.bytes !== stored.extractBytes)
    throw new UsageError(
      t('extract.changed', { runId: stored.runId, file: stored.extract, bytes: now.bytes, sha256: now.sha256.slice(0, 12), wasBytes: String(stored.extractBytes), wasSha256: stored.extractSha256.slice(0, 12) }),
    );
}
