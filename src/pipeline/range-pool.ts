/**
 * The sharded ingest in-process: the keys, duplicates and judge stages of ingest-shards.ts — the
 * jobs of a BullMQ run's sharded ingest, so the same bytes — on a pool of range threads, one layer
 * after another, then the merge on this thread, which hands on each part as it is written.
 * Resumable as the jobs are: a stage whose output is in place is not run again.
 */
import { t } from '../i18n';
import { writeJsonAtomic } from '../run-dir/atomic';
import type { IngestState, PartRef } from '../run-dir/markers';
import { runPaths } from '../run-dir/paths';
import { resolveVerificationKey } from './config';
import { stageContext, type StageOptions } from './context';
import { judgeSetupOf } from './ingest';
import { judgedCounts, mergeStage, pendingShards, readPlan, type ShardLayer } from './ingest-shards';
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

export interface RangeProgress {
  layer: ShardLayer;
  /** Ranges (keys, judge) or buckets (duplicates) of this layer done, of `total`. */
  done: number;
  total: number;
  /** Records judged so far; the bytes both passes have read, of twice the extract's size (as the one-pass ingest counts them). */
  records: number;
  bytesRead: number;
  totalBytes: number;
}

export interface RangeIngestOptions extends StageOptions {
  threads: number;
  fonts?: Record<string, SharedArrayBuffer>;
  onProgress?: (p: RangeProgress) => void;
  onPart?: (part: PartRef) => void;
}

/** The ingest of a run whose plan (planIngest) has more than one range. */
export async function ingestInRanges(runDir: string, opts: RangeIngestOptions): Promise<IngestState> {
  const { stored } = stageContext(runDir, opts);
  const plan = readPlan(runDir);
  const key = resolveVerificationKey(stored, opts.verificationKey);
  const data: RangeWorkerData = { setup: await judgeSetupOf(stored, key), ...(opts.verificationKey ? { verificationKey: opts.verificationKey } : {}), ...(opts.fonts ? { fonts: opts.fonts } : {}) };
  const R = plan.ranges.length;
  const bytesOf = (r: number) => (plan.ranges[r]?.end ?? 0) - (plan.ranges[r]?.start ?? 0);
  const keyed = new Set<number>();
  const judged = new Set<number>();
  let written = Promise.resolve();
  const pool = new ThreadPool<RangeTask>(Math.max(1, Math.min(opts.threads, R)), workerScript('range-worker'), data, {
    heapMb: RANGE_THREAD_HEAP_MB,
    exited: (code) => t('threads.rangeExited', { code }),
    outOfMemory: t('threads.rangeOutOfMemory', { mb: RANGE_THREAD_HEAP_MB, log: 'logs/siprint.log' }),
  });
  try {
    let last = '';
    for (let next = await pendingShards(runDir); next; next = await pendingShards(runDir)) {
      const { layer, indexes } = next;
      const seen = `${layer} ${indexes.join(',')}`;
      // the same stages missing after they all finished: their outputs are gone (a bug, or the scratch removed)
      if (seen === last) throw new Error(t('threads.rangeOutputMissing', { layer, indexes: indexes.join(', ') }));
      last = seen;
      const total = layer === 'duplicates' ? plan.buckets : R;
      // what the layers before this one (or a run before a resume) have done
      for (let r = 0; r < R; r++) {
        if (layer !== 'keys' || !indexes.includes(r)) keyed.add(r);
        if (layer === 'judge' && !indexes.includes(r)) judged.add(r);
      }
      let done = total - indexes.length;
      const report = async () => {
        let bytesRead = 0;
        let records = 0;
        let exceptions = 0;
        for (const r of keyed) bytesRead += bytesOf(r);
        for (const r of judged) {
          const c = judgedCounts(runDir, r);
          bytesRead += bytesOf(r);
          records += c?.input ?? 0;
          exceptions += (c?.exceptions ?? 0) + (c?.suppressed ?? 0);
        }
        opts.onProgress?.({ layer, done, total, records, bytesRead, totalBytes: 2 * plan.size });
        // what `siprint status` shows while the ingest runs (the merge writes the last), one write after another
        const progress = { records, bytesRead, totalBytes: 2 * plan.size, parts: 0, exceptions };
        written = written.then(() => writeJsonAtomic(runPaths(runDir).ingestProgress, progress));
        await written;
      };
      await Promise.all(
        indexes.map((index) =>
          pool.run({ runDir, layer, index }).then(() => {
            done += 1;
            if (layer === 'keys') keyed.add(index);
            else if (layer === 'judge') judged.add(index);
            return report();
          }),
        ),
      );
    }
  } finally {
    // the range threads' memory is given back before the parts are cut and rendered
    await pool.close();
  }
  return mergeStage(runDir, opts);
}
