/** The BullMQ orchestration of the pipeline stages (see jobs.ts for the flow). */
export { startWorker, PROCESSOR_FILE, DIST_STAGES_MODULE, type StartWorkerOptions, type RunningWorker, type WorkerEvent } from './worker';
export {
  runViaQueue,
  queueStatus,
  inspectRun,
  QueueRunFailed,
  formatQueueProgress,
  type RunViaQueueOptions,
  type QueueRunStatus,
  type QueueProgress,
} from './run-via-queue';
export {
  QUEUE_NAME,
  DEFAULT_PREFIX,
  DEFAULT_RETRY,
  JOB_NAMES,
  jobId,
  runFlow,
  ingestJob,
  type JobName,
  type JobPayloads,
  type RetryPolicy,
} from './jobs';
export { DEFAULT_REDIS_URL, redisOptions, safeUrl } from './connection';
export { loadStages, type QueueStages } from './stages-port';
