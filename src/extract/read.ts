/**
 * The extract, record by record: pass 1 finds every line sharing a recordId or ssn (in bounded
 * memory), pass 2 judges each row — the record to mail, or the exception (held or suppressed).
 */
import { statSync } from 'node:fs';
import { isMinor } from '../domain/minor';
import { maskSsn } from '../domain/masking';
import { recipientOf } from '../domain/presort';
import { RETURN_REASON_ZH, returnedAt } from '../domain/returned';
import type { BatchCode, Encoding, ExceptionEntry, Kind } from '../domain/types';
import { InputError } from '../domain/errors';
import type { CsvHeader } from './csv';
import { DuplicateFinder, type DuplicateGroups, type KeyKind } from './duplicates';
import { probeFile } from './lines';
import type { ExtractItem, JudgeOptions, ReadOptions } from './options';
import { detectFormat, jsonError, rowBatches, type Row, type RowRange } from './rows';
import { t } from '../i18n';
import { validateRecord } from './schema';
import { inconsistencyOf, v11FactsOf } from './consistency';
import { deathBefore } from './deceased';
import { warningsOf } from './warnings';

const batchOf = (kind: Kind | undefined): BatchCode | undefined => (kind === 'employee' ? 'E' : kind === 'resident' ? 'R' : undefined);

function linesText(group: number[], self: number): string {
  const others = group.filter((l) => l !== self);
  const shown = others.slice(0, 5).join(t('exc.lineSep'));
  return others.length > 5 ? t('exc.linesMore', { shown, more: others.length - 5 }) : shown;
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

/**
 * Throws InputError (exit 2) for an extract without a single record — empty, blank lines only, a CSV
 * header alone, a header naming no known field — which would otherwise run to "done" with nothing.
 * Reads only up to the first record.
 */
export async function assertHasRecords(file: string, opts: Pick<ReadOptions, 'encoding' | 'format' | 'maxLineBytes'>): Promise<void> {
  const probe = probeFile(file);
  const format = opts.format ?? detectFormat(file, probe.firstBytes, probe.gzip);
  let header = false;
  for await (const batch of rowBatches(file, format, opts, () => undefined, false)) {
    if (batch.header) header = true;
    if (batch.rows.length > 0) return;
  }
  throw new InputError(t(header ? 'input.extractHeaderOnly' : 'input.extractEmpty', { file }));
}

type RowsOpts = Pick<ReadOptions, 'encoding' | 'maxLineBytes'> & { shard?: RowRange };

/** Pass 1 over the extract (or one range of it): each row's recordId and ssn, with its line. */
async function forEachKey(file: string, format: 'jsonl' | 'csv', opts: RowsOpts, add: (kind: KeyKind, key: string, line: number) => void, onBatch: (bytes: number, rows: number) => void): Promise<void> {
  let idCol = -1;
  let ssnCol = -1;
  let bytes = 0;
  for await (const { header, rows } of rowBatches(file, format, opts, (n) => (bytes = n), true)) {
    if (header && idCol === -1 && ssnCol === -1) {
      idCol = header.indexOf('recordId');
      ssnCol = header.indexOf('person.ssn');
    }
    for (const r of rows) {
      let id: unknown;
      let ssn: unknown;
      if ('fields' in r) {
        id = r.fields[idCol];
        ssn = r.fields[ssnCol];
      } else if ('id' in r) {
        id = r.id;
        ssn = r.ssn;
      }
      if (typeof id === 'string' && id !== '') add(0, id, r.line);
      if (typeof ssn === 'string' && ssn !== '') add(1, ssn, r.line);
    }
    onBatch(bytes, rows.length);
  }
}

/** Pass 2 over the extract (or one range of it): the rows in input order, with what pass 1 found. */
async function* rowsWithGroups(file: string, format: 'jsonl' | 'csv', opts: RowsOpts, groups: { recordId: DuplicateGroups; ssn: DuplicateGroups }, onBatch: (bytes: number, rows: number) => void): AsyncGenerator<RowBatch> {
  let bytes = 0;
  for await (const { header, rows } of rowBatches(file, format, opts, (n) => (bytes = n), false)) {
    onBatch(bytes, rows.length);
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
}

function changedWhileRead(file: string): InputError {
  return new InputError(`extract ${file} changed while it was being read; take a stable copy and check again`);
}

/**
 * Pass 1 (duplicate keys), then pass 2's rows in input order and in batches, not yet judged: `judgeRow`
 * turns each into its item, here or on another thread (pure: the same verdict anywhere).
 * Throws InputError (exit 2) for an unreadable, undecodable or truncated file, or one changed while read.
 */
export async function* extractRows(file: string, opts: ReadOptions): AsyncGenerator<RowBatch> {
  const probe = probeFile(file);
  await assertHasRecords(file, opts);
  const before = statSync(file);
  const format = opts.format ?? detectFormat(file, probe.firstBytes, probe.gzip);

  // Pass 1: keys only.
  const dup = new DuplicateFinder(DuplicateFinder.bucketsFor(probe.gzip ? probe.size * 8 : probe.size), opts.tmpDir);
  let groups: { recordId: DuplicateGroups; ssn: DuplicateGroups };
  let seen = 0;
  const report = (pass: 1 | 2, bytes: number) => opts.onProgress?.({ bytesRead: bytes, totalBytes: probe.size, records: seen, pass });
  try {
    await forEachKey(file, format, opts, (kind, key, line) => dup.add(kind, key, line), (bytes, rows) => {
      seen += rows;
      report(1, bytes);
    });
    groups = dup.finish();
  } finally {
    dup.cleanup();
  }

  // Pass 2: the rows, in input order, with their duplicate groups.
  seen = 0;
  yield* rowsWithGroups(file, format, opts, groups, (bytes, rows) => {
    report(2, bytes);
    seen += rows;
  });
  const after = statSync(file);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) throw changedWhileRead(file);
}

/** What a sharded ingest's range jobs read alike: the plan's view of the file (see ranges.ts). */
export interface RangeRead {
  file: string;
  format: 'jsonl' | 'csv';
  encoding: Encoding;
  maxLineBytes?: number;
  /** The file as planned: a range job refuses a file changed since. */
  size: number;
  mtimeMs: number;
  shard: RowRange;
}

function checkUnchanged(r: RangeRead): void {
  const st = statSync(r.file);
  if (st.size !== r.size || st.mtimeMs !== r.mtimeMs) throw changedWhileRead(r.file);
}

/** Pass 1 of one range: its keys into the run's bucket files (a DuplicateFinder writing to `dir`, salted alike in every range). */
export async function rangeKeys(r: RangeRead, dup: DuplicateFinder): Promise<number> {
  checkUnchanged(r);
  let rows = 0;
  await forEachKey(r.file, r.format, { encoding: r.encoding, shard: r.shard, ...(r.maxLineBytes ? { maxLineBytes: r.maxLineBytes } : {}) }, (kind, key, line) => dup.add(kind, key, line), (_, n) => (rows += n));
  dup.spillAll();
  checkUnchanged(r);
  return rows;
}

/** Pass 2 of one range: its rows in input order with the run's duplicate groups (from every bucket). */
export async function* rangeRows(r: RangeRead, groups: { recordId: DuplicateGroups; ssn: DuplicateGroups }): AsyncGenerator<RowBatch> {
  checkUnchanged(r);
  yield* rowsWithGroups(r.file, r.format, { encoding: r.encoding, shard: r.shard, ...(r.maxLineBytes ? { maxLineBytes: r.maxLineBytes } : {}) }, groups, () => undefined);
  checkUnchanged(r);
}

const str = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** DECEASED, when the row's person.ssn is on the lists with a death before the print date. */
function deceasedEntry(raw: unknown, line: number, deceased: NonNullable<JudgeOptions['deceased']>): ExceptionEntry | null {
  if (raw === null || typeof raw !== 'object') return null;
  const o = raw as { recordId?: unknown; kind?: unknown; person?: { ssn?: unknown } };
  const ssn = o.person?.ssn;
  if (!str(ssn)) return null;
  const died = deathBefore(deceased, ssn.trim().toUpperCase());
  if (died === null) return null;
  const entry: ExceptionEntry = { recordId: str(o.recordId) ? o.recordId : null, line, reason: 'DECEASED', message: t('deceased.suppressed') };
  if (ssn.length === 18) entry.ssnMasked = maskSsn(ssn);
  const batch = batchOf(o.kind === 'employee' || o.kind === 'resident' ? o.kind : undefined);
  if (batch) entry.batch = batch;
  return entry;
}

/** Pass 2's verdict on one row: the record to make a statement of, or the exception (held or suppressed) with its line. */
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
  // a death on another department's list outranks whatever else the record says: suppressed, never held
  if (opts.deceased) {
    const dead = deceasedEntry(raw, r.line, opts.deceased);
    if (dead) return { type: 'exception', entry: dead };
  }
  const v = validateRecord(raw, r.line, opts.year, header ? 'csv' : 'json', opts.postcodes, opts.distribution);
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
  if (job.idGroup) return held('DUPLICATE_RECORD_ID', t('exc.duplicateId', { lines: linesText(job.idGroup, r.line) }));
  if (job.ssnGroup) return held('DUPLICATE_SSN', t('exc.duplicateSsn', { lines: linesText(job.ssnGroup, r.line) }));
  // delivery: electronic is judged like mail (same statement, same checks): the ingest makes it an electronic statement
  if (rec.delivery === 'hold') return held('DELIVERY_HOLD', t('exc.deliveryHold'));
  if (!rec.guardian && isMinor(rec.person.birthDate, opts.year)) {
    return held('MINOR_WITHOUT_GUARDIAN', t('exc.minorNoGuardian', { year: opts.year }));
  }
  const bad = inconsistencyOf(rec, opts.year, v11FactsOf(raw));
  if (bad) return held('INCONSISTENT_RECORD', bad.message);
  const p = opts.printable?.(rec, opts.distribution) ?? null;
  if (p) return held(p.reason, p.message);
  // after all others (extract-format.md): an electronic statement is not mailed, so its address cannot come back
  if (opts.returned && rec.delivery !== 'electronic') {
    const back = returnedAt(opts.returned, rec.person.ssn, recipientOf(rec, opts.year, opts.distribution).address);
    if (back) return held('ADDRESS_RETURNED', t('returned.held', { reason: back.reason, reasonZh: RETURN_REASON_ZH[back.reason], runId: back.runId, pieceId: back.pieceId, returnedOn: back.returnedOn }));
  }
  const warnings = warningsOf(rec, opts.year, opts.warnings);
  return warnings.length ? { type: 'record', record: rec, warnings } : { type: 'record', record: rec };
}

/**
 * Streams the extract; items come out in input order, duplicates already resolved (two passes:
 * pass 1 finds every line sharing a recordId or ssn, pass 2 validates). Every input record comes out
 * exactly once: as a record to mail, or as an exception (held or suppressed) with its line.
 * Throws InputError (exit 2) for an unreadable, undecodable or truncated file.
 */
export async function* validateExtract(file: string, opts: ReadOptions & JudgeOptions): AsyncGenerator<ExtractItem> {
  for await (const { header, jobs } of extractRows(file, opts)) {
    // one row at a time, yielded at once: a whole batch of parsed objects would outlive the young generation
    for (const job of jobs) yield judgeRow(job, header, opts);
  }
}
