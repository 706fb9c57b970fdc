/**
 * The embedded orchestration: ingest on a worker thread of its own (an extract of several ranges on a
 * pool of range threads started from it: range-pool.ts), rendering spread over a pool of
 * worker threads, each part packaged (on the main thread) as soon as it is rendered. A part is handed
 * to the render pool the moment ingest has written it, so rendering overlaps the end of the ingest.
 * Resumable: parts already rendered or packaged are skipped, so `--resume` redoes nothing finished.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { shareFontFiles } from '../assets';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import { readJsonIfExists } from '../run-dir/json';
import { runLog } from '../run-dir/log';
import type { IngestState } from '../run-dir/markers';
import { partPaths, runPaths } from '../run-dir/paths';
import { readStoredConfig } from '../run-dir/run-config';
import { finalizeStage, type RunSummary } from './finalize';
import type { IngestProgress } from './ingest';
import type { ShardLayer, ShardProgress } from './ingest-shards';
import type { IngestMessage, IngestWorkerData } from './ingest-worker';
import { packagePartStage } from './package-stage';
import { RenderPool } from './render-pool';
import { packagedDone } from './state';
import { INGEST_THREAD_HEAP_MB, checkConcurrency, defaultConcurrency, renderHeapMb, workerScript } from './threads';

export type PipelineEvent =
  | { type: 'ingest-progress'; records: number; bytesRead: number; totalBytes: number }
  /** A sharded ingest's stage done: `done` of `total` ranges (keys, judge) or buckets (duplicates). */
  | { type: 'ingest-ranges'; layer: ShardLayer; done: number; total: number }
  | { type: 'ingested'; records: number; parts: number; pieces: number }
  | { type: 'part-rendered'; partId: string; done: number; total: number }
  | { type: 'part-packaged'; partId: string; done: number; total: number }
  | { type: 'finalized' };

export interface RunInProcessOptions {
  /** Render worker threads, and range threads for an extract of several ranges (default: one per core). */
  concurrency?: number;
  verificationKey?: string;
  onEvent?: (e: PipelineEvent) => void;
}

/** Runs the ingest stage on a worker thread; `onPart` hears of each part once its files are written. */
function ingestInThread(data: IngestWorkerData, onProgress: (p: IngestProgress | ShardProgress) => void, onPart: (partId: string) => void): Promise<IngestState> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript('ingest-worker'), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: INGEST_THREAD_HEAP_MB } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: IngestMessage) => {
      if (m.type === 'progress' || m.type === 'ranges') onProgress(m.progress);
      else if (m.type === 'part') onPart(m.part.partId);
      else if (m.type === 'done') settle(() => resolve(m.result));
      else settle(() => reject(m.exitCode === 2 ? new InputError(m.message) : new Error(m.message)));
    });
    worker.on('error', (err) =>
      settle(() =>
        reject(
          (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new Error(t('threads.ingestOutOfMemory', { mb: INGEST_THREAD_HEAP_MB, log: 'logs/siprint.log' }))
            : err,
        ),
      ),
    );
    worker.on('exit', (code) => settle(() => reject(new Error(t('threads.ingestExited', { code })))));
  });
}

export async function runInProcess(runDir: string, opts: RunInProcessOptions = {}): Promise<RunSummary> {
  const emit = opts.onEvent ?? (() => undefined);
  const stageOpts = opts.verificationKey ? { verificationKey: opts.verificationKey } : {};
  const stored = readStoredConfig(runDir);
  // read once here, shared with every thread (35 MB each otherwise)
  const fonts = shareFontFiles(stored.assetsRoot);
  const concurrency = checkConcurrency(opts.concurrency ?? defaultConcurrency());

  // part events are shown once the number of parts is known (after ingest); until then only collected
  let total = 0;
  let ingested = false;
  const rendered: string[] = [];
  const packaged: string[] = [];
  const done = (list: string[], type: 'part-rendered' | 'part-packaged', partId: string) => {
    list.push(partId);
    if (ingested) emit({ type, partId, done: list.length, total });
  };
  let failure: Error | undefined;
  let pool: RenderPool | undefined;
  const started = new Set<string>();
  const work: Promise<void>[] = [];

  // packaging is serialized on the main thread; it overlaps with rendering in the workers. It waits
  // for the ingest to finish: a package's manifest names the layouts and fonts the ingest recorded.
  let ingestFinished = (): void => undefined;
  let packChain = new Promise<void>((resolve) => (ingestFinished = resolve));
  const pack = (partId: string): Promise<void> => {
    packChain = packChain.then(async () => {
      if (failure) throw failure;
      await packagePartStage(runDir, partId, stageOpts);
      done(packaged, 'part-packaged', partId);
    });
    return packChain;
  };
  const fail = (err: unknown) => {
    if (failure) return;
    failure = err instanceof Error ? err : new Error(String(err));
    // start nothing new; parts being rendered finish (their files stay valid)
    pool?.cancelPending();
  };

  /** Render (unless rendered) and package (unless packaged) one part; failures are collected, not thrown. */
  const start = (partId: string) => {
    if (failure || started.has(partId)) return;
    started.add(partId);
    if (packagedDone(runDir, partId)) {
      done(rendered, 'part-rendered', partId);
      done(packaged, 'part-packaged', partId);
      return;
    }
    let job: Promise<void>;
    if (existsSync(partPaths(runDir, partId).rendered)) {
      done(rendered, 'part-rendered', partId);
      job = pack(partId);
    } else {
      if (!pool) {
        // while the ingest thread still runs it has a core: one render thread fewer until it is done
        const threads = ingested ? concurrency : Math.max(1, concurrency - 1);
        pool = new RenderPool(threads, { ...stageOpts, fonts }, { heapMb: renderHeapMb(stored.piecesPerFile) });
        runLog(runDir).info('rendering', { runId: path.basename(runDir), workers: threads });
      }
      job = pool.render(runDir, partId).then(() => {
        done(rendered, 'part-rendered', partId);
        return pack(partId);
      });
    }
    // awaited below; until then a failure (e.g. a full disk) must not be an unhandled rejection
    work.push(job.catch(fail));
  };

  try {
    const finished = readJsonIfExists<IngestState>(runPaths(runDir).ingestDone, 'ingest state');
    const ingest =
      finished ??
      (await ingestInThread(
        { runDir, ...stageOpts, fonts, threads: concurrency },
        (p) => {
          if ('layer' in p) emit({ type: 'ingest-ranges', layer: p.layer, done: p.done, total: p.total });
          emit({ type: 'ingest-progress', records: p.records, bytesRead: p.bytesRead, totalBytes: p.totalBytes });
        },
        start,
      ));
    total = ingest.parts.length;
    ingested = true;
    ingestFinished();
    emit({ type: 'ingested', records: ingest.counts.input, parts: total, pieces: ingest.counts.pieces });
    // one event per part done while the ingest ran, now that their number is known
    rendered.forEach((partId, i) => emit({ type: 'part-rendered', partId, done: i + 1, total }));
    packaged.forEach((partId, i) => emit({ type: 'part-packaged', partId, done: i + 1, total }));
    pool?.grow(concurrency);
    for (const p of ingest.parts) start(p.partId);
  } catch (err) {
    fail(err);
  } finally {
    ingestFinished(); // after a failure: the waiting packages give up (they see `failure`)
    await Promise.all(work); // never rejects: each job's failure went to fail()
    await pool?.close();
  }
  if (failure) throw failure;
  const summary = await finalizeStage(runDir, stageOpts);
  emit({ type: 'finalized' });
  return summary;
}
