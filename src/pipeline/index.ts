/** The pipeline's public API: stages over a run directory, the in-process orchestration, and run state. */
export { initRun } from './init';
export { readRunReturned } from './returned';
export { ingestStage, type IngestOptions, type IngestProgress } from './ingest';
export { duplicatesStage, judgeRangeStage, keysStage, mergeStage, pendingShards, planIngest, shardLayers, type ShardCounts, type ShardLayer } from './ingest-shards';
export { renderPartStage, readPartPieces } from './render-stage';
export { packagePartStage } from './package-stage';
export { finalizeStage, type RunSummary } from './finalize';
export { buildCodeIndex } from './code-index';
export { readRunState, remainingWork, ingestStateOf, type RunStatus, type RunStage, type RemainingWork } from './state';
export { runInProcess, type PipelineEvent, type RunInProcessOptions } from './run-in-process';
export { writeRunRecords } from './run-records';
export { writeRunReport, collectReportInput, exceptionExamples, stagesFromLog } from './run-report';
export {
  loadTicket,
  resolveRunConfig,
  resolveVerificationKey,
  configFromStored,
  verificationKeyId,
  type RunConfig,
  type StoredRunConfig,
  type Ticket,
} from './config';
export type { StageOptions, RunIdentity } from './context';
export { defaultConcurrency, STAGE_THREAD_HEAP_MB } from './threads';
export { readRunDeceased } from './deceased';
