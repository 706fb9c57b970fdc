/**
 * Pure rules for cutting the presorted stream of pieces into parts: part and piece IDs are derived
 * from the batch and the position alone, so the same extract + ticket always gives the same IDs,
 * whichever process (or machine) does the ingest.
 */
import type { BatchCode, InsuredRecord, Piece, Recipient, SchemeName } from '../domain/types';
import type { PartRef } from '../run-dir/markers';

/** One letter per annual batch, S + one letter per scheme: short enough for the envelope and the DataMatrix. */
const SCHEME_TAGS: Record<SchemeName, string> = {
  pension: 'SP',
  medical: 'SM',
  unemployment: 'SU',
  injury: 'SI',
  maternity: 'SB', // 生育 (birth)
};

export function batchTag(batch: BatchCode): string {
  if (batch === 'E' || batch === 'R') return batch;
  return SCHEME_TAGS[batch.slice(2) as SchemeName];
}

/** Electronic parts and pieces carry EL before the batch: their own numbering, never a printed piece's ID. */
const EL = 'EL';

export function partIdOf(batch: BatchCode, part: number, electronic = false): string {
  return `${electronic ? `${EL}-` : ''}${batch}-${String(part).padStart(4, '0')}`;
}

/** `E00012345`: the batch tag + the 1-based position in the whole batch (8 digits, more if ever needed); `ELE00000001` electronic. */
export function pieceIdOf(batch: BatchCode, part: number, seq: number, piecesPerFile: number, electronic = false): string {
  return `${electronic ? EL : ''}${batchTag(batch)}${String((part - 1) * piecesPerFile + seq).padStart(8, '0')}`;
}

/** What ingest sorts: one future piece, before its position (and so its ID) is known. */
export interface SortEntry {
  batch: BatchCode;
  record: InsuredRecord;
  recipient: Recipient;
  electronic?: true;
  /** Computed by a sharded ingest's range job, so the serial merge only copies it. */
  verificationCode?: string;
}

export type { PartRef };

/**
 * Feeds sorted entries in; hands back each part as it fills (≤ piecesPerFile pieces, one batch and
 * one channel — printed or electronic — per part; the electronic ones come after the printed).
 * Holds at most one part in memory.
 */
export class PartSplitter {
  private current: Piece[] = [];
  private batch: BatchCode | undefined;
  private electronic = false;
  private part = 0;

  constructor(private readonly piecesPerFile: number) {
    if (!Number.isInteger(piecesPerFile) || piecesPerFile < 1) throw new Error(`piecesPerFile must be a positive integer, got ${piecesPerFile}`);
  }

  /** Returns a finished part when this entry starts a new batch or the current part was full. */
  push(entry: SortEntry): Piece[] | null {
    let done: Piece[] | null = null;
    const electronic = entry.electronic === true;
    if (entry.batch !== this.batch || electronic !== this.electronic) {
      done = this.take();
      this.batch = entry.batch;
      this.electronic = electronic;
      this.part = 1;
    } else if (this.current.length >= this.piecesPerFile) {
      done = this.take();
      this.part += 1;
    }
    const seq = this.current.length + 1;
    this.current.push({
      pieceId: pieceIdOf(entry.batch, this.part, seq, this.piecesPerFile, electronic),
      batch: entry.batch,
      part: this.part,
      seq,
      record: entry.record,
      recipient: entry.recipient,
      ...(electronic ? { electronic: true as const } : {}),
    });
    return done;
  }

  /** The last, partly filled part (or null). */
  flush(): Piece[] | null {
    return this.take();
  }

  private take(): Piece[] | null {
    if (this.current.length === 0) return null;
    const out = this.current;
    this.current = [];
    return out;
  }
}

export function partRefOf(pieces: Piece[]): PartRef {
  const first = pieces[0];
  if (!first) throw new Error('a part has at least one piece');
  return {
    partId: partIdOf(first.batch, first.part, first.electronic),
    batch: first.batch,
    part: first.part,
    pieces: pieces.length,
    ...(first.electronic ? { electronic: true as const } : {}),
  };
}

/** The order of batches in a run: annual E then R; scheme mode in the ticket's scheme order. */
export function batchOrder(mode: 'annual' | 'scheme', schemes?: readonly SchemeName[]): BatchCode[] {
  if (mode === 'annual') return ['E', 'R'];
  return (schemes ?? []).map((s): BatchCode => `S-${s}`);
}
