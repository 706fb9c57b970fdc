/**
 * The sandboxed processor: BullMQ runs this file (compiled, from dist/) in a worker thread, so the
 * CPU-heavy stages (ingest, render, package) never block the worker's main thread, which keeps
 * renewing the job locks. Without that, a long render would be declared stalled and run twice.
 *
 * The thread learns its settings from `workerData` (set by startWorker), never from the job payload.
 */
import { FlowProducer, Job, Queue, WaitingChildrenError, type SandboxedJob } from 'bullmq';
import { workerData } from 'node:worker_threads';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { redisOptions } from './connection';
import { QUEUE_NAME, renderJob, runFlow, runIdOf, shardJobs, type IngestJobResult, type JobName, type JobPayloads, type RetryPolicy, type ShardJobName } from './jobs';
import { shardLayers } from '../pipeline';
import { loadStages, type RunSummary, type ShardedIngestStages } from './stages-port';

export interface ProcessorSettings {
  stagesModule: string;
  redisUrl: string;
  prefix: string;
  retry: RetryPolicy;
}

function settings(): ProcessorSettings {
  const s = workerData as Partial<ProcessorSettings> | null;
  if (!s || typeof s.stagesModule !== 'string' || typeof s.redisUrl !== 'string' || typeof s.prefix !== 'string' || !s.retry) {
    throw new Error('stage processor started without its settings (it must be started by startWorker)');
  }
  return s as ProcessorSettings;
}

/** Bad input (exit-2 errors) will not get better on retry: tell BullMQ to fail at once. */
function asJobError(err: unknown, where: string): Error {
  const message = `${where}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  const out = new Error(message);
  // By name too: a stages module may carry its own copy of src/errors.
  const usage = err instanceof UsageError || (err instanceof Error && (err.name === 'UsageError' || err.name === 'InputError'));
  if (usage) out.name = 'UnrecoverableError';
  else out.name = err instanceof Error ? err.name : 'Error';
  if (err instanceof Error && err.stack) out.stack = `${out.name}: ${message}\n${err.stack.split('\n').slice(1).join('\n')}`;
  return out;
}

async function addFlow(s: ProcessorSettings, runDir: string, parts: { partId: string }[]): Promise<void> {
  const producer = new FlowProducer({ connection: redisOptions(s.redisUrl, `${s.prefix}:flow-producer`), prefix: s.prefix });
  try {
    // Deterministic job IDs make this idempotent: when a retried ingest adds the flow again,
    // BullMQ keeps the existing jobs (and their progress) instead of adding copies.
    await producer.add(runFlow(runDir, parts, s.retry, s.prefix));
  } finally {
    await producer.close();
  }
}

async function addShards(s: ProcessorSettings, job: SandboxedJob, runDir: string, name: ShardJobName, indexes: number[]): Promise<void> {
  const producer = new FlowProducer({ connection: redisOptions(s.redisUrl, `${s.prefix}:flow-producer`), prefix: s.prefix });
  try {
    // deterministic IDs: a layer added again (the ingest job redelivered) keeps the jobs already there
    await producer.addBulk(shardJobs(name, runDir, indexes, s.retry, s.prefix, { id: job.id ?? '', queue: job.queueQualifiedName }));
  } finally {
    await producer.close();
  }
}

/**
 * The sharded ingest, as the ingest job: each call adds the next layer that the run directory says
 * is missing and waits for it (the job comes back here when its children are done); the merge at the end,
 * which adds each part's render job as soon as the part is written (other workers render while the
 * merge goes on; the flow added after it adopts those jobs by their IDs).
 * Resolves with the parts; throws WaitingChildrenError while a layer is out.
 */
async function shardedIngest(s: ProcessorSettings, job: SandboxedJob, token: string | undefined, runDir: string, stages: ShardedIngestStages): Promise<{ partId: string }[] | null> {
  const shards = await stages.planIngest(runDir);
  if (!shards) return null;
  // kept with the job: a resume clears a failed run's range and bucket jobs by their IDs
  if (!(job.data as JobPayloads['ingest']).shards) await job.updateData({ ...(job.data as JobPayloads['ingest']), shards } satisfies JobPayloads['ingest']);
  // the same jobs missing after they were all done: their outputs are gone (the scratch removed?)
  const missingAgain = (layer: string, indexes: string) => new Error(t('job.outputMissing', { layer, indexes }));
  for await (const next of shardLayers(() => stages.pendingShards(runDir), missingAgain)) {
    await addShards(s, job, runDir, next.layer, next.indexes);
    if (await job.moveToWaitingChildren(token ?? '')) throw new WaitingChildrenError();
  }
  const queue = new Queue(QUEUE_NAME, { connection: redisOptions(s.redisUrl, `${s.prefix}:renders`), prefix: s.prefix });
  try {
    return (await stages.mergeStage(runDir, { onPart: (part) => addRender(queue, s, runDir, part.partId) })).parts;
  } finally {
    await queue.close();
  }
}

/**
 * A part's render job, before the flow that will be its parent (same ID and options: the flow adopts
 * it, done or not). One left failed by an earlier attempt of the run (a resume) is replaced.
 */
async function addRender(queue: Queue, s: ProcessorSettings, runDir: string, partId: string): Promise<void> {
  const { name, data, opts } = renderJob(runDir, partId, s.retry);
  const old = await Job.fromId(queue, opts.jobId ?? '');
  if (old && (await old.isFailed())) await old.remove();
  await queue.add(name, data, opts);
}

export default async function processStage(job: SandboxedJob, token?: string): Promise<IngestJobResult | RunSummary | null> {
  const s = settings();
  const stages = loadStages(s.stagesModule);
  const name = job.name as JobName;
  switch (name) {
    case 'ingest': {
      const { runDir } = job.data as JobPayloads['ingest'];
      let parts: { partId: string }[];
      try {
        parts = (stages.sharded && (await shardedIngest(s, job, token, runDir, stages.sharded))) || (await stages.ingestStage(runDir)).parts;
      } catch (err) {
        if (err instanceof WaitingChildrenError) throw err;
        throw asJobError(err, t('job.ingest', { runId: runIdOf(runDir) }));
      }
      await addFlow(s, runDir, parts);
      return { parts: parts.map((p) => p.partId) };
    }
    case 'keys':
    case 'duplicates':
    case 'judge': {
      const { runDir, index } = job.data as JobPayloads[typeof name];
      const sharded = stages.sharded;
      if (!sharded) throw asJobError(new Error(t('job.noSharded')), t('job.ofLayer', { layer: name }));
      try {
        if (name === 'keys') await sharded.keysStage(runDir, index);
        else if (name === 'duplicates') await sharded.duplicatesStage(runDir, index);
        else await sharded.judgeRangeStage(runDir, index);
      } catch (err) {
        throw asJobError(err, t(`job.${name}`, { runId: runIdOf(runDir), index }));
      }
      return null;
    }
    case 'render': {
      const { runDir, partId } = job.data as JobPayloads['render'];
      try {
        await stages.renderPartStage(runDir, partId);
      } catch (err) {
        throw asJobError(err, t('job.render', { partId }));
      }
      return null;
    }
    case 'package': {
      const { runDir, partId } = job.data as JobPayloads['package'];
      try {
        await stages.packagePartStage(runDir, partId);
      } catch (err) {
        throw asJobError(err, t('job.package', { partId }));
      }
      return null;
    }
    case 'finalize': {
      const { runDir } = job.data as JobPayloads['finalize'];
      try {
        return await stages.finalizeStage(runDir);
      } catch (err) {
        throw asJobError(err, t('job.finalize', { runId: runIdOf(runDir) }));
      }
    }
    default: {
      const unknown: never = name;
      const e = new Error(t('job.unknown', { name: String(unknown) }));
      e.name = 'UnrecoverableError';
      throw e;
    }
  }
}
