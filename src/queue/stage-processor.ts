/**
 * The sandboxed processor: BullMQ runs this file (compiled, from dist/) in a worker thread, so the
 * CPU-heavy stages (ingest, render, package) never block the worker's main thread, which keeps
 * renewing the job locks. Without that, a long render would be declared stalled and run twice.
 *
 * The thread learns its settings from `workerData` (set by startWorker), never from the job payload.
 */
import { FlowProducer, type SandboxedJob } from 'bullmq';
import { workerData } from 'node:worker_threads';
import { UsageError } from '../domain/errors';
import { redisOptions } from './connection';
import { runFlow, runIdOf, type IngestJobResult, type JobName, type JobPayloads, type RetryPolicy } from './jobs';
import { loadStages, type RunSummary } from './stages-port';

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

export default async function processStage(job: SandboxedJob): Promise<IngestJobResult | RunSummary | null> {
  const s = settings();
  const stages = loadStages(s.stagesModule);
  const name = job.name as JobName;
  switch (name) {
    case 'ingest': {
      const { runDir } = job.data as JobPayloads['ingest'];
      let parts: { partId: string }[];
      try {
        ({ parts } = await stages.ingestStage(runDir));
      } catch (err) {
        throw asJobError(err, `ingest of run ${runIdOf(runDir)}`);
      }
      await addFlow(s, runDir, parts);
      return { parts: parts.map((p) => p.partId) };
    }
    case 'render': {
      const { runDir, partId } = job.data as JobPayloads['render'];
      try {
        await stages.renderPartStage(runDir, partId);
      } catch (err) {
        throw asJobError(err, `render of part ${partId}`);
      }
      return null;
    }
    case 'package': {
      const { runDir, partId } = job.data as JobPayloads['package'];
      try {
        await stages.packagePartStage(runDir, partId);
      } catch (err) {
        throw asJobError(err, `packaging of part ${partId}`);
      }
      return null;
    }
    case 'finalize': {
      const { runDir } = job.data as JobPayloads['finalize'];
      try {
        return await stages.finalizeStage(runDir);
      } catch (err) {
        throw asJobError(err, `finalize of run ${runIdOf(runDir)}`);
      }
    }
    default: {
      const unknown: never = name;
      const e = new Error(`unknown job name '${String(unknown)}' (a newer producer than this worker?)`);
      e.name = 'UnrecoverableError';
      throw e;
    }
  }
}
