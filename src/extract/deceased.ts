/**
 * Other departments' lists of people who have died (docs/extract-format.md, 部门间比对): CSV with a
 * header holding `ssn` or `ssnHash` (HMAC-SHA256 of the ssn under the run's verification key, hex)
 * and `diedOn` (YYYY-MM-DD). Each list is read once, as a stream, into a table keyed by that HMAC:
 * 16 bytes a slot (96 bits of the HMAC and the day), open addressing in a SharedArrayBuffer that the
 * judge threads share — a province's 10^6 lines take 32 MB, and no ssn is kept in the clear.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { InputError } from '../domain/errors';
import { ssnHash } from '../domain/keyed-hash';
import type { DeceasedListRef } from '../domain/types';
import { t } from '../i18n';

export type { DeceasedListRef } from '../domain/types';

/** The table's shared memory and the print date it is judged against: what a judge thread needs. */
export interface DeceasedSetup {
  slots: SharedArrayBuffer;
  /** The print date as YYYYMMDD: a death before it suppresses the record. */
  printDay: number;
  /** The verification key: the records' ssns are looked up by their HMAC under it. */
  key: string;
}

const SSN_RE = /^\d{17}[\dX]$/;
const HASH_RE = /^[0-9a-f]{64}$/;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD → YYYYMMDD, or null when it is no real date. */
export function dayNumber(s: string): number | null {
  const m = DAY_RE.exec(s);
  if (!m) return null;
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) return null;
  return Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
}

/** A person's key in the table: the keyed ssn hash a list's `ssnHash` column holds, as bytes. */
export function deceasedKey(key: string, ssn: string): Buffer {
  return Buffer.from(ssnHash(ssn, key), 'hex');
}

/** Open addressing over 4 × uint32 a slot: three words of the HMAC, then the day (0 = empty). */
export class DeceasedTable {
  private words: Uint32Array;
  private mask: number;
  size = 0;

  constructor(slots?: SharedArrayBuffer) {
    this.words = new Uint32Array(slots ?? new SharedArrayBuffer(16 * 1024));
    this.mask = this.words.length / 4 - 1;
  }

  get slots(): SharedArrayBuffer {
    return this.words.buffer as SharedArrayBuffer;
  }

  private find(h: Buffer): number {
    const a = h.readUInt32LE(0);
    const b = h.readUInt32LE(4);
    const c = h.readUInt32LE(8);
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const o = i * 4;
      if (this.words[o + 3] === 0 || (this.words[o] === a && this.words[o + 1] === b && this.words[o + 2] === c)) return o;
    }
  }

  /** The earliest death on the lists for this HMAC, as YYYYMMDD; undefined when not listed. */
  diedOn(h: Buffer): number | undefined {
    const day = this.words[this.find(h) + 3];
    return day === 0 ? undefined : day;
  }

  /** Adds a death; a person on several lines (or lists) keeps the earliest date. */
  add(h: Buffer, day: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const o = this.find(h);
    const had = this.words[o + 3] as number;
    if (had === 0) {
      this.words[o] = h.readUInt32LE(0);
      this.words[o + 1] = h.readUInt32LE(4);
      this.words[o + 2] = h.readUInt32LE(8);
      this.size++;
    }
    if (had === 0 || day < had) this.words[o + 3] = day;
  }

  private grow(): void {
    const old = this.words;
    this.words = new Uint32Array(new SharedArrayBuffer(old.byteLength * 2));
    this.mask = this.words.length / 4 - 1;
    const h = Buffer.alloc(12);
    for (let o = 0; o < old.length; o += 4) {
      if (old[o + 3] === 0) continue;
      h.writeUInt32LE(old[o] as number, 0);
      h.writeUInt32LE(old[o + 1] as number, 4);
      h.writeUInt32LE(old[o + 2] as number, 8);
      const n = this.find(h);
      this.words.set(old.subarray(o, o + 4), n);
    }
  }
}

/**
 * Reads the lists into one table, hashing each file as it streams (its SHA-256 for run.json and the
 * audit log). A bad header or line is an InputError naming the file and the line (never the ssn).
 */
export async function readDeceasedLists(files: readonly string[], key: string | undefined): Promise<{ table: DeceasedTable; lists: DeceasedListRef[]; key: string }> {
  const table = new DeceasedTable();
  const lists: DeceasedListRef[] = [];
  // without the run's key (a `check` with no SIPRINT_VERIFY_KEY), ssns are keyed under a key of this process only
  const used = key ?? randomBytes(32).toString('hex');
  for (const f of files) lists.push(await readOne(path.resolve(f), used, key !== undefined, table));
  return { table, lists, key: used };
}

async function readOne(file: string, key: string, keyKnown: boolean, table: DeceasedTable): Promise<DeceasedListRef> {
  const sha = createHash('sha256');
  let bytes = 0;
  let entries = 0;
  const input = createReadStream(file);
  input.on('data', (chunk) => {
    sha.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  });
  const parser = input.pipe(parse({ bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }));
  input.on('error', (err) => parser.destroy(err));
  let ssnCol = -1;
  let hashCol = -1;
  let dayCol = -1;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const row = rec.record;
      const line = rec.info.lines;
      if (dayCol === -1) {
        ssnCol = row.indexOf('ssn');
        hashCol = row.indexOf('ssnHash');
        dayCol = row.indexOf('diedOn');
        if (dayCol === -1 || (ssnCol === -1 && hashCol === -1)) throw new InputError(t('deceased.badHeader', { file }));
        continue;
      }
      const ssn = ssnCol >= 0 ? (row[ssnCol] ?? '') : '';
      const hash = hashCol >= 0 ? (row[hashCol] ?? '').toLowerCase() : '';
      const day = dayNumber(row[dayCol] ?? '');
      if (day === null) throw new InputError(t('deceased.badDay', { file, line }));
      if (ssn !== '') {
        if (!SSN_RE.test(ssn)) throw new InputError(t('deceased.badSsn', { file, line }));
        table.add(deceasedKey(key, ssn), day);
      } else if (HASH_RE.test(hash)) {
        if (!keyKnown) throw new InputError(t('deceased.needKey', { file }));
        table.add(Buffer.from(hash, 'hex'), day);
      } else throw new InputError(t('deceased.badHash', { file, line }));
      entries++;
    }
  } catch (err) {
    input.destroy();
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code?.startsWith('E') && !code.startsWith('CSV') ? t('deceased.unreadable', { file, code }) : t('deceased.badCsv', { file, why: (err as Error).message.split('\n')[0] ?? '' }));
  }
  if (dayCol === -1) throw new InputError(t('deceased.badHeader', { file }));
  return { file, sha256: sha.digest('hex'), bytes, entries };
}

/** The judge's question: is this ssn's person dead before the print date? (the death day as YYYY-MM-DD, else null) */
export function deathBefore(setup: { table: DeceasedTable; printDay: number; key: string }, ssn: string): string | null {
  const day = setup.table.diedOn(deceasedKey(setup.key, ssn));
  return day === undefined || day >= setup.printDay ? null : dayText(day);
}

/** YYYYMMDD → YYYY-MM-DD. */
export function dayText(day: number): string {
  const s = String(day);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}
