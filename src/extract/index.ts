import { statSync } from 'node:fs';
import { isMinor } from '../domain/minor';
import type { BatchCode, ExceptionEntry, InsuredRecord, Kind, PrintabilityCheck } from '../domain/types';
import { InputError } from '../domain/errors';
import { CsvHeader, parseCsvRow } from './csv';
import { DuplicateFinder, type DuplicateGroups } from './duplicates';
import type { Encoding } from '../domain/types';
import { DEFAULT_MAX_LINE_BYTES, probeFile, readLines, type RawLine } from './lines';
import { validateRecord } from './schema';

export { validateRecord } from './schema';
export { CsvHeader } from './csv';
export type { Encoding } from '../domain/types';

export type { PrintabilityCheck } from '../domain/types';

export interface ExtractProgress {
  bytesRead: number; // bytes of the file read so far (compressed bytes for .gz)
  totalBytes: number;
  records: number; // lines/rows seen so far in this pass
  pass: 1 | 2; // 1 = duplicate scan, 2 = validation
}

export interface ReadOptions {
  year: number;
  encoding?: Encoding;
  /** Default: from the file name (.jsonl/.ndjson/.csv, optionally .gz), else sniffed from the first byte. */
  format?: 'jsonl' | 'csv';
  printable?: PrintabilityCheck; // applied only to otherwise valid, mailable records
  onProgress?: (p: ExtractProgress) => void;
  tmpDir?: string; // scratch for the bounded-memory duplicate detection
  maxLineBytes?: number; // default 1 MiB; longer lines are PARSE_ERROR
}

export type ExtractItem =
  | { type: 'record'; record: InsuredRecord } // valid and to be mailed
  | { type: 'exception'; entry: ExceptionEntry }; // held (reason code) or suppressed (DELIVERY_*)

type Row =
  | { line: number; error: string }
  | { line: number; fields: string[] }
  | { line: number; text: string } // a JSONL line, parsed only when validated (keeps garbage young)
  | { line: number; id: unknown; ssn: unknown };

const FAST_ID = /^\{"recordId":"([^"\\]*)"/;
const FAST_SSN = /"person":\{(?:"[A-Za-z]+":"[^"\\{}]*",)*"ssn":"([^"\\]*)"/;
const once = (text: string, key: string): boolean => {
  const i = text.indexOf(key);
  return i !== -1 && text.indexOf(key, i + 1) === -1;
};

/**
 * Pass 1 only needs recordId and person.ssn. For the usual compact line
 * (`{"recordId":"…",…,"person":{"name":"…","ssn":"…"`, each key once) regular expressions read them
 * without building the object — half the cost of a second JSON.parse. Anything else is parsed.
 */
const B_ID_PREFIX = Buffer.from('{"recordId":"');
const B_RECORD_ID = Buffer.from('"recordId"');
const B_PERSON = Buffer.from('"person"');
const B_PERSON_OPEN = Buffer.from('"person":{');
const B_SSN = Buffer.from('"ssn"');
const onceIn = (b: Buffer, key: Buffer): boolean => {
  const i = b.indexOf(key);
  return i !== -1 && b.indexOf(key, i + 1) === -1;
};
/** ASCII bytes without quote or backslash in [from, to). */
function plainAscii(b: Buffer, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = b[k] ?? 0;
    if (c >= 0x80 || c === 0x5c) return false;
  }
  return true;
}

/**
 * The same fast path as `jsonKeys`, on undecoded UTF-8 bytes (no string is built for the line):
 * in UTF-8 every byte < 0x80 is that ASCII character, so the structural search is exact.
 */
function bytesKeys(b: Buffer): { id: unknown; ssn: unknown } | null {
  const n = b.length;
  if (n < 20 || b[n - 1] !== 0x7d || b.compare(B_ID_PREFIX, 0, B_ID_PREFIX.length, 0, B_ID_PREFIX.length) !== 0) return null;
  if (!onceIn(b, B_RECORD_ID) || !onceIn(b, B_PERSON) || !onceIn(b, B_SSN)) return null;
  const idStart = B_ID_PREFIX.length;
  const idEnd = b.indexOf(0x22, idStart);
  if (idEnd < 0 || !plainAscii(b, idStart, idEnd)) return null;
  let p = b.indexOf(B_PERSON_OPEN);
  if (p < 0) return null;
  p += B_PERSON_OPEN.length;
  // `"key":"value",` pairs of plain strings until "ssn"
  for (;;) {
    if (b[p] !== 0x22) return null;
    const keyStart = ++p;
    while (p < n && (((b[p] ?? 0) | 0x20) >= 0x61 && ((b[p] ?? 0) | 0x20) <= 0x7a)) p++;
    if (p === keyStart || b[p] !== 0x22 || b[p + 1] !== 0x3a || b[p + 2] !== 0x22) return null;
    const isSsn = p - keyStart === 3 && b[keyStart] === 0x73 && b[keyStart + 1] === 0x73 && b[keyStart + 2] === 0x6e;
    p += 3;
    const valueStart = p;
    while (p < n && b[p] !== 0x22) {
      const c = b[p];
      if (c === 0x5c || c === 0x7b || c === 0x7d) return null;
      p++;
    }
    if (p >= n) return null;
    if (isSsn) {
      if (!plainAscii(b, valueStart, p)) return null;
      return { id: b.toString('latin1', idStart, idEnd), ssn: b.toString('latin1', valueStart, p) };
    }
    if (b[++p] !== 0x2c) return null;
    p++;
  }
}

function jsonKeys(text: string): { id: unknown; ssn: unknown } | null {
  if (text.charCodeAt(text.length - 1) === 125 && once(text, '"recordId"') && once(text, '"person"') && once(text, '"ssn"')) {
    const id = FAST_ID.exec(text);
    const ssn = id ? FAST_SSN.exec(text) : null;
    if (id && ssn) return { id: id[1], ssn: ssn[1] };
  }
  try {
    const o = JSON.parse(text) as unknown;
    if (o === null || typeof o !== 'object') return null;
    const r = o as { recordId?: unknown; person?: { ssn?: unknown } | null };
    return { id: r.recordId, ssn: r.person?.ssn };
  } catch {
    return null;
  }
}

const MAX_ROW_LINES = 20; // a quoted CSV field may span lines, but an unclosed quote must not swallow the file

export function detectFormat(file: string, firstBytes: Buffer, gzip: boolean): 'jsonl' | 'csv' {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.json')) return 'jsonl';
  if (name.endsWith('.csv')) return 'csv';
  if (gzip) return 'jsonl';
  const text = firstBytes.toString('latin1').replace(/^\xef\xbb\xbf/, '').trimStart();
  return text.startsWith('{') ? 'jsonl' : 'csv';
}

function jsonError(err: unknown): string {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  // JSON.parse messages quote the input: keep only the position (no personal data in exceptions).
  return m ? `line is not valid JSON (error at character ${m[1]})` : 'line is not valid JSON';
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
        out.push({ line: l.line, error: 'line is longer than the limit; it was skipped' });
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
    else out.push({ line: first, error: `CSV row is malformed: ${r.error}` });
  }

  /** An unclosed quote: the first line is one PARSE_ERROR, the lines after it are read again as rows. */
  private abandon(out: Row[]): void {
    const acc = this.acc;
    if (!acc) return;
    this.acc = null;
    out.push({ line: (acc.lines[0] as RawLine).line, error: 'CSV row is malformed: a quoted field is not closed' });
    for (const l of acc.lines.slice(1)) this.push(l, out);
  }

  end(out: Row[]): void {
    while (this.acc) this.abandon(out);
  }
}

/** Streams rows: JSON values for JSONL, field arrays (after the header) for CSV, or a per-line parse error. */
async function* rowBatches(
  file: string,
  format: 'jsonl' | 'csv',
  opts: ReadOptions,
  onBytes: (n: number) => void,
  keysOnly: boolean,
): AsyncGenerator<{ header: CsvHeader | null; rows: Row[] }> {
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const encoding = opts.encoding ?? 'utf8';
  // pass 1 over UTF-8 JSONL reads keys from the bytes; undecodable text is found by pass 2
  const raw = keysOnly && format === 'jsonl' && encoding === 'utf8';
  const lines = readLines(file, { encoding, maxLineBytes, onBytes, raw });
  if (format === 'jsonl') {
    for await (const batch of lines) {
      const rows: Row[] = [];
      for (const l of batch) {
        if (l.text === null) {
          rows.push({ line: l.line, error: `line is longer than ${maxLineBytes} bytes; it was skipped` });
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
          rows.push(keys ? { line: l.line, ...keys } : { line: l.line, error: 'not JSON' });
          continue;
        }
        rows.push({ line: l.line, text: l.text });
      }
      yield { header: null, rows };
    }
    return;
  }
  const csv = new CsvRows(maxLineBytes);
  let header: CsvHeader | null = null;
  const take = (rows: Row[]): Row[] => {
    const data: Row[] = [];
    for (const r of rows) {
      if (!header) {
        if (!('fields' in r)) throw new InputError(`extract ${file}: the CSV header (line ${r.line}) cannot be read: ${'error' in r ? r.error : ''}`);
        header = new CsvHeader(file, r.fields);
        csv.width = header.width;
        continue;
      }
      if ('fields' in r && r.fields.length !== header.width) {
        data.push({ line: r.line, error: `CSV row has ${r.fields.length} fields, the header has ${header.width}` });
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

const batchOf = (kind: Kind | undefined): BatchCode | undefined => (kind === 'employee' ? 'E' : kind === 'resident' ? 'R' : undefined);

function linesText(group: number[], self: number): string {
  const others = group.filter((l) => l !== self);
  const shown = others.slice(0, 5).join(', ');
  return others.length > 5 ? `${shown} and ${others.length - 5} more` : shown;
}

/** A row of pass 2 with what pass 1 learnt about it (the other lines sharing its keys): ready to be judged. */
export interface RowJob {
  row: Row;
  idGroup?: number[];
  ssnGroup?: number[];
}
/** Consecutive rows of pass 2, in input order; `header` is the CSV header (null for JSONL). */
export interface RowBatch {
  header: CsvHeader | null;
  jobs: RowJob[];
}
export type { Row };

/**
 * Pass 1 (duplicate keys), then pass 2's rows in input order and in batches, not yet judged: `judgeRow`
 * turns each into its item, here or on another thread (pure: the same verdict anywhere).
 * Throws InputError (exit 2) for an unreadable, undecodable or truncated file, or one changed while read.
 */
export async function* extractRows(file: string, opts: ReadOptions): AsyncGenerator<RowBatch> {
  const probe = probeFile(file);
  const before = statSync(file);
  const format = opts.format ?? detectFormat(file, probe.firstBytes, probe.gzip);

  // Pass 1: keys only.
  const dup = new DuplicateFinder(DuplicateFinder.bucketsFor(probe.gzip ? probe.size * 8 : probe.size), opts.tmpDir);
  let groups: { recordId: DuplicateGroups; ssn: DuplicateGroups };
  let seen = 0;
  let bytes = 0;
  const report = (pass: 1 | 2) => opts.onProgress?.({ bytesRead: bytes, totalBytes: probe.size, records: seen, pass });
  try {
    let idCol = -1;
    let ssnCol = -1;
    for await (const { header, rows } of rowBatches(file, format, opts, (n) => (bytes = n), true)) {
      if (header && idCol === -1 && ssnCol === -1) {
        idCol = header.indexOf('recordId');
        ssnCol = header.indexOf('person.ssn');
      }
      for (const r of rows) {
        seen++;
        let id: unknown;
        let ssn: unknown;
        if ('fields' in r) {
          id = r.fields[idCol];
          ssn = r.fields[ssnCol];
        } else if ('id' in r) {
          id = r.id;
          ssn = r.ssn;
        }
        if (typeof id === 'string' && id !== '') dup.add(0, id, r.line);
        if (typeof ssn === 'string' && ssn !== '') dup.add(1, ssn, r.line);
      }
      report(1);
    }
    groups = dup.finish();
  } finally {
    dup.cleanup();
  }

  // Pass 2: the rows, in input order, with their duplicate groups.
  seen = 0;
  bytes = 0;
  for await (const { header, rows } of rowBatches(file, format, opts, (n) => (bytes = n), false)) {
    report(2);
    seen += rows.length;
    const jobs: RowJob[] = rows.map((row) => {
      const job: RowJob = { row };
      const idGroup = groups.recordId.get(row.line);
      const ssnGroup = groups.ssn.get(row.line);
      if (idGroup) job.idGroup = idGroup;
      if (ssnGroup) job.ssnGroup = ssnGroup;
      return job;
    });
    yield { header, jobs };
  }
  const after = statSync(file);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new InputError(`extract ${file} changed while it was being read; take a stable copy and check again`);
  }
}

export interface JudgeOptions {
  year: number;
  printable?: PrintabilityCheck; // applied only to otherwise valid, mailable records
}

/** Pass 2's verdict on one row: the record to mail, or the exception (held or suppressed) with its line. */
export function judgeRow(job: RowJob, header: CsvHeader | null, opts: JudgeOptions): ExtractItem {
  const r = job.row;
  let raw: unknown = null;
  let parseError = 'error' in r ? r.error : null;
  if ('fields' in r) raw = (header as CsvHeader).toObject(r.fields);
  else if ('text' in r) {
    try {
      raw = JSON.parse(r.text) as unknown;
    } catch (err) {
      parseError = jsonError(err);
    }
  }
  if (parseError !== null) return { type: 'exception', entry: { recordId: null, line: r.line, reason: 'PARSE_ERROR', message: parseError } };
  const v = validateRecord(raw, r.line, opts.year, header ? 'csv' : 'json');
  if (!v.ok) {
    const entry: ExceptionEntry = { recordId: v.recordId, line: r.line, reason: v.reason, message: v.message };
    if (v.ssnMasked) entry.ssnMasked = v.ssnMasked;
    const batch = batchOf(v.kind);
    if (batch) entry.batch = batch;
    return { type: 'exception', entry };
  }
  const rec = v.record;
  const held = (reason: ExceptionEntry['reason'], message: string): ExtractItem => ({
    type: 'exception',
    entry: { recordId: rec.recordId, line: rec.line, reason, message, ssnMasked: `${rec.person.ssn.slice(0, 6)}********${rec.person.ssn.slice(-4)}`, batch: batchOf(rec.kind) },
  });
  if (job.idGroup) return held('DUPLICATE_RECORD_ID', `recordId is also used on line(s) ${linesText(job.idGroup, r.line)}; every record sharing it is held`);
  if (job.ssnGroup) return held('DUPLICATE_SSN', `person.ssn is also on line(s) ${linesText(job.ssnGroup, r.line)}; every record sharing it is held`);
  if (rec.delivery === 'electronic') return held('DELIVERY_ELECTRONIC', 'delivery is electronic: counted, not printed');
  if (rec.delivery === 'hold') return held('DELIVERY_HOLD', 'delivery is on hold: counted, not printed');
  if (!rec.guardian && isMinor(rec.person.birthDate, opts.year)) {
    return held('MINOR_WITHOUT_GUARDIAN', `a minor on 31 Dec ${opts.year} needs a guardian (name, relation, address) to receive the statement`);
  }
  const p = opts.printable?.(rec) ?? null;
  return p ? held(p.reason, p.message) : { type: 'record', record: rec };
}

/**
 * Streams the extract; items come out in input order, duplicates already resolved (two passes:
 * pass 1 finds every line sharing a recordId or ssn, pass 2 validates). Every input record comes out
 * exactly once: as a record to mail, or as an exception (held or suppressed) with its line.
 * Throws InputError (exit 2) for an unreadable, undecodable or truncated file.
 */
export async function* validateExtract(file: string, opts: ReadOptions): AsyncGenerator<ExtractItem> {
  for await (const { header, jobs } of extractRows(file, opts)) {
    // one row at a time, yielded at once: a whole batch of parsed objects would outlive the young generation
    for (const job of jobs) yield judgeRow(job, header, opts);
  }
}
