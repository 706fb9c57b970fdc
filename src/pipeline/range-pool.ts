/**
 * The sharded ingest in-process: the keys, duplicates and judge stages of ingest-shards.ts — the
 * jobs of a BullMQ run's sharded ingest, so the same bytes — on a pool of range threads, one layer
 * after another, then the merge on this thread, which hands on each part as it is written.
 * Resumable as the jobs are: a stage whose output is in place is not run again.
 */
import { t } from '../i18n';
import type { IngestState, PartRef } from '../run-dir/markers';
import { resolveVerificationKey } from './config';
import { stageContext, type StageOptions } from './context';
import { judgeSetupOf } from './ingest';
import { mergeStage, pendingShards, readPlan, shardLayers, shardProgress, type ShardLayer, type ShardProgress } from './ingest-shards';
import type { JudgeSetup } from './judge';
import { ThreadPool } from './thread-pool';
import { RANGE_THREAD_HEAP_MB, workerScript } from './threads';

/** What a range thread is given at start (see range-worker.ts). */
export interface RangeWorkerData {
  verificationKey?: string;
  /** The ingest thread's font files (see shareFontFiles): not read again there. */
  fonts?: Record<string, SharedArrayBuffer>;
  /** The run's judge setup, made once (the deceased table stays in shared memory). */
  setup: JudgeSetup;
}
/** One stage of one range or bucket. */
export interface RangeTask {
  runDir: string;
  layer: ShardLayer;
  index: number;
}

export interface RangeIngestOptions extends StageOptions {
  threads: number;
  fonts?: Record<string, SharedArrayBuffer>;
  onProgress?: (p: ShardProgress) => void;
  onPart?: (part: PartRef) => void;
}

/** The ingest of a run whose plan (planIngest) has more than one range. */
export async function ingestInRanges(runDir: string, opts: RangeIngestOptions): Promise<IngestState> {
  const { stored } = stageContext(runDir, opts);
  const plan = readPlan(runDir);
  const key = resolveVerificationKey(stored, opts.verificationKey);
  const data: RangeWorkerData = { setup: await judgeSetupOf(stored, key), ...(opts.verificationKey ? { verificationKey: opts.verificationKey } : {}), ...(opts.fonts ? { fonts: opts.fonts } : {}) };
  const pool = new ThreadPool<RangeTask>(Math.max(1, Math.min(opts.threads, plan.ranges.length)), workerScript('range-worker'), data, {
    heapMb: RANGE_THREAD_HEAP_MB,
    exited: (code) => t('threads.rangeExited', { code }),
    outOfMemory: t('threads.rangeOutOfMemory', { mb: RANGE_THREAD_HEAP_MB, log: 'logs/siprint.log' }),
  });
  try {
    const missingAgain = (layer: ShardLayer, indexes: string) => new Error(t('threads.rangeOutputMissing', { layer, indexes }));
    for await (const { layer, indexes } of shardLayers(() => pendingShards(runDir), missingAgain)) {
      // each stage writes state/ingest-progress.json as it finishes; the terminal hears of it here
      await Promise.all(indexes.map((index) => pool.run({ runDir, layer, index }).then(() => opts.onProgress?.(shardProgress(runDir, layer)))));
    }
  } finally {
    // the range threads' memory is given back before the parts are cut and rendered
    await pool.close();
  }
  return mergeStage(runDir, opts);
}
