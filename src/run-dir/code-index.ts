/**
 * The verification index, `index/` of a run (docs/delivery.md §8): what the QR and the 校验码 lead to,
 * looked up in O(log n) without reading the archive.
 *
 *   index/codes.bin       "SIPIDX01", u32 count, u32 0, fanout[256] (u32: entries whose hash's first
 *                         byte ≤ b), then `count` entries of 24 bytes sorted by hash: 16 bytes of the
 *                         code's SHA-256, the record's offset in pieces.jsonl (u48) and length (u16), LE
 *   index/pieces.jsonl    one IndexedPiece per line: masked name and ssn, the agency's name; no address, no amount
 *   index/index.json      what was indexed (count, the two files' SHA-256)
 *   reprints/reprinted.jsonl  one line per reprinted piece, appended by `siprint reprint`
 *
 * index/ is written before the run's seal (run-dir/seal.ts), so `siprint verify` finds it changed.
 * Only the code's hash is stored, not the code: the index does not list the valid codes. `purge`
 * removes pieces.jsonl and keeps codes.bin, so a purged run's code is still known to be one (410).
 * Built by bucketing the entries on their first byte into scratch files and sorting one bucket at a
 * time: memory stays bounded whatever the run's size.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, mkdirSync, fstatSync, openSync, promises as fsp, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { maskName, maskSsn } from '../domain/masking';
import { t } from '../i18n';
import { archivedPartIds, archivePartLines, type ArchivedPiece } from './archive';
import { runPaths } from './paths';
import { readSealedFiles, sha256OfFile } from './seal';
import { writeChunksAtomic, writeFileAtomic, writeJsonAtomic } from './atomic';

export const INDEX_FORMAT = 'siprint-index/1';
const MAGIC = Buffer.from('SIPIDX01', 'latin1');
const FANOUT = 16;
const HEADER = FANOUT + 256 * 4;
const ENTRY = 24;
const HASH = 16;

export function indexPaths(runDir: string) {
  const dir = path.join(runDir, 'index');
  return {
    dir,
    codes: path.join(dir, 'codes.bin'),
    pieces: path.join(dir, 'pieces.jsonl'),
    meta: path.join(dir, 'index.json'),
    /** one line per reprinted piece, appended by `siprint reprint`: in reprints/, outside the run's seal */
    reprints: path.join(runDir, 'reprints', 'reprinted.jsonl'),
  };
}

/** One statement in the index: what a lookup may show, and where to find the rest. */
export interface IndexedPiece {
  pieceId: string;
  batch: string;
  /** the archive file holding the piece in full: archive/<partId>.jsonl.gz */
  partId: string;
  recordId: string;
  /** 张* */
  name: string;
  /** first 6 + ******** + last 4 */
  ssn: string;
  /** the issuing agency's name as the statement prints it: the record's own, not the ticket's (absent in older indexes) */
  agency?: string;
  /** the package file the piece went out in (print/<file>) */
  package?: string;
  /** an electronic statement (电子送达), not a mailed one */
  electronic?: true;
}

export interface IndexMeta {
  format: typeof INDEX_FORMAT;
  runId: string;
  pieces: number;
  codesSha256: string;
  piecesSha256: string;
}

/** The 16 bytes a normalized code (16 letters A–Z and digits 2–7) is filed under. */
export function codeHash(code: string): Buffer {
  return createHash('sha256').update(`siprint-code\u0000${code}`).digest().subarray(0, HASH);
}

/** Entries per bucket held before they are appended to its scratch file (64 KiB). */
const BUCKET_ENTRIES = Math.ceil(65536 / ENTRY);

/**
 * Entries appended to one scratch file per first byte, 64 KiB at a time, copied into one buffer per
 * bucket: no object per entry (a million small Buffers lived long enough to pile up in the old
 * generation, ≈ 250 MB at 10^6 pieces).
 */
class Buckets {
  private readonly pending: (Buffer | undefined)[] = new Array<Buffer | undefined>(256);
  private readonly fill = new Uint32Array(256);
  private readonly counts = new Uint32Array(256);
  constructor(private readonly dir: string) {}
  private file(b: number): string {
    return path.join(this.dir, `${b.toString(16).padStart(2, '0')}.bin`);
  }
  add(entry: Buffer): void {
    const b = entry[0] as number;
    const buf = (this.pending[b] ??= Buffer.allocUnsafe(BUCKET_ENTRIES * ENTRY));
    entry.copy(buf, this.fill[b], 0, ENTRY);
    this.fill[b] = (this.fill[b] as number) + ENTRY;
    this.counts[b] = (this.counts[b] as number) + 1;
    if ((this.fill[b]) === buf.length) this.spill(b);
  }
  private spill(b: number): void {
    const buf = this.pending[b];
    if (buf && this.fill[b]) appendFileSync(this.file(b), buf.subarray(0, this.fill[b]), { mode: 0o600 });
    this.fill[b] = 0;
  }
  count(b: number): number {
    return this.counts[b] as number;
  }
  /** The bucket's entries, sorted by hash (then by offset: equal codes in archive order). */
  sorted(b: number): Buffer {
    this.spill(b);
    if (!this.counts[b]) return Buffer.alloc(0);
    const all = readFileSync(this.file(b));
    const order = Array.from({ length: all.length / ENTRY }, (_, i) => i);
    order.sort((x, y) => all.compare(all, y * ENTRY, y * ENTRY + ENTRY, x * ENTRY, x * ENTRY + ENTRY));
    const out = Buffer.alloc(all.length);
    order.forEach((from, to) => all.copy(out, to * ENTRY, from * ENTRY, from * ENTRY + ENTRY));
    return out;
  }
}

/** One part's share of the index: its lines of pieces.jsonl and their entries, offsets counted from the part's first line. */
interface PartIndex {
  count: number;
  entries: Buffer;
  text: Buffer;
}

/** A part's share from its pieces, in print order. */
async function partIndexOf(partId: string, pkg: string | undefined, pieces: AsyncIterable<ArchivedPiece> | Iterable<ArchivedPiece>): Promise<PartIndex> {
  const entries: Buffer[] = [];
  const texts: string[] = [];
  let offset = 0;
  for await (const a of pieces) {
    const rec: IndexedPiece = { pieceId: a.pieceId, batch: a.batch, partId, recordId: a.record.recordId, name: maskName(a.record.person.name), ssn: maskSsn(a.record.person.ssn), agency: a.record.agency.name };
    if (pkg) rec.package = pkg;
    if (a.electronic) rec.electronic = true;
    const json = `${JSON.stringify(rec)}\n`;
    const len = Buffer.byteLength(json);
    const entry = Buffer.allocUnsafe(ENTRY);
    codeHash(a.verificationCode).copy(entry, 0);
    entry.writeUIntLE(offset, HASH, 6);
    entry.writeUInt16LE(len, HASH + 6);
    entries.push(entry);
    texts.push(json);
    offset += len;
  }
  return { count: entries.length, entries: Buffer.concat(entries), text: Buffer.from(texts.join('')) };
}

/** A part's share from its archive file (`seal`: the run's seal, when there is one, checked first). */
async function indexPartFromArchive(runDir: string, partId: string, pkg: string | undefined, seal: Awaited<ReturnType<typeof readSealedFiles>>): Promise<PartIndex> {
  async function* pieces(): AsyncGenerator<ArchivedPiece> {
    for await (const line of archivePartLines(runDir, partId, seal)) yield JSON.parse(line) as ArchivedPiece;
  }
  return partIndexOf(partId, pkg, pieces());
}

/*
 * A part's share made ahead by its render job (off finalize, which is serial): tmp/index/<partId>.bin =
 * "SIPIDP01", u32 count, u32 text bytes, the archive file's SHA-256 (32 bytes), u16 + the package file
 * name, the entries, the text. Finalize takes it only if the archive and the package name are still those.
 */
const PART_MAGIC = Buffer.from('SIPIDP01', 'latin1');
const partIndexFile = (runDir: string, partId: string) => path.join(runPaths(runDir).tmpDir, 'index', `${partId}.bin`);

/**
 * Called by the render job with the part's pieces it holds (`pkg`: the package file the part will be
 * sealed into); without `pieces`, they are read from the archive.
 */
export async function writePartIndex(runDir: string, partId: string, pkg: string, pieces?: readonly ArchivedPiece[]): Promise<void> {
  const archive = path.join(runPaths(runDir).archiveDir, `${partId}.jsonl.gz`);
  const sha = Buffer.from(await sha256OfFile(archive), 'hex');
  const part = pieces ? await partIndexOf(partId, pkg, pieces) : await indexPartFromArchive(runDir, partId, pkg, await readSealedFiles(runDir));
  const name = Buffer.from(pkg);
  const head = Buffer.alloc(PART_MAGIC.length + 8 + 32 + 2);
  PART_MAGIC.copy(head, 0);
  head.writeUInt32LE(part.count, 8);
  head.writeUInt32LE(part.text.length, 12);
  sha.copy(head, 16);
  head.writeUInt16LE(name.length, 48);
  const file = partIndexFile(runDir, partId);
  await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, Buffer.concat([head, name, part.entries, part.text]), 0o600);
}

/** The share its render job left, if it still matches the archive and the package name (else null: made again). */
async function readPartIndex(runDir: string, partId: string, pkg: string | undefined): Promise<PartIndex | null> {
  if (!pkg) return null;
  let data: Buffer;
  try {
    data = await fsp.readFile(partIndexFile(runDir, partId));
  } catch {
    return null;
  }
  if (data.length < 50 || !data.subarray(0, 8).equals(PART_MAGIC)) return null;
  const count = data.readUInt32LE(8);
  const textBytes = data.readUInt32LE(12);
  const nameBytes = data.readUInt16LE(48);
  const at = 50 + nameBytes;
  if (data.length !== at + count * ENTRY + textBytes || data.toString('utf8', 50, at) !== pkg) return null;
  const archive = path.join(runPaths(runDir).archiveDir, `${partId}.jsonl.gz`);
  if (data.toString('hex', 16, 48) !== (await sha256OfFile(archive))) return null;
  return { count, entries: data.subarray(at, at + count * ENTRY), text: data.subarray(at + count * ENTRY) };
}

/** Writes index/ from the archive; `packageOf` names each part's package file. The same archive gives the same bytes. */
export async function writeCodeIndex(runDir: string, runId: string, packageOf: (partId: string) => string | undefined): Promise<IndexMeta> {
  const p = indexPaths(runDir);
  const scratch = path.join(p.dir, `.build-${process.pid}`);
  await fsp.rm(scratch, { recursive: true, force: true });
  await fsp.mkdir(scratch, { recursive: true, mode: 0o700 });
  try {
    const buckets = new Buckets(scratch);
    let count = 0;
    const pieces = await writeChunksAtomic(
      p.pieces,
      async (write) => {
        let base = 0;
        const seal = await readSealedFiles(runDir);
        for (const partId of archivedPartIds(runDir)) {
          const pkg = packageOf(partId);
          // a sealed run (siprint index) is always read from its checked archive
          const part = (!seal && (await readPartIndex(runDir, partId, pkg))) || (await indexPartFromArchive(runDir, partId, pkg, seal));
          for (let at = 0; at < part.entries.length; at += ENTRY) {
            const entry = part.entries.subarray(at, at + ENTRY);
            entry.writeUIntLE(base + entry.readUIntLE(HASH, 6), HASH, 6);
            buckets.add(entry);
          }
          write(part.text);
          base += part.text.length;
          count += part.count;
        }
      },
      0o600,
    );
    const codes = await writeChunksAtomic(p.codes, (write) => {
      const head = Buffer.alloc(HEADER);
      MAGIC.copy(head, 0);
      head.writeUInt32LE(count, 8);
      let total = 0;
      for (let b = 0; b < 256; b++) head.writeUInt32LE((total += buckets.count(b)), FANOUT + b * 4);
      write(head);
      for (let b = 0; b < 256; b++) write(buckets.sorted(b));
    });
    const meta: IndexMeta = { format: INDEX_FORMAT, runId, pieces: count, codesSha256: codes.sha256, piecesSha256: pieces.sha256 };
    await writeJsonAtomic(p.meta, meta);
    return meta;
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}

export type Lookup = { found: IndexedPiece[] } | { purged: true } | { notFound: true };

/**
 * A run's codes.bin, open for lookups: a binary search within the code's first-byte bucket, a 24-byte
 * read per step. Reopened when the file was replaced (a rebuilt index).
 */
export class CodeIndex {
  private fd = -1;
  private ino = -1;
  private mtime = -1;
  private fanout = new Uint32Array(256);
  readonly paths: ReturnType<typeof indexPaths>;

  constructor(readonly runDir: string) {
    this.paths = indexPaths(runDir);
  }

  static exists(runDir: string): boolean {
    return existsSync(indexPaths(runDir).codes);
  }

  private open(): void {
    const st = statSync(this.paths.codes);
    if (this.fd >= 0 && st.ino === this.ino && st.mtimeMs === this.mtime) return;
    this.close();
    const fd = openSync(this.paths.codes, 'r');
    const head = Buffer.alloc(HEADER);
    if (readSync(fd, head, 0, HEADER, 0) !== HEADER || !head.subarray(0, 8).equals(MAGIC)) {
      closeSync(fd);
      throw new Error(t('index.notIndex', { file: this.paths.codes, runDir: this.runDir }));
    }
    const count = head.readUInt32LE(8);
    if (fstatSync(fd).size !== HEADER + count * ENTRY) {
      closeSync(fd);
      throw new Error(t('index.truncated', { file: this.paths.codes, runDir: this.runDir }));
    }
    for (let b = 0; b < 256; b++) this.fanout[b] = head.readUInt32LE(FANOUT + b * 4);
    this.fd = fd;
    this.ino = st.ino;
    this.mtime = st.mtimeMs;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /** The pieces filed under a normalized code (several only if two statements share it). */
  lookup(code: string): Lookup {
    this.open();
    const want = codeHash(code);
    const b = want[0] as number;
    let lo = b === 0 ? 0 : (this.fanout[b - 1] as number);
    let hi = this.fanout[b] as number;
    const entry = Buffer.alloc(ENTRY);
    const at = (i: number) => {
      readSync(this.fd, entry, 0, ENTRY, HEADER + i * ENTRY);
      return entry.compare(want, 0, HASH, 0, HASH);
    };
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at(mid) < 0) lo = mid + 1;
      else hi = mid;
    }
    const refs: { offset: number; length: number }[] = [];
    for (let i = lo; i < (this.fanout[255] as number) && at(i) === 0; i++) refs.push({ offset: entry.readUIntLE(HASH, 6), length: entry.readUInt16LE(HASH + 6) });
    if (refs.length === 0) return { notFound: true };
    let fd: number;
    try {
      fd = openSync(this.paths.pieces, 'r');
    } catch {
      return { purged: true };
    }
    try {
      return {
        found: refs.map((r) => {
          const buf = Buffer.alloc(r.length);
          readSync(fd, buf, 0, r.length, r.offset);
          return JSON.parse(buf.toString('utf8')) as IndexedPiece;
        }),
      };
    } finally {
      closeSync(fd);
    }
  }
}

/** One reprinted piece, as `siprint reprint` records it (no personal data). */
export interface ReprintLine {
  originalPieceId: string;
  pieceId: string;
  date: string;
  /** A reprint to a corrected address: that address's keyed hash (domain/keyed-hash), for returned mail. */
  addressHash?: string;
}

/** Appends the reprints of one package (one write: lines of concurrent reprints never interleave). */
export function appendReprints(runDir: string, lines: ReprintLine[]): void {
  if (!lines.length) return;
  const p = indexPaths(runDir);
  mkdirSync(path.dirname(p.reprints), { recursive: true, mode: 0o700 });
  appendFileSync(p.reprints, lines.map((l) => `${JSON.stringify(l)}\n`).join(''), { mode: 0o600 });
}

/** The lines of index/reprints.jsonl, in order (a torn last line of a crashed writer is left out). */
function reprintLines(runDir: string): ReprintLine[] {
  const file = indexPaths(runDir).reprints;
  if (!existsSync(file)) return [];
  const lines: ReprintLine[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      lines.push(JSON.parse(line) as ReprintLine);
    } catch {
      // a torn last line of a crashed writer
    }
  }
  return lines;
}

/** Reprints so far per original piece ID: how many, and the latest. */
export function readReprints(runDir: string): Map<string, { count: number; last: ReprintLine }> {
  const out = new Map<string, { count: number; last: ReprintLine }>();
  for (const r of reprintLines(runDir)) out.set(r.originalPieceId, { count: (out.get(r.originalPieceId)?.count ?? 0) + 1, last: r });
  return out;
}

/** Every reprinted piece by its own ID (`RP-…`): what `results` and `returns` resolve a reprint's scan with. */
export function readReprintPieces(runDir: string): Map<string, ReprintLine> {
  return new Map(reprintLines(runDir).map((r) => [r.pieceId, r]));
}
