import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import iconv from 'iconv-lite';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import type { Encoding } from '../domain/types';


/** One physical line of the extract. `text` is null when the line exceeded the length cap (its bytes were skipped). */
export interface RawLine {
  line: number; // 1-based
  text: string | null;
  /** Raw mode only: the undecoded bytes (BOM and CR removed); `text` is then '' (or null when too long). */
  bytes?: Buffer;
}

export interface LineReaderOptions {
  encoding: Encoding;
  /** Longest line kept in memory; longer lines are skipped and reported (PARSE_ERROR), never buffered whole. */
  maxLineBytes: number;
  /** Called per chunk with bytes read from the file (compressed bytes for .gz). */
  onBytes?: (fileBytesRead: number) => void;
  /** Hand out bytes instead of text, without decoding or checking them (a later decoding pass does). */
  raw?: boolean;
  /** One byte range of a plain file (a sharded ingest's range, cut after a newline): [start, end), its first line numbered `firstLine`. */
  range?: ByteRange;
}

/** A range of an extract's bytes that starts at a line; `firstLine` is the 1-based number of that line in the whole file. */
export interface ByteRange {
  start: number;
  end: number;
  firstLine: number;
}

const GB18030_REPLACEMENT_CHAR = Buffer.from([0x84, 0x31, 0xa4, 0x37]); // U+FFFD encoded in GB18030
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

/** Fails early with exit-2 errors when the file cannot be opened; tells whether it is gzip by its magic bytes. */
export function probeFile(file: string): { size: number; gzip: boolean; firstBytes: Buffer } {
  let fd: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError(t('extract.notRegular', { file }));
    fd = openSync(file, 'r');
    const head = Buffer.alloc(512);
    const n = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const firstBytes = head.subarray(0, n);
    return { size: st.size, gzip: n >= 2 && head[0] === 0x1f && head[1] === 0x8b, firstBytes };
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new InputError(t('err.extractUnreadable', { file, code }));
  }
}

/** Offset of the first byte that breaks UTF-8 (only called once a line is known to be invalid). */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const next = b[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
    }
    if (need > 0 && !isUtf8(b.subarray(i, i + need + 1))) return i; // overlong / surrogate forms
    i += need + 1;
  }
  return i;
}

/**
 * Streams the extract as physical lines (LF or CRLF), decoding each line on its own: LF is a single
 * byte 0x0A in both UTF-8 and GB18030 (never part of a multi-byte sequence), so splitting bytes first is
 * safe and lets us cap the line length without ever holding a giant line. A UTF-8 BOM is honoured
 * even with `encoding: 'gb18030'`. Undecodable bytes and broken gzip end the read with an InputError
 * naming the file and the byte position.
 */
/** A UTF-16 byte-order mark, or ASCII text with every other byte NUL (UTF-16 without a mark). */
function looksUtf16(b: Buffer): boolean {
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return true;
  return b.length >= 4 && ((b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) || (b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0));
}

export async function* readLines(file: string, opts: LineReaderOptions): AsyncGenerator<RawLine[]> {
  const { gzip } = probeFile(file);
  const range = opts.range;
  if (range && gzip) throw new Error(`extract ${file}: a gzip file is read whole, not by byte ranges`);
  // createReadStream's end is inclusive; a plan's ranges are never empty
  const rs = createReadStream(file, { highWaterMark: 1 << 20, ...(range ? { start: range.start, end: range.end - 1 } : {}) });
  const source: Readable = gzip ? pipeline(rs, createGunzip(), () => undefined) : rs;
  let encoding = opts.encoding;
  let lineNo = range ? range.firstLine - 1 : 0;
  let offset = range?.start ?? 0; // decompressed byte offset of the start of the current line
  let consumed = offset; // decompressed bytes seen
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let tooLong = false;

  const decode = (raw: Buffer, line: number, lineStart: number): RawLine => {
    let buf = raw;
    if (buf.length > 0 && buf[buf.length - 1] === 0x0d) buf = buf.subarray(0, buf.length - 1);
    if (line === 1 && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      buf = buf.subarray(3);
      lineStart += 3;
      encoding = 'utf8';
    }
    if (line === 1 && looksUtf16(buf)) {
      // else it is reported as bad UTF-8 with a GB18030 hint, which sends the operator the wrong way
      throw new InputError(t('extract.utf16', { file }));
    }
    if (opts.raw) return { line, text: '', bytes: buf };
    return { line, text: decodeText(buf, line, lineStart) };
  };
  const decodeText = (buf: Buffer, line: number, lineStart: number): string => {
    if (encoding === 'utf8') {
      if (!isUtf8(buf)) {
        const pos = lineStart + firstInvalidUtf8(buf);
        throw new InputError(t('extract.notUtf8', { file, gzip, pos, line }));
      }
      return buf.toString('utf8');
    }
    const text = iconv.decode(buf, 'gb18030');
    if (text.includes('\uFFFD') && !buf.includes(GB18030_REPLACEMENT_CHAR)) {
      throw new InputError(t('extract.notGb18030', { file, gzip, line, start: lineStart }));
    }
    return text;
  };

  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const out: RawLine[] = [];
      let pos = 0;
      for (;;) {
        const nl = chunk.indexOf(10, pos);
        if (nl === -1) {
          const part = chunk.subarray(pos);
          if (!tooLong) {
            if (pendingLen + part.length > opts.maxLineBytes) {
              tooLong = true;
              pending = [];
              pendingLen = 0;
            } else if (part.length > 0) {
              pending.push(part);
              pendingLen += part.length;
            }
          }
          break;
        }
        const part = chunk.subarray(pos, nl);
        lineNo++;
        if (tooLong || pendingLen + part.length > opts.maxLineBytes) {
          out.push({ line: lineNo, text: null });
        } else {
          const buf = pendingLen === 0 ? part : Buffer.concat([...pending, part], pendingLen + part.length);
          out.push(decode(buf, lineNo, offset));
        }
        offset = consumed + nl + 1;
        pending = [];
        pendingLen = 0;
        tooLong = false;
        pos = nl + 1;
      }
      consumed += chunk.length;
      opts.onBytes?.(rs.bytesRead);
      if (out.length > 0) yield out;
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (gzip && (e.code?.startsWith('Z_') || /unexpected end of file/i.test(e.message))) {
      throw new InputError(t('extract.gzipCorrupt', { file, at: rs.bytesRead, bytes: consumed, line: lineNo, error: e.message }));
    }
    throw new InputError(t('extract.readFailed', { file, at: rs.bytesRead, code: e.code ?? e.message }));
  } finally {
    rs.destroy();
  }
  if (tooLong || pendingLen > 0) {
    lineNo++;
    yield [tooLong ? { line: lineNo, text: null } : decode(Buffer.concat(pending, pendingLen), lineNo, offset)];
  }
}
