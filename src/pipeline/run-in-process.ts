/**
 * The embedded orchestration: stages called directly, rendering spread over worker threads, each
 * part packaged (on the main thread) as soon as it is rendered. Resumable: parts already rendered or
 * packaged are skipped, so `--resume` redoes nothing that is finished.
 */
import type { RunSummary } from './finalize';
import { finalizeStage } from './finalize';
import { ingestStage } from './ingest';
import { packagePartStage, packagedDone } from './part-stages';
import { RenderPool, defaultConcurrency } from './pool';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { partPaths } from './run-dir';
import { runLog } from './log';

export type PipelineEvent =
  | { type: 'ingest-progress'; records: number; bytesRead: number; totalBytes: number }
  | { type: 'ingested'; records: number; parts: number; pieces: number }
  | { type: 'part-rendered'; partId: string; done: number; total: number }
  | { type: 'part-packaged'; partId: string; done: number; total: number }
  | { type: 'finalized' };

export interface RunInProcessOptions {
  /** Render worker threads (default: one per core). */
  concurrency?: number;
  verificationKey?: string;
  onEvent?: (e: PipelineEvent) => void;
}

export async function runInProcess(runDir: string, opts: RunInProcessOptions = {}): Promise<RunSummary> {
  const emit = opts.onEvent ?? (() => undefined);
  const stageOpts = opts.verificationKey ? { verificationKey: opts.verificationKey } : {};
  const ingest = await ingestStage(runDir, {
    ...stageOpts,
    onProgress: (p) => emit({ type: 'ingest-progress', records: p.records, bytesRead: p.bytesRead, totalBytes: p.totalBytes }),
  });
  const parts = ingest.parts;
  emit({ type: 'ingested', records: ingest.counts.input, parts: parts.length, pieces: ingest.counts.pieces });

  const total = parts.length;
  let rendered = 0;
  let packaged = 0;
  const pending = parts.filter((p) => !packagedDone(runDir, p.partId));
  for (const p of parts) {
    if (existsSync(partPaths(runDir, p.partId).rendered)) rendered += 1;
    if (!pending.includes(p)) packaged += 1;
  }
  if (rendered) emit({ type: 'part-rendered', partId: '', done: rendered, total });
  if (packaged) emit({ type: 'part-packaged', partId: '', done: packaged, total });

  // packaging is serialized on the main thread; it overlaps with rendering in the workers
  let packChain: Promise<void> = Promise.resolve();
  const pack = (partId: string) => {
    packChain = packChain.then(async () => {
      await packagePartStage(runDir, partId, stageOpts);
      packaged += 1;
      emit({ type: 'part-packaged', partId, done: packaged, total });
    });
    // awaited below (Promise.all(packs)); until then a failed package (e.g. a full disk) must not be an
    // unhandled rejection, which would crash the process with a stack trace mid-render
    packChain.catch(() => undefined);
    return packChain;
  };

  const toRender = pending.filter((p) => !existsSync(partPaths(runDir, p.partId).rendered));
  const renderedAlready = pending.filter((p) => !toRender.includes(p));
  const packs: Promise<void>[] = renderedAlready.map((p) => pack(p.partId));
  if (toRender.length) {
    const size = Math.min(opts.concurrency ?? defaultConcurrency(), toRender.length);
    const pool = new RenderPool(size, stageOpts);
    runLog(runDir).info('rendering', { runId: path.basename(runDir), parts: toRender.length, workers: size });
    let failure: Error | undefined;
    try {
      await Promise.all(
        toRender.map(async (p) => {
          try {
            await pool.render(runDir, p.partId);
          } catch (err) {
            // after a failure, start nothing new; parts being rendered finish (their files stay valid)
            if (!failure) {
              failure = err instanceof Error ? err : new Error(String(err));
              pool.cancelPending();
            }
            return;
          }
          rendered += 1;
          emit({ type: 'part-rendered', partId: p.partId, done: rendered, total });
          packs.push(pack(p.partId));
        }),
      );
    } finally {
      await pool.close();
    }
    if (failure) {
      await Promise.allSettled(packs);
      throw failure;
    }
  }
  await Promise.all(packs);
  const summary = await finalizeStage(runDir, stageOpts);
  emit({ type: 'finalized' });
  return summary;
}
