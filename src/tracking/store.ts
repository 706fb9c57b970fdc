/**
 * Taking a file in: under `tracking/lock`, the committed piece states are read, changed in memory,
 * the summary written, the audit line appended (once per file), and the new pieces.bin renamed over
 * the old — the rename is the commit. A crash anywhere before it leaves the old states; the file fed
 * again is then taken in from the start with the same k, so nothing is counted twice.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appendAudit } from '../audit';
import { writeRunReport } from '../pipeline/run-report';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import { writeFileAtomic, writeJsonAtomic } from '../run-dir/atomic';
import { lockFile } from '../run-dir/lock';
import { encodePieceStore, PIECES_FORMAT, readPieceStore, SLOT, trackingPaths, type AppliedFile, type PieceStore, type TrackingKind } from '../run-dir/tracking';
import type { PieceIndex } from './pieces';

/** The committed store, or an empty one for this run's pieces. */
export function loadStore(index: PieceIndex): PieceStore {
  const s = readPieceStore(index.runDir);
  if (!s) return { header: { format: PIECES_FORMAT, runId: index.runId, pieces: index.pieces, applied: [], packagesDispatched: {} }, slots: new Uint8Array(index.pieces * SLOT) };
  if (s.header.runId !== index.runId || s.header.pieces !== index.pieces)
    throw new InputError(t('tracking.storeMismatch', { file: trackingPaths(index.runDir).pieces, runId: s.header.runId, pieces: s.header.pieces, ours: index.pieces }));
  // a private copy: the buffer read from disk is changed in place
  return { header: s.header, slots: new Uint8Array(s.slots) };
}

export async function withTrackingLock<T>(runDir: string, work: () => Promise<T>): Promise<T> {
  const lock = await lockFile(trackingPaths(runDir).lock);
  if ('heldBy' in lock) throw new Error(t('tracking.locked', { runDir, holder: lock.heldBy }));
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

/** The file of this kind and SHA-256 already taken in, if any. */
export function alreadyApplied(store: PieceStore, kind: TrackingKind, sha256: string): AppliedFile | undefined {
  return store.header.applied.find((a) => a.kind === kind && a.sha256 === sha256);
}

export function nextK(store: PieceStore, kind: TrackingKind): number {
  return store.header.applied.filter((a) => a.kind === kind).length + 1;
}

export interface Commit {
  kind: TrackingKind;
  k: number;
  sha256: string;
  summary: object;
  audit: { action: string; operator: string; details: Record<string, unknown> };
  now: Date;
}

/** Summary, audit line (not again when a crashed attempt wrote it), then the store: the commit. */
export async function commitStore(runDir: string, store: PieceStore, c: Commit): Promise<void> {
  const paths = trackingPaths(runDir);
  await writeJsonAtomic(paths.summary(c.kind, c.k), c.summary);
  if (!auditHas(runDir, c.audit.action, c.sha256, c.k)) await appendAudit(runDir, { action: c.audit.action, operator: c.audit.operator, details: { k: c.k, sha256: c.sha256, ...c.audit.details } }, c.now);
  store.header.applied.push({ kind: c.kind, k: c.k, sha256: c.sha256 });
  await writeFileAtomic(paths.pieces, encodePieceStore(store), 0o600);
  // report.html shows every piece's state: made again after each file (as deliver and acks do)
  await writeRunReport(runDir, { now: c.now });
}

function auditHas(runDir: string, action: string, sha256: string, k: number): boolean {
  let text = '';
  try {
    text = readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8');
  } catch {
    return false;
  }
  for (const line of text.split('\n')) {
    if (!line.includes(sha256)) continue;
    try {
      const l = JSON.parse(line) as { action?: string; details?: { sha256?: string; k?: number } };
      if (l.action === action && l.details?.sha256 === sha256 && l.details.k === k) return true;
    } catch {
      // verify reports a damaged line
    }
  }
  return false;
}
