/**
 * `startWorker`: one BullMQ worker that processes every stage of every run on the queue.
 *
 * Settings and why:
 * - every stage runs in a sandboxed processor on worker threads (`useWorkerThreads`): ingest and
 *   render are CPU-bound; on the main thread they would starve the lock renewal and get the job
 *   declared stalled and processed twice. The processor file is the compiled dist/queue/stage-processor.js.
 * - `lockDuration` 30 s / `stalledInterval` 15 s: a SIGKILLed worker's job is handed to another worker
 *   within about 45 s. `maxStalledCount` 2: a job that kills its worker (e.g. out of memory) twice is
 *   failed — and with it the run — instead of looping for ever.
 * - the connection has `maxRetriesPerRequest: null` and reconnects for ever (see connection.ts).
 * - a stop (`stop()`) is graceful while Redis answers; once it does not, the close could never finish
 *   (every command waits for the reconnect), so it gives up within seconds: the held jobs' locks lapse
 *   and another worker recovers them as stalled (every stage is idempotent).
 */
import { Worker, type Job } from 'bullmq';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../domain/errors';
import { STAGE_THREAD_HEAP_MB } from '../pipeline';
import { PACKAGE_ROOT } from '../version';
import { redisOptions } from './connection';
import { DEFAULT_PREFIX, DEFAULT_RETRY, QUEUE_NAME, type RetryPolicy } from './jobs';
import type { ProcessorSettings } from './stage-processor';
import { loadStages } from './stages-port';
import { t } from '../i18n';

/** Compiled JS always: worker threads cannot load TypeScript, so under jest too we map src → dist. */
export const DIST_DIR = path.join(PACKAGE_ROOT, 'dist');
export const PROCESSOR_FILE = path.join(DIST_DIR, 'queue', 'stage-processor.js');
/** The real pipeline, compiled (what the threads load unless told otherwise). */
export const DIST_STAGES_MODULE = path.join(DIST_DIR, 'pipeline');

export interface StartWorkerOptions {
  redisUrl: string;
  /** BullMQ key prefix (default `siprint`); producers and workers must agree. */
  prefix?: string;
  /** Jobs processed at once, each on its own thread (default: the number of cores). */
  concurrency?: number;
  /** Module exporting the stage functions (default: the compiled pipeline); JS, loadable by a thread. */
  stages?: string;
  /** Attempts and first backoff of the jobs of the flows this worker adds. */
  retry?: Partial<RetryPolicy>;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  /** One structured event per job transition; IDs and timings only, never personal data. */
  log?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { event: 'job-started'; jobId: string; stage: string; attempt: number }
  | { event: 'job-done'; jobId: string; stage: string; ms: number }
  | { event: 'job-failed'; jobId: string; stage: string; attempt: number; final: boolean; error: string }
  | { event: 'job-stalled'; jobId: string }
  | { event: 'redis-error'; error: string };

export interface RunningWorker {
  readonly worker: Worker;
  /** Graceful: waits for the current jobs to finish. `force`: returns at once; the unfinished jobs'
   *  locks lapse and other workers take them over as stalled jobs (they are idempotent). A forced close
   *  after a graceful one has begun waits for the graceful one (BullMQ keeps the first close). */
  close(force?: boolean): Promise<void>;
  /** Graceful close while Redis answers; 'redis-unreachable' (without waiting for the close) as soon as
   *  Redis does not answer a PING within `probeMs`, checked every `everyMs`. `held`: jobs in hand then. */
  stop(opts?: { probeMs?: number; everyMs?: number }): Promise<{ outcome: 'closed' } | { outcome: 'redis-unreachable'; held: number }>;
}

/** The probe's wait for a PING; a Redis that does not answer in this long is taken as gone. */
export const STOP_PROBE_MS = 2000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Whether Redis answers this worker's connection within `ms` (with Redis gone, a command waits for ever). */
async function redisAnswers(worker: Worker, prefix: string, ms: number): Promise<boolean> {
  const timeout = sleep(ms).then(() => false);
  // any round trip will do; a key under the prefix, for a Redis user limited to it
  const ping = worker.client.then((c) => c.get(`${prefix}:probe`)).then(
    () => true,
    () => false,
  );
  return Promise.race([ping, timeout]);
}

export function startWorker(opts: StartWorkerOptions): RunningWorker {
  if (!existsSync(PROCESSOR_FILE)) {
    throw new UsageError(t('queue.noProcessor', { file: PROCESSOR_FILE, build: 'npm run build' }));
  }
  const stagesModule = path.resolve(opts.stages ?? DIST_STAGES_MODULE);
  loadStages(stagesModule); // fail now, with one line, if the module is wrong — not at the first job
  const concurrency = opts.concurrency ?? Math.max(1, os.availableParallelism());
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(t('queue.atLeastOne', { name: '--concurrency', value: String(concurrency) }));
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const settings: ProcessorSettings = {
    stagesModule,
    redisUrl: opts.redisUrl,
    prefix,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
  };
  const log = opts.log ?? (() => undefined);
  const lockDuration = opts.lockDurationMs ?? 30_000;

  const worker = new Worker(QUEUE_NAME, PROCESSOR_FILE, {
    connection: redisOptions(opts.redisUrl, `${prefix}:worker`),
    prefix,
    concurrency,
    useWorkerThreads: true,
    workerThreadsOptions: { workerData: settings, resourceLimits: { maxOldGenerationSizeMb: STAGE_THREAD_HEAP_MB } },
    lockDuration,
    lockRenewTime: Math.floor(lockDuration / 2),
    stalledInterval: opts.stalledIntervalMs ?? 15_000,
    maxStalledCount: opts.maxStalledCount ?? 2,
  });

  const started = new Map<string, number>();
  const idOf = (job: Job): string => job.id ?? '?';
  worker.on('active', (job) => {
    started.set(idOf(job), Date.now());
    log({ event: 'job-started', jobId: idOf(job), stage: job.name, attempt: job.attemptsStarted });
  });
  worker.on('completed', (job) => {
    const t0 = started.get(idOf(job));
    started.delete(idOf(job));
    log({ event: 'job-done', jobId: idOf(job), stage: job.name, ms: t0 === undefined ? 0 : Date.now() - t0 });
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    started.delete(idOf(job));
    const attempts = job.opts.attempts ?? 1;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= attempts;
    log({ event: 'job-failed', jobId: idOf(job), stage: job.name, attempt: job.attemptsMade, final, error: err.message.split('\n')[0] ?? '' });
  });
  worker.on('stalled', (jobId) => log({ event: 'job-stalled', jobId }));
  // Without an 'error' listener a lost Redis connection would crash the process; ioredis reconnects.
  let lastError = '';
  let lastErrorAt = 0;
  worker.on('error', (err) => {
    const text = err.message.split('\n')[0] ?? '';
    const now = Date.now();
    if (text === lastError && now - lastErrorAt < 10_000) return; // one line per outage, not one per retry
    lastError = text;
    lastErrorAt = now;
    log({ event: 'redis-error', error: text });
  });

  const stop: RunningWorker['stop'] = async ({ probeMs = STOP_PROBE_MS, everyMs = 1000 } = {}) => {
    let closed = false;
    const closing = worker.close().then(() => {
      closed = true;
      return { outcome: 'closed' as const };
    });
    const watchdog = (async () => {
      while (!closed) {
        if (!(await redisAnswers(worker, prefix, probeMs)) && !closed) return { outcome: 'redis-unreachable' as const, held: started.size };
        await sleep(everyMs);
      }
      return { outcome: 'closed' as const };
    })();
    return Promise.race([closing, watchdog]);
  };

  return {
    worker,
    close: (force = false) => worker.close(force),
    stop,
  };
}
