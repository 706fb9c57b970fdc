import { hash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type KeyKind = 0 | 1; // 0 = recordId, 1 = ssn
const ENTRY = 21; // kind (1) + hash (16) + line (4, uint32 LE)
const BUFFER_ENTRIES = 1560; // ≈ 32 KiB per bucket buffer

/** Lines of the records that share a key with another record, mapped to the whole group (sorted lines). */
export type DuplicateGroups = Map<number, number[]>;

/** The bucket (of `buckets`) and the entry bytes of one key: the same for every range of a run, given its salt. */
function entryOf(salt: string, kind: KeyKind, key: string, line: number, buckets: number, out: Buffer, at: number): number {
  const h = hash('sha256', `${salt}${kind}${key}`, 'buffer');
  out[at] = kind;
  h.copy(out, at + 1, 0, 16);
  out.writeUInt32LE(line, at + 17);
  return ((h[0] ?? 0) << 8 | (h[1] ?? 0)) % buckets;
}

/** A new per-run salt (hex): kept in the run's scratch while a sharded ingest runs, so every range hashes alike. */
export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** Groups of one bucket's entries (every range's, in any order): lines sorted, keyed by each of their lines. */
export function addGroups(data: Buffer, into: { recordId: DuplicateGroups; ssn: DuplicateGroups }): void {
  const seen = new Map<string, number | number[]>();
  for (let at = 0; at + ENTRY <= data.length; at += ENTRY) {
    const key = data.toString('latin1', at, at + 17);
    const line = data.readUInt32LE(at + 17);
    const prev = seen.get(key);
    if (prev === undefined) seen.set(key, line);
    else if (typeof prev === 'number') seen.set(key, [prev, line]);
    else prev.push(line);
  }
  for (const [key, v] of seen) {
    if (typeof v === 'number') continue;
    v.sort((x, y) => x - y);
    const target = key.charCodeAt(0) === 0 ? into.recordId : into.ssn;
    for (const line of v) target.set(line, v);
  }
}

/**
 * Finds every record sharing a recordId or an ssn in bounded memory (10^7+ records).
 * Pass 1 hands each key here; its salted SHA-256 (128 bits kept: collisions are negligible even at
 * 10^9 keys; the per-run salt keeps ssns unrecoverable from the scratch files) picks one of K bucket
 * files in a private temp dir. Equal keys land in the same bucket, so `finish()` reads one bucket
 * at a time and keeps only the lines that occur in a group of two or more. Memory: K small write
 * buffers while adding, one bucket while finishing (K grows with the input), plus the duplicate lines.
 * Small inputs never touch the disk: a bucket is spilled only when its buffer fills.
 */
export class DuplicateFinder {
  private readonly buffers: Buffer[];
  private readonly fill: number[];
  private readonly spilled: boolean[];
  private dir: string | null = null;
  private readonly scratch = Buffer.allocUnsafe(ENTRY);

  constructor(
    private readonly buckets: number,
    private readonly tmpRoot: string = tmpdir(),
    private readonly salt: string = newSalt(),
    /** A sharded ingest's keys job: the bucket files go straight into this directory (kept: other jobs read them). */
    private readonly fixedDir?: string,
  ) {
    this.buffers = Array.from({ length: buckets }, () => Buffer.allocUnsafe(BUFFER_ENTRIES * ENTRY));
    this.fill = new Array<number>(buckets).fill(0);
    this.spilled = new Array<boolean>(buckets).fill(false);
  }

  /** K for an input of about `bytes`: ≈ 200k keys per bucket at ≥ 300 bytes a record. */
  static bucketsFor(bytes: number): number {
    const keys = (bytes / 300) * 2;
    return Math.min(4096, Math.max(8, Math.ceil(keys / 200_000)));
  }

  add(kind: KeyKind, key: string, line: number): void {
    const b = entryOf(this.salt, kind, key, line, this.buckets, this.scratch, 0);
    const buf = this.buffers[b] as Buffer;
    this.scratch.copy(buf, (this.fill[b] ?? 0) * ENTRY);
    this.fill[b] = (this.fill[b] ?? 0) + 1;
    if (this.fill[b] === BUFFER_ENTRIES) this.spill(b);
  }

  private bucketFile(b: number): string {
    if (this.fixedDir) return bucketFileIn(this.fixedDir, b);
    if (!this.dir) this.dir = mkdtempSync(path.join(this.tmpRoot, 'siprint-dup-'));
    return bucketFileIn(this.dir, b);
  }

  /** A keys job's end: every bucket's entries on disk (none for an empty bucket). */
  spillAll(): void {
    for (let b = 0; b < this.buckets; b++) if ((this.fill[b] ?? 0) > 0) this.spill(b);
  }

  private spill(b: number): void {
    const buf = this.buffers[b] as Buffer;
    appendFileSync(this.bucketFile(b), buf.subarray(0, (this.fill[b] ?? 0) * ENTRY));
    this.spilled[b] = true;
    this.fill[b] = 0;
  }

  /** Groups by recordId and by ssn; removes the scratch files. */
  finish(): { recordId: DuplicateGroups; ssn: DuplicateGroups } {
    const result = { recordId: new Map<number, number[]>(), ssn: new Map<number, number[]>() };
    try {
      for (let b = 0; b < this.buckets; b++) {
        const tail = (this.buffers[b] as Buffer).subarray(0, (this.fill[b] ?? 0) * ENTRY);
        addGroups(this.spilled[b] ? Buffer.concat([readFileSync(this.bucketFile(b)), tail]) : tail, result);
        this.buffers[b] = Buffer.alloc(0);
      }
    } finally {
      this.cleanup();
    }
    return result;
  }

  cleanup(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

/** A bucket's file in a directory of bucket files (a keys job's, or the in-process finder's scratch). */
export function bucketFileIn(dir: string, b: number): string {
  return path.join(dir, `bucket-${b}.bin`);
}
