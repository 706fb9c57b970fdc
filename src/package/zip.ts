import type archiverModule from 'archiver';
import * as zlib from 'node:zlib';
import { t } from '../i18n';

/** Loaded on first use: ~15 MB of code that render and ingest threads (which import this module's neighbours) never run. */
function loadArchiver(): typeof archiverModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('archiver') as typeof archiverModule;
}

/**
 * The date written into every entry. archiver stores DOS times from the UTC fields of the Date
 * (forceLocalTime off), so the bytes do not depend on the machine's time zone.
 */
export const FIXED_ZIP_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

export interface ZipEntryInput {
  name: string;
  data: Uint8Array;
}

/**
 * A ZIP whose entries are STORED (the PDFs are already deflated) with a fixed date and mode, in the
 * given order: same entries → same bytes. Data come from buffers, so archiver knows size and CRC up
 * front and writes no data descriptors.
 */
export async function storedZip(entries: ZipEntryInput[]): Promise<Uint8Array> {
  return new Uint8Array(Buffer.concat(await storedZipChunks(entries)));
}

/** The same ZIP as archiver's chunks, in order (the entries' own buffers among them): written from these, a part's ZIP is never copied whole. */
export async function storedZipChunks(entries: ZipEntryInput[]): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let i = 0;
  await writeStoredZip(() => Promise.resolve(entries[i++] ?? null), (chunk) => chunks.push(chunk));
  return chunks;
}

/**
 * The same ZIP written as it is made, with one entry in memory at a time: `next` gives the entries in
 * order (null: no more), each asked for once archiver has taken the one before. An electronic part's
 * 5,000 PDFs (≈ 340 MB) are never held together. An error of `next` or `write` is thrown as it is.
 */
export function writeStoredZip(next: () => Promise<ZipEntryInput | null>, write: (chunk: Buffer) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const archive = loadArchiver()('zip', { store: true, forceLocalTime: false, zlib: { level: 0 } });
    let failed = false;
    const stop = (err: unknown): void => {
      if (failed) return;
      failed = true;
      archive.abort();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    const fail = (err: Error): void => stop(new Error(`cannot build the package ZIP: ${err.message}`));
    archive.on('error', fail);
    // archiver reports odd situations (e.g. a missing file) as warnings: none is acceptable here.
    archive.on('warning', fail);
    archive.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        write(chunk);
      } catch (err) {
        stop(err);
      }
    });
    archive.on('end', () => {
      if (!failed) resolve();
    });
    const appendNext = async (): Promise<void> => {
      const e = await next();
      if (failed) return;
      if (!e) return archive.finalize();
      archive.append(Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength), { name: e.name, date: FIXED_ZIP_DATE, mode: 0o644, store: true });
    };
    archive.on('entry', () => void appendNext().catch(stop));
    void appendNext().catch(stop);
  });
}

export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  data: Uint8Array;
}

const CRC_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** zlib.crc32 (node ≥ 20.15, native, ~10× faster) when present; the table version otherwise. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export function crc32(data: Uint8Array): number {
  if (nativeCrc32) return nativeCrc32(data) >>> 0;
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)) >>> 0;
  return (c ^ 0xffffffff) >>> 0;
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
