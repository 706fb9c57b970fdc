/**
 * Pure rules for cutting the presorted stream of pieces into parts: part and piece IDs are derived
 * from the batch and the position alone, so the same extract + ticket always gives the same IDs,
 * whichever process (or machine) does the ingest.
 */
import type { BatchCode, InsuredRecord, Recipient, SchemeName } from '../domain/types';
import type { PartRef } from '../run-dir/markers';
import type { Keyed } from './external-sort';

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

/**
 * What ingest sorts: one future piece, before its position (and so its ID) is known, as the external
 * sort's keyed text. `key`: presortOrder's. The text: batch, TAB, `e` if electronic, TAB, the
 * verification code (made before the sort: in a range job, in parallel), TAB, then the piece's
 * `"record":…,"recipient":…` exactly as JSON.stringify of the piece has them (JSON escapes control
 * characters: no raw TAB or newline in it), as UTF-8 — so the merge parses no record, serializes
 * none, and neither decodes nor encodes the text.
 */
export function sortEntry(key: string, batch: BatchCode, electronic: boolean, verificationCode: string, record: InsuredRecord, recipient: Recipient): Keyed {
  return { key, text: Buffer.from(`${batch}\t${electronic ? 'e' : ''}\t${verificationCode}\t"record":${JSON.stringify(record)},"recipient":${JSON.stringify(recipient)}`) };
}

export type { PartRef };

/** A part as the splitter hands it over: its ref, and each piece's JSON text in UTF-8 (as in the part and archive files), in order. */
export interface Part {
  ref: PartRef;
  texts: Buffer[];
}

const TAB = 0x09;

/**
 * Feeds sorted entries in; hands back each part as it fills (≤ piecesPerFile pieces, one batch and
 * one channel — printed or electronic — per part; the electronic ones come after the printed).
 * Holds at most one part in memory.
 */
export class PartSplitter {
  private texts: Buffer[] = [];
  private batch: BatchCode | undefined;
  private electronic = false;
  private part = 0;

  constructor(private readonly piecesPerFile: number) {
    if (!Number.isInteger(piecesPerFile) || piecesPerFile < 1) throw new Error(`piecesPerFile must be a positive integer, got ${piecesPerFile}`);
  }

  /** Returns a finished part when this entry starts a new batch or the current part was full. */
  push(entry: Keyed): Part | null {
    const { text } = entry;
    const t1 = text.indexOf(TAB);
    const t2 = text.indexOf(TAB, t1 + 1);
    const t3 = text.indexOf(TAB, t2 + 1);
    const batch = text.toString('latin1', 0, t1) as BatchCode;
    const electronic = t2 > t1 + 1;
    let done: Part | null = null;
    if (batch !== this.batch || electronic !== this.electronic) {
      done = this.take();
      this.batch = batch;
      this.electronic = electronic;
      this.part = 1;
    } else if (this.texts.length >= this.piecesPerFile) {
      done = this.take();
      this.part += 1;
    }
    const seq = this.texts.length + 1;
    const pieceId = pieceIdOf(batch, this.part, seq, this.piecesPerFile, electronic);
    // JSON.stringify({ ...piece, verificationCode }) byte for byte: a Piece's keys in its order, then the code
    this.texts.push(
      Buffer.concat([
        Buffer.from(`{"pieceId":${JSON.stringify(pieceId)},"batch":${JSON.stringify(batch)},"part":${this.part},"seq":${seq},`),
        text.subarray(t3 + 1),
        Buffer.from(`${electronic ? ',"electronic":true' : ''},"verificationCode":${JSON.stringify(text.toString('utf8', t2 + 1, t3))}}`),
      ]),
    );
    return done;
  }

  /** The last, partly filled part (or null). */
  flush(): Part | null {
    return this.take();
  }

  private take(): Part | null {
    if (this.texts.length === 0 || this.batch === undefined) return null;
    const texts = this.texts;
    this.texts = [];
    const ref: PartRef = {
      partId: partIdOf(this.batch, this.part, this.electronic),
      batch: this.batch,
      part: this.part,
      pieces: texts.length,
      ...(this.electronic ? { electronic: true as const } : {}),
    };
    return { ref, texts };
  }
}

/** The order of batches in a run: annual E then R; scheme mode in the ticket's scheme order. */
export function batchOrder(mode: 'annual' | 'scheme', schemes?: readonly SchemeName[]): BatchCode[] {
  if (mode === 'annual') return ['E', 'R'];
  return (schemes ?? []).map((s): BatchCode => `S-${s}`);
}
