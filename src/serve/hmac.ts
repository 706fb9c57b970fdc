/**
 * Does the code really come from the statement's content under the agency's key? The index says a code
 * is on record (an archive lookup); this recomputes the HMAC from the archived record, when the
 * caller holds the key. Reads one part of the archive (≤ piecesPerFile pieces), not all of it.
 */
import path from 'node:path';
import { verificationKeyId } from '../pipeline/config';
import { verificationCode } from '../render/verification';
import { archivePartLines, type ArchivedPiece } from '../run-dir/archive';
import type { IndexedPiece } from '../run-dir/code-index';
import { runPaths } from '../run-dir/paths';
import type { StoredRunConfig } from '../run-dir/run-config';

export type HmacCheck =
  | { result: 'checks'; keyId: string }
  | { result: 'no_key' }
  | { result: 'other_key'; keyId: string; runKeyId: string }
  | { result: 'mismatch'; keyId: string }
  | { result: 'unreadable'; why: string };

export async function checkHmac(runDir: string, stored: StoredRunConfig, piece: IndexedPiece, code: string, key: string | undefined): Promise<HmacCheck> {
  if (!key) return { result: 'no_key' };
  const keyId = verificationKeyId(key);
  if (keyId !== stored.verificationKeyId) return { result: 'other_key', keyId, runKeyId: stored.verificationKeyId };
  const file = path.join(runPaths(runDir).archiveDir, `${piece.partId}.jsonl.gz`);
  try {
    // only the archive the run sealed: a changed one is named, not trusted
    for await (const line of archivePartLines(runDir, piece.partId)) {
      const a = JSON.parse(line) as ArchivedPiece;
      if (a.pieceId !== piece.pieceId) continue;
      return verificationCode(a.record, a.batch, stored.year, key) === code ? { result: 'checks', keyId } : { result: 'mismatch', keyId };
    }
    return { result: 'unreadable', why: `piece ${piece.pieceId} is not in ${file}` };
  } catch (err) {
    const why = (err as Error).message.split('\n')[0] ?? '';
    return { result: 'unreadable', why: why.includes(file) ? why : `${file}: ${why}` };
  }
}
