/** What the audit log seals: the run records and a purge marker. */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { PURGE_ACTION } from '../audit';
import { sha256 } from '../run-dir/hash';

/**
 * The last audit line that sealed the run records (writeRunRecords) names the SHA-256 of manifest.json
 * and reconciliation.json: an edit of either after finalize shows here even if it keeps the counts
 * consistent. Runs finalized without writeRunRecords have no such line and are not faulted for it.
 */
export async function checkSealedRecords(runDir: string, auditLines: string[], problems: string[]): Promise<void> {
  for (let i = auditLines.length - 1; i >= 0; i--) {
    let details: unknown;
    try {
      details = (JSON.parse(auditLines[i]!) as { details?: unknown }).details;
    } catch {
      continue;
    }
    const d = details as { manifestSha256?: unknown; reconciliationSha256?: unknown } | undefined;
    if (typeof d?.manifestSha256 !== 'string') continue;
    for (const [file, want] of [
      ['manifest.json', d.manifestSha256],
      ['reconciliation.json', d.reconciliationSha256],
    ] as const) {
      if (typeof want !== 'string') continue;
      const bytes = await fsp.readFile(path.join(runDir, file)).catch(() => null);
      if (bytes && sha256(bytes) !== want) problems.push(`${file}: changed after the run sealed it (SHA-256 differs from audit.jsonl line ${i + 1})`);
    }
    return;
  }
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
    problems.push('purged.json: not sealed by a run.purged line of audit.jsonl (written or changed by hand); the packages it excuses are missing');
    return undefined;
  }
  try {
    const on = (JSON.parse(bytes.toString('utf8')) as { purgedOn?: unknown }).purgedOn;
    return typeof on === 'string' ? on : '?';
  } catch {
    return '?';
  }
}

