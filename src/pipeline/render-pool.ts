/**
 * A fixed pool of worker threads rendering parts (CPU-bound: one per core by default). The main
 * thread only dispatches part IDs and packages finished parts meanwhile.
 */
import { t } from '../i18n';
import { ThreadPool, type TaskReply } from './thread-pool';
import { RENDER_YOUNG_GENERATION_MB, workerScript } from './threads';

/** What a render thread is given at start and per part (see render-worker.ts). */
export interface RenderWorkerData {
  verificationKey?: string;
  /** The main thread's font files (see shareFontFiles): not read again there. */
  fonts?: Record<string, SharedArrayBuffer>;
}
export interface RenderRequest {
  id: number;
  runDir: string;
  partId: string;
}
export type RenderReply = TaskReply;

export interface RenderPoolOptions {
  /** Old-generation heap of each render thread, MB (renderHeapMb). */
  heapMb?: number;
}

export class RenderPool extends ThreadPool<Omit<RenderRequest, 'id'>> {
  constructor(size: number, data: RenderWorkerData, opts: RenderPoolOptions = {}, script = workerScript('render-worker')) {
    super(size, script, data, {
      ...opts,
      youngMb: RENDER_YOUNG_GENERATION_MB,
      exited: (code) => t('threads.renderExited', { code }),
      outOfMemory: t('threads.renderOutOfMemory', { mb: String(opts.heapMb ?? '?') }),
    });
  }

  /** Renders one part in a worker; resolves with the render time in ms. */
  render(runDir: string, partId: string): Promise<number> {
    return this.run({ runDir, partId });
  }
}
