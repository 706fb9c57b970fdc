/** The pipeline's public API: stages over a run directory, and the in-process orchestration. */
export { initRun } from './init';
export { ingestStage, ingestResultOf, type ArchivedPiece, type IngestOptions, type IngestProgress } from './ingest';
export { renderPartStage, packagePartStage, readPartPieces } from './part-stages';
export { finalizeStage, type RunSummary } from './finalize';
export type { RunManifest } from './ports';
export { readRunState, remainingWork, daysUntil, type RunStatus, type RunStage, type RemainingWork } from './state';
export { readArchive, findArchivedPieces, archivedPartIds } from './archive';
export { runInProcess, type PipelineEvent, type RunInProcessOptions } from './run-in-process';
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
export { readStoredConfig, type StageOptions, type RunCounts, type IngestResult } from './common';
export { runPaths, partPaths, writeFileAtomic, writeJsonAtomic } from './run-dir';
export type { PartRef } from './split';
export { createProgressReporter, formatSummary, formatStatus } from './report';
export { defaultConcurrency } from './pool';
