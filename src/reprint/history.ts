/**
 * A run's written reprints, per person (record ID), from the audit log's `reprint.packaged` lines —
 * the hash-chained record, written only once a package is on disk. So 第N次 counts that person's
 * reprints, and a reprint that failed (audited `reprint.failed`) is never counted.
 * The reprint lock keeps the read, the check and the write of one reprint together: two reprints of
 * the same person at once cannot both find "none earlier today".
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AUDIT_FILE } from '../audit';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { lockFile } from '../run-dir/lock';
import { REPRINTS_DIR } from './seq';

export const REPRINT_PACKAGED = 'reprint.packaged';
export const REPRINT_FAILED = 'reprint.failed';

export interface PersonReprints {
  /** Reprint packages written for this record so far. */
  count: number;
  /** When the latest was written (ISO time of its audit line), and its piece ID. */
  lastTime: string;
  lastPieceId: string;
}

/** Written reprints per record ID. */
export function reprintHistory(runDir: string): Map<string, PersonReprints> {
  const out = new Map<string, PersonReprints>();
  const file = path.join(runDir, AUDIT_FILE);
  if (!existsSync(file)) return out;
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (!text.includes(REPRINT_PACKAGED)) continue;
    let line: { action?: string; time?: string; details?: { pieces?: { pieceId?: string; recordId?: string }[] } };
    try {
      line = JSON.parse(text) as typeof line;
    } catch {
      continue; // a damaged line is siprint verify's business
    }
    if (line.action !== REPRINT_PACKAGED) continue;
    // one package reprints a person once, whatever number of statements (per scheme) it holds
    const seen = new Set<string>();
    for (const p of line.details?.pieces ?? []) {
      if (!p.recordId || seen.has(p.recordId)) continue;
      seen.add(p.recordId);
      const had = out.get(p.recordId);
      out.set(p.recordId, { count: (had?.count ?? 0) + 1, lastTime: line.time ?? '', lastPieceId: p.pieceId ?? '' });
    }
  }
  return out;
}

const LOCK_WAIT_MS = 60_000;

/** Runs `fn` holding `<runDir>/reprints/reprint.lock` (waiting for another reprint of the run to end). */
export async function withReprintLock<T>(runDir: string, runId: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(runDir, REPRINTS_DIR, 'reprint.lock');
  const t0 = Date.now();
  for (;;) {
    const got = await lockFile(lock);
    if ('release' in got) {
      try {
        return await fn();
      } finally {
        await got.release();
      }
    }
    if (Date.now() - t0 > LOCK_WAIT_MS) {
      const [host, pid] = got.heldBy.split(' ');
      throw new UsageError(t('reprint.locked', { runId, seconds: LOCK_WAIT_MS / 1000, pid: pid ?? '?', host: host ?? '?', lock }));
    }
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 100));
  }
}
