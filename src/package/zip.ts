import * as zlib from 'node:zlib';
import { t } from '../i18n';
import { crc32 } from '../run-dir/hash';

/** The date written into every entry (as DOS time from its UTC fields, so the bytes do not depend on the machine's time zone). */
export const FIXED_ZIP_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

/** An entry held in memory. */
export interface ZipEntryInput {
  name: string;
  data: Uint8Array;
}

/**
 * An entry read as the ZIP takes it, in blocks: its size and CRC-32 are known before (the local header,
 * written before the data, carries them — there is no data descriptor), and its blocks must give them.
 * The blocks are yielded as they come: a reader may reuse its buffer once the next is asked for.
 */
export interface ZipStreamedEntry {
  name: string;
  bytes: number;
  crc32: number;
  blocks: AsyncIterable<Uint8Array>;
}

export type ZipSource = ZipEntryInput | ZipStreamedEntry;

const DOS_TIME = ((d: Date): number =>
  (((d.getUTCFullYear() - 1980) << 25) | ((d.getUTCMonth() + 1) << 21) | (d.getUTCDate() << 16) | (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() / 2)) >>> 0)(FIXED_ZIP_DATE);
/** Version 1.0 needed (stored, no descriptor, no ZIP64); made by "Unix, 4.5"; -rw-r--r-- regular file + DOS archive bit. */
const NEEDED = 10;
const MADE_BY = (3 << 8) | 45;
const EXTERNAL = ((0o100644 << 16) | 0x20) >>> 0;
const MAX32 = 0xffffffff;

/**
 * A ZIP whose entries are STORED (the PDFs are already deflated) with a fixed date and mode, in the
 * given order: same entries → same bytes (those archiver 7 wrote for the same entries, which the pinned
 * run holds). Made as it is read: one block of one entry at a time, the entries' own buffers yielded
 * as they are. No ZIP64: a package over 4 GiB, or of 65,535 entries, is refused (readZip could not read it).
 */
export async function* storedZipChunks(entries: Iterable<ZipSource> | AsyncIterable<ZipSource>): AsyncGenerator<Uint8Array> {
  const central: Buffer[] = [];
  let offset = 0;
  const fail = (why: string): Error => new Error(`cannot build the package ZIP: ${why}`);
  for await (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const size = 'data' in e ? e.data.length : e.bytes;
    const crc = 'data' in e ? crc32(e.data) : e.crc32;
    if (offset + 30 + name.length + size > MAX32 || central.length === 0xfffe) throw fail(`${e.name}: the ZIP would pass 4 GiB or 65,535 entries`);
    // bit 11: the name is UTF-8 (set only when it is not ASCII, as archiver did)
    const flags = name.length !== e.name.length ? 0x0800 : 0;
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(NEEDED, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt32LE(DOS_TIME, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    name.copy(local, 30);
    const cd = Buffer.alloc(46 + name.length);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(MADE_BY, 4);
    cd.writeUInt16LE(NEEDED, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt32LE(DOS_TIME, 12);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(size, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(EXTERNAL, 38);
    cd.writeUInt32LE(offset, 42);
    name.copy(cd, 46);
    central.push(cd);
    offset += local.length + size;
    yield local;
    if ('data' in e) {
      if (size > 0) yield e.data;
      continue;
    }
    // the header is out: blocks that do not give its size and CRC would make a ZIP that lies
    let got = 0;
    let gotCrc = 0;
    for await (const block of e.blocks) {
      got += block.length;
      if (got > size) throw fail(`${e.name}: more than its ${size} bytes`);
      gotCrc = crc32(block, gotCrc);
      yield block;
    }
    if (got !== size) throw fail(`${e.name}: ${got} bytes, not ${size}`);
    if (gotCrc !== crc) throw fail(`${e.name}: its bytes do not have its CRC-32`);
  }
  const cdBytes = central.reduce((n, c) => n + c.length, 0);
  if (offset + cdBytes > MAX32) throw fail('the ZIP would pass 4 GiB');
  yield* central;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(cdBytes, 12);
  end.writeUInt32LE(offset, 16);
  yield end;
}

/** The same ZIP in one buffer (small packages: reprints). */
export async function storedZip(entries: Iterable<ZipSource> | AsyncIterable<ZipSource>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const c of storedZipChunks(entries)) chunks.push(c);
  return new Uint8Array(Buffer.concat(chunks));
}

export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  data: Uint8Array;
}

/**
 * Reads a ZIP from memory through its central directory (what `unzip` trusts), checking each entry's
 * local header, size and CRC. Stored and deflated entries; no ZIP64, no encryption (we never write them).
 * Throws an Error with one line saying what is wrong.
 */
export function readZip(zip: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocdMin = 22;
  if (buf.length < eocdMin) throw new Error(t('zip.tooShort'));
  let eocd = -1;
  for (let i = buf.length - eocdMin; i >= Math.max(0, buf.length - eocdMin - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(t('zip.noEnd'));
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new Error(t('zip.zip64'));
  if (cdOffset + cdSize > eocd) throw new Error(t('zip.directoryOutside'));
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new Error(t('zip.directoryEntry', { n: i + 1 }));
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) throw new Error(t('zip.encrypted', { name }));
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(t('zip.localHeader', { name }));
    const localName = buf.toString('utf8', localOffset + 30, localOffset + 30 + buf.readUInt16LE(localOffset + 26));
    if (localName !== name) throw new Error(t('zip.localName', { name, local: localName }));
    const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (start + compSize > buf.length) throw new Error(t('zip.truncated', { name }));
    const raw = buf.subarray(start, start + compSize);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) data = zlib.inflateRawSync(raw);
    else throw new Error(t('zip.method', { name, method }));
    if (data.length !== size) throw new Error(t('zip.size', { name, bytes: data.length, size }));
    if (crc32(data) !== crc) throw new Error(t('zip.crc', { name }));
    entries.push({ name, method, crc32: crc, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
  }
  return entries;
}
