/**
 * A fixed pool of worker threads rendering parts (CPU-bound: one per core by default). The main
 * thread only dispatches part IDs and packages finished parts meanwhile.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors';
import { PACKAGE_ROOT } from '../version';
import type { RenderReply, RenderRequest, RenderWorkerData } from './render-worker';

/**
 * Old-generation caps. Under 2 GB a cap also makes V8 grow the heap by 1.3–2× its live size after a
 * collection instead of 4×: less garbage held, more time collecting. The ingest's live heap is
 * ~100 MB (a sort chunk and a part), a render job's ~30–60 MB.
 *
 * BullMQ's sandboxed stage threads (any stage). Measured, one worker at 100k: 485 / 497 MB,
 * 72.7 / 73.7 s unlimited → 355 / 350 MB, 76.8 / 79.8 s at 384 (256: 348–358 MB, no faster).
 */
export const STAGE_THREAD_HEAP_MB = 384;
/**
 * The in-process ingest thread. Measured in-process at 1M (ingest and the first render thread):
 * peak 554 / 564 MB, first part at 150 / 141 s unlimited; 371 MB, 156 s at 768; 359 MB, 167 s at 384.
 * At 100k (peak set by rendering, ~460 MB either way): 768 costs ~2.5 s of ~65, 384 ~5 s.
 */
export const INGEST_THREAD_HEAP_MB = 768;

/** A compiled worker-thread script: dist/ mirrors src/, so under jest (running src/*.ts) map by path. */
export function workerScript(name: 'render-worker' | 'ingest-worker' | 'judge-worker'): string {
  const here = __filename.endsWith('.ts') ? path.join(PACKAGE_ROOT, 'dist', path.relative(path.join(PACKAGE_ROOT, 'src'), __dirname)) : __dirname;
  const script = path.join(here, `${name}.js`);
  if (!existsSync(script)) throw new InputError(`${script} is missing: run \`npm run build\` first (worker threads load the compiled code)`);
  return script;
}

export function defaultConcurrency(): number {
  return Math.max(1, os.availableParallelism());
}

interface Slot {
  worker: Worker;
  dead?: boolean;
  busy?: { id: number; resolve: (ms: number) => void; reject: (e: Error) => void };
}

export interface RenderPoolOptions {
  /**
   * Old-generation heap of each render thread, MB. A part's live data is small (its pieces and the
   * PDF bytes written so far); without a limit V8 lets garbage grow to hundreds of MB per thread.
   */
  heapMb?: number;
}

/**
 * Heap for rendering parts of `piecesPerFile` pieces: ~30 MB of fonts and caches, ~1.5 KB per piece,
 * and room to collect. The price, measured on 4 parts pinned to one core: 16.4 s CPU at this cap
 * (136 MB) or at 512–1024, 14.8 s with 2048 (V8's 4× growth: +40 MB per thread, over the 500 MB goal).
 */
export function renderHeapMb(piecesPerFile: number): number {
  return 96 + Math.ceil(piecesPerFile / 128);
}

/**
 * Young generation of each render thread. Measured in-process at 100k, interleaved runs (README): V8's
 * default here (~32 MB) peaked at 464–502 MB, 16 MB at 431–477 MB; 8 MB 411–418 MB but +12% CPU (a
 * render makes many short-lived objects: scavenged too often). 16 MB costs ~8% of the render threads'
 * CPU (the pool alone), the price of staying under 500 MB while the main thread packages.
 */
export const RENDER_YOUNG_GENERATION_MB = 16;

/** The number of render threads, checked where it is given (before a run starts, not at its first part). */
export function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new InputError(`--concurrency ${n} must be a whole number ≥ 1`);
  return n;
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
          ? new Error(`a render thread ran out of its ${this.opts.heapMb ?? '?'} MB heap: lower piecesPerFile in the ticket, then --resume`)
          : err,
      ),
    );
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`render worker exited with code ${code}`));
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
