/**
 * The extract a run was created from, by content: its SHA-256 and size are recorded at creation
 * (run.json, the `run.created` audit line, manifest.json), and whatever reads the extract again — a
 * resume, an ingest on a worker of another machine — refuses a file that is not the same.
 */
import { promises as fsp } from 'node:fs';
import { UsageError } from '../domain/errors';
import type { StoredRunConfig } from './run-config';
import { sha256OfFile } from './seal';

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
    if (required) throw new UsageError(`run ${stored.runId}: its extract ${stored.extract} is missing: put the file it was created from back (SHA-256 ${stored.extractSha256})`);
    return;
  }
  const now = { sha256: await sha256OfFile(stored.extract), bytes: st.size };
  if (now.sha256 !== stored.extractSha256 || now.bytes !== stored.extractBytes)
    throw new UsageError(
      `run ${stored.runId}: the extract ${stored.extract} is not the file the run was created from (now ${now.bytes} bytes, SHA-256 ${now.sha256.slice(0, 12)}…; ` +
        `created from ${String(stored.extractBytes)} bytes, ${stored.extractSha256.slice(0, 12)}…): put that file back, or start a new run`,
    );
}
