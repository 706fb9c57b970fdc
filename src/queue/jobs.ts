/**
 * Job names, payloads, IDs and options: one typed map shared by the producers (run-via-queue, the
 * ingest processor adding the flow) and the processor (graphile-worker style).
 *
 * Payloads are references only — the run directory and a part ID — never personal data.
 *
 * The flow one run becomes, added by the ingest job once it knows the parts:
 *
 *   finalize <runId>                       (parent; runs when every package is done)
 *   ├── package <runId>/<partA>            (failParentOnFailure)
 *   │   └── render <runId>/<partA>         (failParentOnFailure)
 *   └── package <runId>/<partB> ...
 *       └── render <runId>/<partB>
 *
 * Before it, a large extract's ingest is sharded (pipeline/ingest-shards.ts): the `ingest` job plans,
 * then adds one layer of children at a time and waits for them (BullMQ's waiting-children), taking
 * the layer to run from the run directory's markers:
 *
 *   ingest <runId>                         (plan; then the merge, once the last layer is done)
 *   ├── keys <runId>/r0000 … r<R-1>        pass 1 per byte range
 *   ├── duplicates <runId>/b0000 … b<K-1>  the duplicate groups per key bucket (after every keys job)
 *   └── judge <runId>/r0000 … r<R-1>       pass 2 per byte range (after every duplicates job)
 *
 * A sharded ingest's merge adds each part's render job as soon as the part is written; the flow, added
 * once the merge is done, adopts those jobs (BullMQ: a child whose ID exists becomes the parent's
 * dependency, or counts as done if it is), so renders start while the merge still cuts later parts.
 *
 * Renders fan out (all leaves are ready at once); each package waits only for its own render, so
 * packaging overlaps the remaining renders; finalize fans in. A child failing after its last attempt
 * fails its parent, recursively, so a broken part fails the run loudly instead of leaving finalize
 * waiting for ever (BullMQ's default for a failed child).
 */
import type { DefaultJobOptions, FlowJob, JobsOptions } from 'bullmq';
import path from 'node:path';
import { UsageError } from '../domain/errors';
import type { PartRef } from '../run-dir/markers';
import { t } from '../i18n';

export interface RunPayload {
  runDir: string;
  /** A sharded ingest's jobs of each kind (set by the ingest job once it has planned). */
  shards?: { ranges: number; buckets: number };
}
export interface PartPayload {
  runDir: string;
  partId: string;
}
/** A sharded ingest's range (keys, judge) or bucket (duplicates). */
export interface ShardPayload {
  runDir: string;
  index: number;
}
/** Job name → payload. */
export interface JobPayloads {
  ingest: RunPayload;
  render: PartPayload;
  package: PartPayload;
  finalize: RunPayload;
  keys: ShardPayload;
  duplicates: ShardPayload;
  judge: ShardPayload;
}
export type JobName = keyof JobPayloads;
export type ShardJobName = 'keys' | 'duplicates' | 'judge';
export const JOB_NAMES: readonly JobName[] = ['ingest', 'render', 'package', 'finalize', 'keys', 'duplicates', 'judge'];
/** What the ingest job returns (kept in Redis; IDs only). */
export interface IngestJobResult {
  parts: string[];
}

/** One queue for every stage: a worker processes any stage, and a flow's parent and children share it. */
export const QUEUE_NAME = 'siprint';
/** BullMQ's key prefix; tests use a unique one each. */
export const DEFAULT_PREFIX = 'siprint';

/** Retry policy of every job: the stages are idempotent, so a retry is always safe. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 5000 };

// Job IDs are `<runId>:<stage>:<part|run>`. BullMQ refuses custom IDs holding ':' unless they have
// exactly three fields, so the run-wide jobs get the fixed third field `run`.
const ID_FIELD = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function checkIdField(kind: 'run ID' | 'part ID', value: string): void {
  if (!ID_FIELD.test(value) || /^\d+$/.test(value)) {
    throw new UsageError(t('queue.badIdField', { kind, value }));
  }
}

export function runIdOf(runDir: string): string {
  return path.basename(path.resolve(runDir));
}

export function jobId(name: 'ingest' | 'finalize', runId: string): string;
export function jobId(name: 'render' | 'package', runId: string, partId: string): string;
export function jobId(name: JobName, runId: string, partId?: string): string {
  return `${runId}:${name}:${partId ?? 'run'}`;
}

/** `<runId>:keys:r0003`, `<runId>:duplicates:b0012`: a range's or a bucket's job. */
export function shardJobId(name: ShardJobName, runId: string, index: number): string {
  return `${runId}:${name}:${name === 'duplicates' ? 'b' : 'r'}${String(index).padStart(4, '0')}`;
}

/** One layer of a sharded ingest, as children of the run's ingest job (`parent`: its id and queue key). */
export function shardJobs(name: ShardJobName, runDir: string, indexes: readonly number[], retry: RetryPolicy, prefix: string, parent: { id: string; queue: string }): FlowJob[] {
  const runId = runIdOf(runDir);
  checkIdField('run ID', runId);
  const opts = { ...jobOptions(retry), failParentOnFailure: true, parent };
  return indexes.map((index) => ({
    name,
    queueName: QUEUE_NAME,
    prefix,
    data: { runDir, index } satisfies ShardPayload,
    opts: { ...opts, jobId: shardJobId(name, runId, index) },
  }));
}

export function jobOptions(retry: RetryPolicy): DefaultJobOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    // Keep finished jobs long enough for `status --redis` and `--resume`, but not for ever.
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/** The ingest job `run --redis` submits. */
export function ingestJob(runDir: string, retry: RetryPolicy): { name: 'ingest'; data: RunPayload; opts: JobsOptions } {
  const runId = runIdOf(runDir);
  checkIdField('run ID', runId);
  return { name: 'ingest', data: { runDir }, opts: { ...jobOptions(retry), jobId: jobId('ingest', runId) } };
}

/**
 * A part's render job: in the flow below, or added alone by a sharded ingest's merge as soon as the
 * part is written — with the same ID and options, so that the flow, added after the merge, adopts it.
 */
export function renderJob(runDir: string, partId: string, retry: RetryPolicy): { name: 'render'; data: PartPayload; opts: JobsOptions & { jobId: string } } {
  const runId = runIdOf(runDir);
  checkIdField('run ID', runId);
  checkIdField('part ID', partId);
  return { name: 'render', data: { runDir, partId }, opts: { ...jobOptions(retry), failParentOnFailure: true, jobId: jobId('render', runId, partId) } };
}

/** The flow tree (see the top of this file) for the parts ingest produced. */
export function runFlow(runDir: string, parts: readonly Pick<PartRef, 'partId'>[], retry: RetryPolicy, prefix: string): FlowJob {
  const runId = runIdOf(runDir);
  checkIdField('run ID', runId);
  const base = jobOptions(retry);
  const child = { ...base, failParentOnFailure: true };
  return {
    name: 'finalize',
    queueName: QUEUE_NAME,
    prefix,
    data: { runDir } satisfies JobPayloads['finalize'],
    opts: { ...base, jobId: jobId('finalize', runId) },
    children: parts.map(({ partId }) => {
      checkIdField('part ID', partId);
      return {
        name: 'package',
        queueName: QUEUE_NAME,
        prefix,
        data: { runDir, partId } satisfies JobPayloads['package'],
        opts: { ...child, jobId: jobId('package', runId, partId) },
        children: [{ ...renderJob(runDir, partId, retry), queueName: QUEUE_NAME, prefix }],
      };
    }),
  };
}
