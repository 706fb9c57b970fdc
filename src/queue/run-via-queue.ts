/**
 * `siprint run --redis`: submit a run to the queue and watch it; `siprint status --redis`: look at one.
 *
 * `run` only submits and watches; the workers do all the work, ingest included. Watching is by polling
 * job states (not only QueueEvents), because a poll survives a Redis restart — events sent while the
 * connection was down are lost — and it notices when Redis lost the run's jobs altogether, in which case
 * the ingest job is submitted again: the run directory is the truth and every stage is idempotent.
 */
import { Job, Queue, type JobState } from 'bullmq';
import { Redis } from 'ioredis';
import path from 'node:path';
import { UsageError } from '../domain/errors';
import { redisOptions, safeUrl } from './connection';
import {
  DEFAULT_PREFIX,
  DEFAULT_RETRY,
  QUEUE_NAME,
  ingestJob,
  jobId,
  runIdOf,
  checkIdField,
  shardJobId,
  type IngestJobResult,
  type RetryPolicy,
  type RunPayload,
} from './jobs';
import { loadStages, type QueueStages, type RunConfig, type RunSummary } from './stages-port';
import { currentLang, t, tIn, type Lang } from '../i18n';

export type JobStateOrUnknown = JobState | 'unknown';

export interface QueueRunStatus {
  runId: string;
  /** waiting: nothing started yet; failed: some job failed after its last attempt. */
  state: 'unknown' | 'waiting' | 'ingesting' | 'processing' | 'completed' | 'failed';
  ingest: JobStateOrUnknown;
  finalize: JobStateOrUnknown;
  /** Known once ingest is done. */
  parts: number;
  rendered: number;
  packaged: number;
  /** The first failure's one-line reason, naming the stage and part. */
  failure?: string;
}

export interface QueueProgress extends QueueRunStatus {
  /** Set when the watcher did something the operator should know (e.g. resubmitted after Redis lost the run). */
  notice?: string;
  /** Set (now and then, not every poll) while no worker is connected: for how long none has been seen. */
  noWorker?: { forMs: number };
  /** While ingesting: the records judged and bytes read so far, as the run directory has them (a sharded ingest's range jobs write them). */
  ingestRead?: { records: number; bytesRead: number; totalBytes: number };
}

interface CommonOptions {
  redisUrl: string;
  prefix?: string;
  /** Continue a run whose jobs failed or were lost (failed jobs are removed and the run resubmitted). */
  resume?: boolean;
  retry?: Partial<RetryPolicy>;
  pollMs?: number;
  onProgress?: (p: QueueProgress) => void;
  signal?: AbortSignal;
  /** Module with the stage functions for `initRun` (default: the pipeline). */
  stages?: string;
  /** How long to wait for Redis at the start (default 10 s). */
  connectTimeoutMs?: number;
  /** With no worker connected: the first `noWorker` progress after this long, then one every `repeatMs`
   *  (default 5 s, then every 30 s). */
  noWorkerNotice?: { afterMs?: number; repeatMs?: number };
}
export type RunViaQueueOptions = CommonOptions & ({ outDir: string; config: RunConfig } | { runDir: string });

/** A run that failed on the queue: `message` is one line naming the stage, part and reason. */
export class QueueRunFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueueRunFailed';
  }
}

async function stateOf(queue: Queue, id: string): Promise<JobStateOrUnknown> {
  return queue.getJobState(id);
}

async function failureOf(queue: Queue, id: string): Promise<string> {
  const job = await Job.fromId(queue, id);
  if (!job) return `job ${id} failed`;
  const attempts = job.opts.attempts ?? 1;
  const tries = job.attemptsMade > 1 || attempts > 1 ? ` (after ${job.attemptsMade} of ${attempts} attempts)` : '';
  return `${(job.failedReason || `job ${id} failed`).split('\n')[0]}${tries}`;
}

/** Where one run stands on the queue. */
export async function inspectRun(queue: Queue, runId: string): Promise<QueueRunStatus> {
  checkIdField('run ID', runId);
  const ingest = await stateOf(queue, jobId('ingest', runId));
  const finalize = await stateOf(queue, jobId('finalize', runId));
  const status: QueueRunStatus = { runId, state: 'unknown', ingest, finalize, parts: 0, rendered: 0, packaged: 0 };
  if (ingest === 'failed') {
    const failure = await failureOf(queue, jobId('ingest', runId));
    // a sharded ingest failed for one of its range or bucket jobs: that job's own reason
    const child = /^child (\S+) failed/.exec(failure)?.[1];
    const prefix = `${queue.qualifiedName}:`;
    return { ...status, state: 'failed', failure: child?.startsWith(prefix) ? await failureOf(queue, child.slice(prefix.length)) : failure };
  }
  if (ingest === 'unknown' && finalize === 'unknown') return status;
  // waiting-children: a sharded ingest's range and bucket jobs are being done
  if (ingest !== 'completed' && ingest !== 'unknown') return { ...status, state: ingest === 'active' || ingest === 'waiting-children' ? 'ingesting' : 'waiting' };
  const ingestJobRecord = ingest === 'completed' ? await Job.fromId<unknown, IngestJobResult>(queue, jobId('ingest', runId)) : undefined;
  const parts = ingestJobRecord?.returnvalue?.parts ?? [];
  status.parts = parts.length;
  // Sent together: ioredis writes them back to back on one connection, so this is one round trip.
  const [renders, packages] = await Promise.all([
    Promise.all(parts.map((p) => stateOf(queue, jobId('render', runId, p)))),
    Promise.all(parts.map((p) => stateOf(queue, jobId('package', runId, p)))),
  ]);
  // A packaged part was rendered, even if its render job record has since been removed.
  status.rendered = renders.filter((s, i) => s === 'completed' || packages[i] === 'completed').length;
  status.packaged = packages.filter((s) => s === 'completed').length;
  // The root cause: the first render or package that failed for itself (not as "child … failed").
  for (const [i, part] of parts.entries()) {
    for (const [stage, state] of [['render', renders[i]], ['package', packages[i]]] as const) {
      if (state !== 'failed') continue;
      const reason = await failureOf(queue, jobId(stage, runId, part));
      if (!reason.startsWith('child ')) return { ...status, state: 'failed', failure: reason };
    }
  }
  if (finalize === 'failed') return { ...status, state: 'failed', failure: await failureOf(queue, jobId('finalize', runId)) };
  status.state = finalize === 'completed' ? 'completed' : 'processing';
  return status;
}

/**
 * Opens the queue and waits until Redis answers: a wrong URL or a Redis that is down when the command
 * starts is one clear line after `connectTimeoutMs`, not a silent wait (after that, outages are waited out).
 */
export async function openQueue(redisUrl: string, prefix: string, role: string, connectTimeoutMs: number): Promise<Queue> {
  // Probe with a client that gives up (a Queue's connection retries for ever, and cannot be closed
  // before it has connected once).
  const t0 = Date.now();
  let lastError = '';
  const probe = new Redis({
    ...redisOptions(redisUrl),
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => (Date.now() - t0 < connectTimeoutMs ? Math.min(100 * times, 500) : null),
  });
  probe.on('error', (err: Error) => {
    lastError = err.message.split('\n')[0] ?? '';
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch {
    throw new QueueRunFailed(t('queue.unreachable', { url: safeUrl(redisUrl), seconds: Math.round(connectTimeoutMs / 1000), why: lastError ?? '' }));
  } finally {
    probe.disconnect();
  }
  const queue = new Queue(QUEUE_NAME, { connection: redisOptions(redisUrl, `${prefix}:${role}`), prefix });
  queue.on('error', () => undefined); // after the start, outages are waited out: ioredis reconnects, the poll waits
  return queue;
}

/** Removes a failed run's jobs so it can be submitted again (its finished stages are skipped by the stages). */
async function clearFailedRun(queue: Queue, runId: string): Promise<void> {
  // Every job by its ID, leaves first: a failed child sits in its parent's "unsuccessful" set, not in its
  // dependencies, so removing the parent with its children would leave it behind — and a re-added flow
  // would then meet the old failed job under the same ID and fail again at once.
  const ingest = await Job.fromId<RunPayload, IngestJobResult>(queue, jobId('ingest', runId));
  const parts = ingest?.returnvalue?.parts ?? [];
  const shards = ingest?.data.shards;
  const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);
  const ids = [
    ...(shards ? [...upTo(shards.ranges).flatMap((r) => [shardJobId('keys', runId, r), shardJobId('judge', runId, r)]), ...upTo(shards.buckets).map((b) => shardJobId('duplicates', runId, b))] : []),
    ...parts.map((p) => jobId('render', runId, p)),
    ...parts.map((p) => jobId('package', runId, p)),
    jobId('finalize', runId),
    jobId('ingest', runId),
  ];
  for (const id of ids) {
    try {
      await queue.remove(id, { removeChildren: true });
    } catch (err) {
      throw new QueueRunFailed(t('queue.stillProcessing', { runId, why: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err) }));
    }
  }
}

/**
 * Whether a worker is connected, at most once every `checkMs` (CLIENT LIST, which BullMQ workers show
 * up in by their connection name), and when to say that none is: first after `afterMs` without one,
 * then every `repeatMs` — a reminder, not a line per poll. A Redis that refuses CLIENT LIST says nothing.
 */
function workerWatch(queue: Queue, opts: { afterMs?: number; repeatMs?: number } = {}) {
  const afterMs = opts.afterMs ?? 5000;
  const repeatMs = opts.repeatMs ?? 30_000;
  const checkMs = Math.min(afterMs, 2000);
  let lastSeen = Date.now();
  let lastCheck = 0;
  let lastNotice = 0;
  let usable = true;
  return async (): Promise<{ forMs: number } | undefined> => {
    const now = Date.now();
    if (!usable || now - lastCheck < checkMs) return undefined;
    lastCheck = now;
    let count: number;
    try {
      count = await queue.getWorkersCount();
    } catch {
      usable = false;
      return undefined;
    }
    if (count > 0) {
      lastSeen = now;
      lastNotice = 0;
      return undefined;
    }
    const forMs = now - lastSeen;
    if (forMs < afterMs || (lastNotice && now - lastNotice < repeatMs)) return undefined;
    lastNotice = now;
    return { forMs };
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The ingest's progress file, when the watcher shares the workers' run directory (none where it cannot be read). */
function readIngest(stages: QueueStages, runDir: string): QueueProgress['ingestRead'] {
  try {
    const { records, bytesRead, totalBytes } = stages.readRunState(runDir).ingest;
    return totalBytes > 0 ? { records, bytesRead, totalBytes } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Submits a run (calling `initRun` first when given `outDir` + `config`, so the run directory exists
 * before any worker looks at it) and waits until finalize completes: resolves with the RunSummary, or
 * rejects with a one-line QueueRunFailed naming the failed stage, part and reason.
 */
export async function runViaQueue(opts: RunViaQueueOptions): Promise<RunSummary> {
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const pollMs = opts.pollMs ?? 1000;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  if ('config' in opts) checkIdField('run ID', opts.config.runId); // before initRun writes anything
  // Reach Redis before creating the run directory, so a wrong URL leaves nothing behind.
  const queue = await openQueue(opts.redisUrl, prefix, 'run', connectTimeoutMs);
  const stages = loadStages(opts.stages);
  let runDir: string;
  try {
    // Absolute: the workers, maybe on other machines, must find the same (shared) directory.
    runDir = path.resolve('runDir' in opts ? opts.runDir : await stages.initRun(opts.outDir, opts.config, { resume: opts.resume ?? false }));
  } catch (err) {
    await queue.close();
    throw err;
  }
  const runId = runIdOf(runDir);
  checkIdField('run ID', runId);
  const submit = async (): Promise<void> => {
    const { name, data, opts: jobOpts } = ingestJob(runDir, retry);
    await queue.add(name, data, jobOpts);
  };
  try {
    let status = await inspectRun(queue, runId);
    if (status.state === 'failed' && opts.resume) {
      await clearFailedRun(queue, runId);
      status = await inspectRun(queue, runId);
    }
    if (status.ingest === 'unknown' && status.finalize === 'unknown') await submit();
    const noWorker = workerWatch(queue, opts.noWorkerNotice);
    let last = '';
    for (;;) {
      if (opts.signal?.aborted) throw new UsageError(t('queue.stoppedWatching', { runId }));
      status = await inspectRun(queue, runId);
      let notice: string | undefined;
      if (status.state === 'unknown' || (status.ingest === 'completed' && status.finalize === 'unknown')) {
        // Redis lost the run (flushed, failed over to an empty replica, or evicted): rebuild it from the run directory.
        if (status.ingest === 'completed') await queue.remove(jobId('ingest', runId));
        await submit();
        notice = t('queue.lostRun', { runId });
      } else if (status.ingest === 'unknown' && ['waiting-children', 'waiting', 'delayed', 'prioritized'].includes(status.finalize)) {
        // Redis lost part of the run: the ingest job is gone but jobs waiting for (lost) children are
        // left, and would wait for ever. Drop what is left and resubmit; while a leftover job is still
        // running the removal fails, and the next poll tries again.
        const removed = await queue.remove(jobId('finalize', runId), { removeChildren: true }).then(
          () => true,
          () => false,
        );
        if (removed) {
          await submit();
          notice = t('queue.lostPart', { runId });
        }
      }
      const idle = status.state === 'completed' || status.state === 'failed' ? undefined : await noWorker();
      const ingestRead = status.state === 'ingesting' ? readIngest(stages, runDir) : undefined;
      const key = JSON.stringify({ status, ingestRead });
      if (opts.onProgress && (key !== last || notice || idle)) opts.onProgress({ ...status, ...(notice ? { notice } : {}), ...(idle ? { noWorker: idle } : {}), ...(ingestRead ? { ingestRead } : {}) });
      last = key;
      if (status.state === 'failed') {
        throw new QueueRunFailed(t('queue.runFailed', { runId, ...(status.failure !== undefined ? { failure: status.failure } : {}) }));
      }
      if (status.state === 'completed') {
        const finalize = await Job.fromId<unknown, RunSummary | null>(queue, jobId('finalize', runId));
        if (finalize?.returnvalue) return finalize.returnvalue;
        if (finalize) throw new QueueRunFailed(t('queue.noSummary', { runId, runDir }));
      }
      await sleep(pollMs, opts.signal);
    }
  } finally {
    await queue.close();
  }
}

/** `siprint status RUN --redis URL`: the run's state on the queue. */
export async function queueStatus(redisUrl: string, runId: string, opts: { prefix?: string; connectTimeoutMs?: number } = {}): Promise<QueueRunStatus> {
  checkIdField('run ID', runId);
  const queue = await openQueue(redisUrl, opts.prefix ?? DEFAULT_PREFIX, 'status', opts.connectTimeoutMs ?? 10_000);
  try {
    return await inspectRun(queue, runId);
  } finally {
    await queue.close();
  }
}

/** One line for a terminal or log: where the run stands (IDs and counts only). */
export function formatQueueProgress(p: QueueProgress, lang: Lang = currentLang()): string {
  const words = { unknown: 'dash.unknown', waiting: 'dash.waiting', ingesting: 'stage.ingesting', processing: 'dash.processing', completed: 'queue.state.completed' } as const;
  const state = p.state === 'failed' ? tIn(lang, 'queue.state.failed', p.failure !== undefined ? { failure: p.failure } : {}) : tIn(lang, words[p.state]);
  return tIn(lang, 'queue.progress', { runId: p.runId, state, parts: p.parts, rendered: p.rendered, packaged: p.packaged, ...(p.notice ? { notice: p.notice } : {}) });
}
