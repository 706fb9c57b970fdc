/**
 * The ingest's verdict on each row of the extract — validation, printability, batches, recipient:
 * most of the ingest's CPU and independent per row — on helper threads too when the
 * extract is large, so the validation pass uses every core while nothing can be rendered yet. The
 * verdicts come back in input order; the ingest thread keeps what needs one order (exceptions.jsonl,
 * counts, the sort). Here or on a helper, the verdicts are the same: `judgeForIngest` is the one copy.
 */
import { statSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BatchCode, Distribution, ExceptionEntry, InsuredRecord, Recipient, SchemeName, WarningRules } from '../domain/types';
import type { PostcodeTable } from '../domain/postcode';
import type { ReturnedCheck } from '../domain/returned';
import { batchesFor } from '../domain/batch';
import { recipientOf } from '../domain/presort';
import { CsvHeader, judgeRow, type JudgeOptions, type RowBatch, type RowJob, type Warning } from '../extract';
import { DeceasedTable, type DeceasedSetup } from '../extract/deceased';
import { t } from '../i18n';
import type { Renderer } from '../render';
import { SPREAD_BYTES, workerScript } from './threads';

/** What a helper needs to judge rows as the ingest of this run would. */
export interface JudgeSetup {
  year: number;
  mode: 'annual' | 'scheme';
  schemes?: SchemeName[];
  /** The run's batches, in order: a record's batches outside them are out of scope. */
  batches: BatchCode[];
  postcodes: PostcodeTable;
  /** The run's deceased lists (a table in shared memory: the judge threads read the ingest's copy). */
  deceased?: DeceasedSetup;
  distribution?: Distribution;
  /** The ticket's rates and interestRate (warnings). */
  warnings?: WarningRules;
  /** Last year's returned mail (--returned): copied to each judge thread (a list of the returned pieces only). */
  returned?: ReturnedCheck;
}

export type Judged =
  | { type: 'exception'; entry: ExceptionEntry }
  /** `batches` empty: valid, but in none of this run's batches (out of scope). */
  | { type: 'record'; record: InsuredRecord; recipient?: Recipient; batches: BatchCode[]; warnings?: Warning[] };

const deceasedOf = new WeakMap<DeceasedSetup, JudgeOptions['deceased']>();
function judgeOptions(setup: JudgeSetup, renderer: Renderer): JudgeOptions {
  const o: JudgeOptions = { year: setup.year, postcodes: setup.postcodes, printable: renderer.printable, ...(setup.distribution ? { distribution: setup.distribution } : {}), ...(setup.returned ? { returned: setup.returned } : {}), ...(setup.warnings ? { warnings: setup.warnings } : {}) };
  const d = setup.deceased;
  if (d) {
    let view = deceasedOf.get(d);
    if (!view) deceasedOf.set(d, (view = { table: new DeceasedTable(d.slots), printDay: d.printDay, key: d.key }));
    o.deceased = view;
  }
  return o;
}

export function judgeForIngest(job: RowJob, header: CsvHeader | null, setup: JudgeSetup, renderer: Renderer): Judged {
  const item = judgeRow(job, header, judgeOptions(setup, renderer));
  if (item.type === 'exception') return item;
  const record = item.record;
  const batches = batchesFor(record, setup.mode, setup.schemes).filter((b) => setup.batches.includes(b));
  if (batches.length === 0) return { type: 'record', record, batches };
  // no page count here: the render lays the statement out anyway and reports its sheets (a second
  // layout of every record was a fifth of the ingest's CPU)
  return { type: 'record', record, recipient: recipientOf(record, setup.year, setup.distribution), batches, ...(item.warnings ? { warnings: item.warnings } : {}) };
}

/**
 * Helper threads for an extract of this size: none below ~4 MB (~2,500 records: starting them costs
 * more than they save); else one fewer than the CPUs this process may use (a taskset counts), at most
 * 3, so none on one CPU, where a helper only adds its start-up and the messages (the ingest thread
 * judges its share as well). Each costs ~90 MB while the validation pass runs (docs/performance.md).
 */
export function judgeThreadsFor(extract: string): number {
  return statSync(extract).size < SPREAD_BYTES ? 0 : Math.min(3, os.availableParallelism() - 1);
}

/** Messages between the ingest and a judge thread. */
export interface JudgeRequest {
  id: number;
  file: string;
  header: string[] | null;
  jobs: RowJob[];
}
export type JudgeReply = { id: number; ok: true; judged: Judged[] } | { id: number; ok: false; message: string };
export interface JudgeWorkerData {
  setup: JudgeSetup;
  assetsRoot?: string;
  fonts?: Record<string, SharedArrayBuffer>;
}

/** A judge thread's live heap is ~20 MB (fonts' tables, bounded memos); unlimited, V8 lets garbage grow ten times that. */
const JUDGE_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 24 };

interface Pending {
  resolve: (j: Judged[]) => void;
  reject: (e: Error) => void;
}

/** A fixed set of judge threads; each batch goes to the thread with the fewest batches in hand. */
export class JudgePool {
  private readonly workers: { worker: Worker; pending: Map<number, Pending> }[] = [];
  private nextId = 1;
  private failure: Error | null = null;

  constructor(threads: number, data: JudgeWorkerData) {
    const script = workerScript('judge-worker');
    for (let i = 0; i < threads; i++) {
      const pending = new Map<number, Pending>();
      const worker = new Worker(script, { workerData: data, resourceLimits: JUDGE_HEAP });
      worker.on('message', (reply: JudgeReply) => {
        const p = pending.get(reply.id);
        if (!p) return;
        pending.delete(reply.id);
        if (reply.ok) p.resolve(reply.judged);
        else p.reject(new Error(reply.message));
      });
      const fail = (cause: Error) => {
        const err = this.failure ?? new Error(t('threads.judgeFailed', { why: cause.message }));
        this.failure = err;
        for (const p of pending.values()) p.reject(err);
        pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(t('threads.judgeExited', { code }))));
      this.workers.push({ worker, pending });
    }
  }

  judge(batch: RowBatch, file: string): Promise<Judged[]> {
    if (this.failure) return Promise.reject(this.failure);
    const w = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      w.pending.set(id, { resolve, reject });
      w.worker.postMessage({ id, file, header: batch.header?.names ?? null, jobs: batch.jobs } satisfies JudgeRequest);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('validation threads closed');
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/**
 * Each batch's verdicts, in input order: up to `window` batches are being judged at once (a bounded
 * number of rows in flight, whatever the extract's size).
 */
export async function* inOrder<T, R>(source: AsyncIterable<T>, judge: (t: T) => Promise<R>, window: number): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = [];
  const start = (t: T) => {
    const p = judge(t);
    p.catch(() => undefined); // awaited in turn below; not an unhandled rejection meanwhile
    inFlight.push(p);
  };
  for await (const t of source) {
    start(t);
    if (inFlight.length >= window) yield await (inFlight.shift() as Promise<R>);
  }
  while (inFlight.length > 0) yield await (inFlight.shift() as Promise<R>);
}

/** A CSV header rebuilt on a judge thread (the same names were accepted by the ingest thread). */
export function headerOf(file: string, names: string[] | null, cache: { key: string; header: CsvHeader | null }): CsvHeader | null {
  if (!names) return null;
  const key = names.join('\u0000');
  if (cache.key !== key || !cache.header) {
    cache.key = key;
    cache.header = new CsvHeader(file, names);
  }
  return cache.header;
}
