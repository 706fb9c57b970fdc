/**
 * The run's mailed pieces as slots 0..n-1 in print order (the parts of state/ingest.json, one after
 * another), and the way from a piece ID to its slot: a piece ID is its batch tag and its position in
 * the batch (`E00012345`, pipeline/split.ts), so the slot is arithmetic — no index of 10^7 IDs is
 * ever held or written.
 */
import { existsSync } from 'node:fs';
import { archiveFileLines, type ArchivedPiece } from '../run-dir/archive';
import { UsageError } from '../domain/errors';
import type { BatchCode } from '../domain/types';
import { t } from '../i18n';
import { batchTag, pieceIdOf } from '../pipeline/split';
import { partPaths, runPaths } from '../run-dir/paths';
import { slotParts, type SlotPart } from '../run-dir/tracking-view';
import { readStoredConfig, type StoredRunConfig } from '../run-dir/run-config';

export interface IndexedPart extends SlotPart {
  batch: BatchCode;
}

export interface PieceIndex {
  runId: string;
  runDir: string;
  stored: StoredRunConfig;
  pieces: number;
  parts: IndexedPart[];
  /** The slot of a piece ID of this run, or undefined. */
  slotOf(pieceId: string): number | undefined;
  pieceIdOf(slot: number): string;
  partOf(slot: number): IndexedPart;
}

/** A finished run's pieces (exit 2 when RUN_DIR is not one). */
export function pieceIndex(runDir: string): PieceIndex {
  const p = runPaths(runDir);
  if (!existsSync(p.config)) throw new UsageError(t('tracking.notRunDir', { runDir }));
  const stored = readStoredConfig(runDir);
  if (!existsSync(p.manifest) || !existsSync(p.finalized)) throw new UsageError(t('tracking.notFinished', { runId: stored.runId }));
  if (existsSync(p.purged)) throw new UsageError(t('tracking.purged', { runId: stored.runId }));
  const ppf = stored.piecesPerFile;
  const parts = slotParts(runDir) as IndexedPart[];
  const last = parts[parts.length - 1];
  const offset = last ? last.offset + last.pieces : 0;
  const byTagPart = new Map(parts.map((x) => [`${batchTag(x.batch)}|${x.part}`, x]));
  const ID = /^([A-Z]{1,2})(\d{8,})$/;
  const slotOf = (pieceId: string): number | undefined => {
    const m = ID.exec(pieceId);
    if (!m) return undefined;
    const ordinal = Number(m[2]);
    if (!Number.isSafeInteger(ordinal) || ordinal < 1) return undefined;
    const partNo = Math.floor((ordinal - 1) / ppf) + 1;
    const part = byTagPart.get(`${m[1]}|${partNo}`);
    const seq = ordinal - (partNo - 1) * ppf;
    if (!part || seq > part.pieces) return undefined;
    // the canonical spelling only (E00000001, not E000000001)
    if (pieceIdOf(part.batch, partNo, seq, ppf) !== pieceId) return undefined;
    return part.offset + seq - 1;
  };
  const partOf = (slot: number): IndexedPart => {
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((parts[mid]?.offset ?? 0) <= slot) lo = mid;
      else hi = mid - 1;
    }
    const part = parts[lo];
    if (!part) throw new Error(`slot ${slot} is outside the run's ${offset} pieces`);
    return part;
  };
  return {
    runId: stored.runId,
    runDir,
    stored,
    pieces: offset,
    parts,
    slotOf,
    pieceIdOf: (slot) => {
      const part = partOf(slot);
      return pieceIdOf(part.batch, part.part, slot - part.offset + 1, ppf);
    },
    partOf,
  };
}

/** What a camera or a scanner read: `]d2`? `<runId>|<pieceId>|<n>/<m>[|MU<k>]`, or a bare piece ID. */
export interface ScannedCode {
  runId?: string;
  pieceId: string;
  /** The make-up round of a make-up piece's code. */
  makeup?: number;
}

const AIM_DATAMATRIX = ']d2';

/** undefined when the text is not a piece code at all (reported as unknown, as a misread is). */
export function parseScannedCode(raw: string): ScannedCode | undefined {
  const text = raw.startsWith(AIM_DATAMATRIX) ? raw.slice(AIM_DATAMATRIX.length) : raw;
  const f = text.split('|');
  if (f.length === 1) return f[0] ? { pieceId: f[0] } : undefined;
  if (f.length < 3 || f.length > 4 || !f[0] || !f[1] || !/^\d+\/\d+$/.test(f[2] ?? '')) return undefined;
  if (f.length === 3) return { runId: f[0], pieceId: f[1] };
  const mu = /^MU(\d{1,3})$/.exec(f[3] ?? '');
  return mu ? { runId: f[0], pieceId: f[1], makeup: Number(mu[1]) } : undefined;
}

/** The archived pieces of these slots (ascending: print order), one part's archive at a time. */
export async function archivedPiecesOf(index: PieceIndex, slots: readonly number[]): Promise<ArchivedPiece[]> {
  const out: ArchivedPiece[] = [];
  let i = 0;
  for (const part of index.parts) {
    const wanted = new Set<number>();
    while (i < slots.length && (slots[i] ?? 0) < part.offset + part.pieces) wanted.add((slots[i++] ?? 0) - part.offset);
    if (wanted.size === 0) continue;
    let seq = 0;
    for await (const line of archiveFileLines(partPaths(index.runDir, part.partId).archive)) {
      if (wanted.has(seq)) {
        const a = JSON.parse(line) as ArchivedPiece;
        const expected = index.pieceIdOf(part.offset + seq);
        if (a.pieceId !== expected) throw new Error(t('makeup.archiveOrder', { partId: part.partId, seq: seq + 1, found: a.pieceId, expected }));
        out.push(a);
      }
      seq++;
    }
    if (out.length === 0 || seq < part.pieces) throw new Error(t('makeup.archiveShort', { partId: part.partId, lines: seq, pieces: part.pieces }));
  }
  return out;
}
