/**
 * A fixed pool of worker threads rendering parts (CPU-bound: one per core by default). The main
 * thread only dispatches part IDs and packages finished parts meanwhile.
 */
import { Worker } from 'node:worker_threads';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import { RENDER_YOUNG_GENERATION_MB, checkConcurrency, workerScript } from './threads';

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
export type RenderReply = { id: number; ok: true; ms: number } | { id: number; ok: false; message: string; exitCode: number };

interface Slot {
  worker: Worker;
  dead?: boolean;
  busy?: { id: number; resolve: (ms: number) => void; reject: (e: Error) => void };
}

export interface RenderPoolOptions {
  /** Old-generation heap of each render thread, MB (renderHeapMb). */
  heapMb?: number;
}

export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: { req: RenderRequest; resolve: (ms: number) => void; reject: (e: Error) => void }[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private size: number,
    private readonly data: RenderWorkerData,
    private readonly opts: RenderPoolOptions = {},
    private readonly script = workerScript('render-worker'),
  ) {
    checkConcurrency(size);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** More threads (never fewer): e.g. once the ingest thread has finished and its core is free. */
  grow(size: number): void {
    while (!this.closed && this.size < size) {
      this.size += 1;
      this.slots.push(this.spawn());
    }
    this.pump();
  }

  private spawn(): Slot {
    const limits = { resourceLimits: { maxYoungGenerationSizeMb: RENDER_YOUNG_GENERATION_MB, ...(this.opts.heapMb ? { maxOldGenerationSizeMb: this.opts.heapMb } : {}) } };
    const slot: Slot = { worker: new Worker(this.script, { workerData: this.data, ...limits }) };
    slot.worker.on('message', (reply: RenderReply) => {
      const job = slot.busy;
      if (!job || job.id !== reply.id) return;
      slot.busy = undefined;
      if (reply.ok) job.resolve(reply.ms);
      else job.reject(reply.exitCode === 2 ? new InputError(reply.message) : new Error(reply.message));
      this.pump();
    });
    const fail = (err: Error) => {
      if (slot.dead) return; // 'error' is followed by 'exit': handle the death once
      slot.dead = true;
      const job = slot.busy;
      slot.busy = undefined;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      if (job) job.reject(err);
      // a dead worker is replaced so the remaining parts still run
      if (!this.closed) {
        this.slots.push(this.spawn());
        this.pump();
      }
    };
    slot.worker.on('error', (err) =>
      fail(
        (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(t('threads.renderOutOfMemory', { mb: String(this.opts.heapMb ?? '?') }))
          : err,
      ),
    );
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(t('threads.renderExited', { code })));
    });
    return slot;
  }

  /** Renders one part in a worker; resolves with the render time in ms. */
  render(runDir: string, partId: string): Promise<number> {
    if (this.closed) return Promise.reject(new Error('render pool is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ req: { id: this.nextId++, runDir, partId }, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const next = this.waiting.shift();
      if (!next) return;
      slot.busy = { id: next.req.id, resolve: next.resolve, reject: next.reject };
      slot.worker.postMessage(next.req);
    }
  }

  /** Drops the parts not yet started (after a failure); parts being rendered finish. */
  cancelPending(): void {
    for (const w of this.waiting.splice(0)) w.reject(new Error('cancelled'));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('render pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
