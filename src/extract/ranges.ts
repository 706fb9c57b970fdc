/**
 * A sharded ingest's plan: the extract cut into byte ranges at line boundaries, each with the global
 * number of its first line (newlines counted while planning), so range jobs number lines as one
 * reader of the whole file would. One range (no cut) for a gzip file (it cannot be entered mid-way)
 * and for a CSV file with a newline inside quotes (a cut could fall inside that row).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Encoding } from '../domain/types';
import type { ByteRange } from './lines';
import { probeFile } from './lines';
import { detectFormat, rowBatches } from './rows';

/** Bytes per range when none are asked for: big enough that a job's start-up is noise, small enough to spread 10^7 records. */
export const RANGE_BYTES = 48 * 1024 * 1024;

export interface RangePlan {
  format: 'jsonl' | 'csv';
  /** What every range decodes with: a UTF-8 byte-order mark at the start means UTF-8, whatever was asked. */
  encoding: Encoding;
  size: number;
  mtimeMs: number;
  ranges: ByteRange[];
  /** CSV: the header's cells, read from the file's start (the later ranges have no header line). */
  csvHeader?: string[];
  /** Why the file is one range although more were asked for. */
  whole?: 'gzip' | 'quoted-newline';
}

/** Ranges for a file of `size` bytes when the ticket asks for none. */
export function rangesFor(size: number): number {
  return Math.max(1, Math.ceil(size / RANGE_BYTES));
}

export async function planRanges(file: string, opts: { encoding: Encoding; format?: 'jsonl' | 'csv'; ranges: number }): Promise<RangePlan> {
  const probe = probeFile(file);
  const st = statSync(file);
  const format = opts.format ?? detectFormat(file, probe.firstBytes, probe.gzip);
  const bom = probe.firstBytes.length >= 3 && probe.firstBytes[0] === 0xef && probe.firstBytes[1] === 0xbb && probe.firstBytes[2] === 0xbf;
  const base = { format, encoding: bom ? ('utf8' as const) : opts.encoding, size: st.size, mtimeMs: st.mtimeMs };
  const whole: ByteRange[] = [{ start: 0, end: st.size, firstLine: 1 }];
  if (probe.gzip) return { ...base, ranges: whole, ...(opts.ranges > 1 ? { whole: 'gzip' as const } : {}) };
  const want = Math.max(1, Math.min(opts.ranges, Math.floor(st.size / 2) || 1));
  const cuts = scanCuts(file, st.size, want, format === 'csv');
  if (cuts === 'quoted-newline') return { ...base, ranges: whole, whole: 'quoted-newline' };
  const ranges: ByteRange[] = [];
  let start = 0;
  let firstLine = 1;
  for (const c of cuts) {
    ranges.push({ start, end: c.at, firstLine });
    start = c.at;
    firstLine = c.line;
  }
  ranges.push({ start, end: st.size, firstLine });
  let csvHeader: string[] | undefined;
  if (format === 'csv' && ranges.length > 1) {
    for await (const batch of rowBatches(file, 'csv', { encoding: base.encoding }, () => undefined, false)) {
      if (batch.header) {
        csvHeader = batch.header.names;
        break;
      }
    }
  }
  return { ...base, ranges, ...(csvHeader ? { csvHeader } : {}) };
}

/**
 * RFC 4180 quoting as the CSV reader applies it, a byte at a time: a quote opens a quoted field only
 * at a field's start; a quote elsewhere makes the row a PARSE_ERROR that ends at its newline.
 * `newline()` says whether that newline ends a row (false: it is inside a quoted field).
 */
class CsvQuotes {
  private fieldStart = true;
  private quoted = false;
  private maybeClose = false; // a quote inside a quoted field: closes it unless another follows
  private dead = false; // the rest of this line cannot open a quote

  byte(c: number): void {
    if (this.maybeClose) {
      this.maybeClose = false;
      if (c === 34) return; // "" inside quotes
      this.quoted = false;
      if (c === 44) this.fieldStart = true;
      else this.dead = true;
      return;
    }
    if (this.dead) return;
    if (this.quoted) {
      if (c === 34) this.maybeClose = true;
      return;
    }
    if (c === 44) this.fieldStart = true;
    else if (c === 34 && this.fieldStart) {
      this.quoted = true;
      this.fieldStart = false;
    } else {
      if (c === 34) this.dead = true;
      this.fieldStart = false;
    }
  }

  newline(): boolean {
    if (this.maybeClose) {
      this.maybeClose = false;
      this.quoted = false;
    }
    if (this.quoted) return false;
    this.fieldStart = true;
    this.dead = false;
    return true;
  }
}

/**
 * The cuts: for each target k·size/n, the position just after the first newline at or past it (and
 * the number of the line starting there). CSV: quotes are followed, and a newline inside a quoted
 * field means no cut at all.
 */
function scanCuts(file: string, size: number, n: number, csv: boolean): { at: number; line: number }[] | 'quoted-newline' {
  const cuts: { at: number; line: number }[] = [];
  const quotes = csv ? new CsvQuotes() : null;
  const fd = openSync(file, 'r');
  try {
    const block = Buffer.allocUnsafe(1 << 20);
    let pos = 0;
    let lines = 1; // the number of the line that starts after the newline just seen
    let k = 1;
    let target = Math.floor(size / n);
    for (;;) {
      const got = readSync(fd, block, 0, block.length, pos);
      if (got === 0) break;
      const buf = block.subarray(0, got);
      let i = 0;
      for (;;) {
        const nl = buf.indexOf(10, i);
        if (quotes) {
          const stop = nl === -1 ? got : nl;
          for (let j = i; j < stop; j++) quotes.byte(buf[j] as number);
          if (nl !== -1 && !quotes.newline()) return 'quoted-newline';
        }
        if (nl === -1) break;
        lines++;
        const after = pos + nl + 1;
        if (k < n && after >= target && after < size) {
          cuts.push({ at: after, line: lines });
          while (k < n && target <= after) target = Math.floor((++k * size) / n);
        }
        i = nl + 1;
      }
      pos += got;
      // JSONL has no quoted newlines: once the last cut is made, the rest need not be read
      if (!csv && k >= n) break;
    }
  } finally {
    closeSync(fd);
  }
  return cuts;
}
