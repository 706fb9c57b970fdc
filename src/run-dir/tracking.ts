/**
 * The last mile's piece states (docs/delivery.md §3–6), under `<runDir>/tracking/`:
 *
 *   pieces.bin          one fixed-size slot per mailed piece (4 bytes), after a JSON header naming
 *                       every file taken in (kind, k, SHA-256): the piece-state store
 *   results-<k>.json    what results file k said (counts, duplicates, unknown, unreported)
 *   makeup-<k>.json     make-up package k: its file, SHA-256 and pieces
 *   dispatch-<k>.json   what dispatch file k said
 *   returns-<k>.json    what returns file k said
 *   lock                one writer at a time (results, makeup, dispatch, returns)
 *
 * Why this shape (docs/architecture.md): the slot of a piece is computed from its piece ID (batch tag +
 * position), so the store is 4 bytes a piece (40 MB at 10^7) with no index; the new pieces.bin replaces
 * the old by rename only after a whole file was read, so a crash mid-file leaves the old state (and the
 * header, which names the files it holds, makes the same file twice a no-op). A summary file is written
 * before the rename, so one whose SHA-256 the header does not name is not taken in (it is rewritten, the
 * same, when the file is fed again). No personal data: piece IDs, counts, file hashes.
 * This module holds the format and the readers (status, report, deliver, verify read them); src/tracking
 * writes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../domain/errors';
import { t } from '../i18n';

export const PIECES_FORMAT = 'siprint-pieces/1';
const MAGIC = Buffer.from('SIPRINT-PIECES1\n');
/** Bytes per piece: flags, make-up round, dispatch day (uint16, days since 1970-01-01). */
export const SLOT = 4;

/** The result codes an inserter reports (docs/delivery.md §3); slot value = index + 1 (0 = none). */
export const RESULT_STATUSES = ['ok', 'outsorted', 'damaged', 'jammed', 'missing'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** Flag bits of a slot's first byte (bits 0–2: the latest result, 0 = none). */
export const F_STATUS = 0b111;
export const F_EVER_OK = 1 << 3;
/** In a make-up package whose result has not come back yet. */
export const F_MAKEUP_PENDING = 1 << 4;
export const F_RETURNED = 1 << 5;

export type TrackingKind = 'results' | 'makeup' | 'dispatch' | 'returns';

export interface AppliedFile {
  kind: TrackingKind;
  k: number;
  /** The SHA-256 of the file taken in (a make-up package: of the package). */
  sha256: string;
}

export interface PiecesHeader {
  format: typeof PIECES_FORMAT;
  runId: string;
  pieces: number;
  applied: AppliedFile[];
  /** dispatch by package: file → dispatchedOn (YYYY-MM-DD). */
  packagesDispatched: Record<string, string>;
}

export function trackingPaths(runDir: string) {
  const dir = path.join(runDir, 'tracking');
  return {
    dir,
    pieces: path.join(dir, 'pieces.bin'),
    lock: path.join(dir, 'lock'),
    summary: (kind: TrackingKind, k: number) => path.join(dir, `${kind}-${k}.json`),
  };
}

export interface PieceStore {
  header: PiecesHeader;
  /** `pieces × SLOT` bytes. */
  slots: Uint8Array;
}

export function encodePieceStore(s: PieceStore): Buffer {
  const head = Buffer.from(`${JSON.stringify(s.header)}\n`);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(head.length);
  return Buffer.concat([MAGIC, len, head, s.slots]);
}

/** The store as last committed, or undefined when nothing was taken in yet. */
export function readPieceStore(runDir: string): PieceStore | undefined {
  const file = trackingPaths(runDir).pieces;
  if (!existsSync(file)) return undefined;
  const buf = readFileSync(file);
  const bad = (why: string) => new InputError(`${file} is damaged (${why}): restore it from a backup, or remove tracking/ and take the files in again`);
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw bad('not a siprint piece-state file');
  const len = buf.readUInt32BE(MAGIC.length);
  const start = MAGIC.length + 4;
  let header: PiecesHeader;
  try {
    header = JSON.parse(buf.subarray(start, start + len).toString('utf8')) as PiecesHeader;
  } catch {
    throw bad('its header is not JSON');
  }
  if (header.format !== PIECES_FORMAT) throw bad(`format ${String(header.format)}`);
  const slots = new Uint8Array(buf.buffer, buf.byteOffset + start + len, buf.length - start - len);
  if (slots.length !== header.pieces * SLOT) throw bad(`${slots.length} bytes of slots for ${header.pieces} pieces`);
  return { header, slots };
}

/** Days since 1970-01-01 of a YYYY-MM-DD (the dispatch day in a slot). */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}
export function dayDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The summary files of one kind present on disk, by k (taken in or not: compare with the header). */
export function summaryFiles(runDir: string, kind: TrackingKind): number[] {
  const { dir } = trackingPaths(runDir);
  if (!existsSync(dir)) return [];
  const re = new RegExp(`^${kind}-(\\d+)\\.json$`);
  return readdirSync(dir)
    .map((n) => re.exec(n)?.[1])
    .filter((k): k is string => k !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** makeup-<k>.json: a make-up package (docs/delivery.md §4). */
export interface MakeupRecord {
  format: 'siprint-makeup/1';
  k: number;
  runId: string;
  /** `print/<runId>-MU-<k>.zip[.gpg]` */
  path: string;
  sha256: string;
  bytes: number;
  pieces: number;
  sheets: number;
  /** The piece IDs it holds, in print order. */
  pieceIds: string[];
  operator: string;
  approvedBy?: string;
  time: string;
}

/** The make-up packages the store has taken in (so deliver, status and verify see the same ones). */
export function readMakeups(runDir: string): MakeupRecord[] {
  const store = readPieceStore(runDir);
  if (!store) return [];
  return store.header.applied
    .filter((a) => a.kind === 'makeup')
    .map((a) => {
      const file = trackingPaths(runDir).summary('makeup', a.k);
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as MakeupRecord;
      } catch {
        throw new InputError(t('tracking.appliedMissing', { file, kind: 'makeup', k: a.k, runDir }));
      }
    });
}
