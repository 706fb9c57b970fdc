/** The extract's lines as rows: JSONL lines (or their keys), CSV rows (RFC 4180, quoted newlines), or a per-line parse error. */
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import { CsvHeader, parseCsvRow } from './csv';
import { bytesKeys, jsonKeys } from './keys';
import { DEFAULT_MAX_LINE_BYTES, readLines, type ByteRange, type RawLine } from './lines';
import type { ReadOptions } from './options';
import { EXTRACT_FIELDS } from './schema';

export type Row =
  | { line: number; error: string }
  | { line: number; fields: string[] }
  | { line: number; text: string } // a JSONL line, parsed only when validated (keeps garbage young)
  | { line: number; id: unknown; ssn: unknown };

const MAX_ROW_LINES = 20; // a quoted CSV field may span lines, but an unclosed quote must not swallow the file

export function detectFormat(file: string, firstBytes: Buffer, gzip: boolean): 'jsonl' | 'csv' {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.json')) return 'jsonl';
  if (name.endsWith('.csv')) return 'csv';
  if (gzip) return 'jsonl';
  const text = firstBytes.toString('latin1').replace(/^\xef\xbb\xbf/, '').trimStart();
  return text.startsWith('{') ? 'jsonl' : 'csv';
}

export function jsonError(err: unknown): string {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  // JSON.parse messages quote the input: keep only the position (no personal data in exceptions).
  return m ? t('exc.notJsonAt', { at: m[1] ?? '' }) : t('exc.notJson');
}

/** Groups physical lines into CSV rows (RFC 4180: quoted fields may hold newlines). */
class CsvRows {
  private acc: { text: string; lines: RawLine[] } | null = null;
  /** Fields per row once the header is known: a multi-line row of another width is a swallowed quote. */
  width: number | null = null;
  constructor(private readonly maxChars: number) {}

  push(l: RawLine, out: Row[]): void {
    let text: string;
    let lines: RawLine[];
    if (this.acc) {
      if (l.text === null) {
        this.abandon(out);
        this.push(l, out);
        return;
      }
      text = `${this.acc.text}\n${l.text}`;
      lines = [...this.acc.lines, l];
    } else {
      if (l.text === null) {
        out.push({ line: l.line, error: t('exc.tooLong') });
        return;
      }
      if (l.text === '') return; // blank line: not a record
      text = l.text;
      lines = [l];
    }
    const r = parseCsvRow(text);
    this.acc = { text, lines };
    if (r === 'open') {
      if (lines.length >= MAX_ROW_LINES || text.length > this.maxChars) this.abandon(out);
      return;
    }
    if (lines.length > 1 && (!Array.isArray(r) || (this.width !== null && r.length !== this.width))) {
      // the quote that opened this row was never meant to span lines: report its line, re-read the rest
      this.abandon(out);
      return;
    }
    this.acc = null;
    const first = (lines[0] as RawLine).line;
    if (Array.isArray(r)) out.push({ line: first, fields: r });
    else out.push({ line: first, error: t('exc.csvMalformed', { why: r.error }) });
  }

  /** An unclosed quote: the first line is one PARSE_ERROR, the lines after it are read again as rows. */
  private abandon(out: Row[]): void {
    const acc = this.acc;
    if (!acc) return;
    this.acc = null;
    out.push({ line: (acc.lines[0] as RawLine).line, error: t('exc.csvQuoteOpen') });
    for (const l of acc.lines.slice(1)) this.push(l, out);
  }

  end(out: Row[]): void {
    while (this.acc) this.abandon(out);
  }
}

/**
 * A header naming no field of the extract is another file, or one not split on commas: refuse it
 * whole rather than hold every row as MISSING_FIELD. A known name inside one cell means the delimiter.
 */
function checkKnownColumns(file: string, names: string[]): void {
  const known = (name: string) => EXTRACT_FIELDS.has(name.trim().split('.')[0] ?? '');
  if (names.some(known)) return;
  for (const [i, cell] of names.entries()) {
    const inside = cell.split(/[^A-Za-z0-9_.]+/).find((w) => w !== cell.trim() && known(w));
    if (inside) throw new InputError(t('input.csvDelimiter', { file, column: i + 1, name: inside }));
  }
  throw new InputError(t('input.csvNoKnownColumn', { file }));
}

/** Where a sharded ingest's range job reads: its bytes, and (CSV, but the first range) the header read from the file's start. */
export interface RowRange {
  range: ByteRange;
  csvHeader?: string[];
}

/** Streams rows: JSON values for JSONL, field arrays (after the header) for CSV, or a per-line parse error. */
export async function* rowBatches(
  file: string,
  format: 'jsonl' | 'csv',
  opts: Pick<ReadOptions, 'encoding' | 'maxLineBytes'> & { shard?: RowRange },
  onBytes: (n: number) => void,
  keysOnly: boolean,
): AsyncGenerator<{ header: CsvHeader | null; rows: Row[] }> {
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const encoding = opts.encoding ?? 'utf8';
  // pass 1 over UTF-8 JSONL reads keys from the bytes; undecodable text is found by pass 2
  const raw = keysOnly && format === 'jsonl' && encoding === 'utf8';
  const lines = readLines(file, { encoding, maxLineBytes, onBytes, raw, ...(opts.shard ? { range: opts.shard.range } : {}) });
  if (format === 'jsonl') {
    for await (const batch of lines) {
      const rows: Row[] = [];
      for (const l of batch) {
        if (l.text === null) {
          rows.push({ line: l.line, error: t('exc.tooLongBytes', { max: maxLineBytes }) });
          continue;
        }
        if (l.bytes) {
          const keys = bytesKeys(l.bytes) ?? jsonKeys(l.bytes.toString('utf8'));
          if (keys) rows.push({ line: l.line, ...keys });
          continue;
        }
        if (l.text.trim() === '') continue; // blank line: not a record
        if (keysOnly) {
          const keys = jsonKeys(l.text);
          rows.push(keys ? { line: l.line, ...keys } : { line: l.line, error: t('exc.notJsonShort') });
          continue;
        }
        rows.push({ line: l.line, text: l.text });
      }
      yield { header: null, rows };
    }
    return;
  }
  const csv = new CsvRows(maxLineBytes);
  let header: CsvHeader | null = opts.shard?.csvHeader ? new CsvHeader(file, opts.shard.csvHeader) : null;
  if (header) csv.width = header.width;
  const take = (rows: Row[]): Row[] => {
    const data: Row[] = [];
    for (const r of rows) {
      if (!header) {
        if (!('fields' in r)) throw new InputError(t('extract.csvHeaderUnreadable', { file, line: r.line, error: 'error' in r ? r.error : '' }));
        checkKnownColumns(file, r.fields);
        header = new CsvHeader(file, r.fields);
        csv.width = header.width;
        continue;
      }
      if ('fields' in r && r.fields.length !== header.width) {
        data.push({ line: r.line, error: t('exc.csvWidth', { n: r.fields.length, header: header.width }) });
      } else data.push(r);
    }
    return data;
  };
  for await (const batch of lines) {
    const rows: Row[] = [];
    for (const l of batch) csv.push(l, rows);
    const data = take(rows);
    yield { header, rows: data };
  }
  const rest: Row[] = [];
  csv.end(rest);
  yield { header, rows: take(rest) };
}
