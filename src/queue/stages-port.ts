/**
 * The stage functions the queue drives, from src/pipeline (docs/architecture.md: cli → queue → pipeline).
 *
 * The sandboxed processors run in worker threads, which receive settings, not functions: a thread
 * names its stages module by path. The real pipeline is imported statically (so its signatures are
 * checked against `QueueStages` at compile time); tests and benchmarks may point a worker at another
 * module with the same exports, which is then loaded by path and checked at start.
 */
import path from 'node:path';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { duplicatesStage, finalizeStage, ingestStage, initRun, judgeRangeStage, keysStage, mergeStage, packagePartStage, pendingShards, planIngest, readRunState, renderPartStage } from '../pipeline';
import type { RunConfig, RunStatus, RunSummary, ShardCounts, ShardLayer } from '../pipeline';
import type { PartRef } from '../run-dir/markers';

export type { RunConfig, RunStatus, RunSummary } from '../pipeline';

/** The stage functions the queue drives (src/pipeline). All are idempotent. */
export interface QueueStages {
  initRun(outDir: string, config: RunConfig, opts: { resume: boolean }): Promise<string>;
  ingestStage(runDir: string): Promise<{ parts: Pick<PartRef, 'partId'>[] }>;
  renderPartStage(runDir: string, partId: string): Promise<void>;
  packagePartStage(runDir: string, partId: string): Promise<void>;
  finalizeStage(runDir: string): Promise<RunSummary>;
  readRunState(runDir: string): RunStatus;
  /** The sharded ingest (pipeline/ingest-shards.ts); a stages module without it ingests in one job. */
  sharded?: ShardedIngestStages;
}

/** The sharded ingest's stages: the `ingest` job plans, then waits on each layer of range and bucket jobs, then merges. */
export interface ShardedIngestStages {
  planIngest(runDir: string): Promise<ShardCounts | null>;
  /** The next layer's jobs whose output is not in place yet (null: only the merge is left). */
  pendingShards(runDir: string): Promise<{ layer: ShardLayer; indexes: number[] } | null>;
  keysStage(runDir: string, range: number): Promise<void>;
  duplicatesStage(runDir: string, bucket: number): Promise<void>;
  judgeRangeStage(runDir: string, range: number): Promise<void>;
  /** `onPart`: told of each part once its files are in place (the queue adds its render job then). */
  mergeStage(runDir: string, opts?: { onPart?: (part: Pick<PartRef, 'partId'>) => Promise<void> }): Promise<{ parts: Pick<PartRef, 'partId'>[] }>;
}

/** The real stages; `satisfies` makes a signature drift in src/pipeline a compile error here. */
const PIPELINE_STAGES = {
  initRun,
  ingestStage,
  renderPartStage,
  packagePartStage,
  finalizeStage,
  readRunState,
  sharded: { planIngest, pendingShards, keysStage, duplicatesStage, judgeRangeStage, mergeStage },
} satisfies QueueStages;

/** The real pipeline module, resolved next to this file (src/ under jest, dist/ when built). */
export const DEFAULT_STAGES_MODULE = path.join(__dirname, '..', 'pipeline');

const STAGE_NAMES = ['initRun', 'ingestStage', 'renderPartStage', 'packagePartStage', 'finalizeStage', 'readRunState'] as const;
const SHARDED_NAMES = Object.keys(PIPELINE_STAGES.sharded) as (keyof ShardedIngestStages)[];

const cache = new Map<string, QueueStages>();

/**
 * Loads the stage functions from `modulePath` (default: the real pipeline) and checks they are all there,
 * so a wrong module fails at worker start with one line, not at the first job.
 */
export function loadStages(modulePath: string = DEFAULT_STAGES_MODULE): QueueStages {
  const resolved = path.resolve(modulePath);
  if (resolved === DEFAULT_STAGES_MODULE) return PIPELINE_STAGES;
  const hit = cache.get(resolved);
  if (hit) return hit;
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(resolved) as Record<string, unknown>;
  } catch (err) {
    const why = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    throw new UsageError(t('stages.cannotLoad', { file: resolved, why, build: 'npm run build' }));
  }
  const missing = STAGE_NAMES.filter((n) => typeof mod[n] !== 'function');
  if (missing.length > 0) {
    throw new UsageError(t('stages.lacks', { file: resolved, names: missing.join(', ') }));
  }
  const stages = { ...mod } as unknown as QueueStages;
  // all or nothing: a module with some of the sharded stages is a mistake, said at start
  const sharded = SHARDED_NAMES.filter((n) => typeof mod[n] === 'function');
  if (sharded.length > 0 && sharded.length < SHARDED_NAMES.length) {
    throw new UsageError(t('stages.someSharded', { file: resolved, names: SHARDED_NAMES.filter((n) => !sharded.includes(n)).join(', ') }));
  }
  if (sharded.length > 0) stages.sharded = mod as unknown as ShardedIngestStages;
  cache.set(resolved, stages);
  return stages;
}
