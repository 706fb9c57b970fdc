/**
 * A fixed pool of worker threads taking tasks from one queue (CPU-bound: one per core by default).
 * The render pool and the in-process range pool are this with their own scripts; the main thread
 * only dispatches references (a run directory and an index or a part ID), never the data.
 */
import { Worker } from 'node:worker_threads';
import { InputError } from '../domain/errors';
import { checkConcurrency } from './threads';

/** A thread's answer to task `id`: done in `ms`, or its one-line error (exit code 2: bad input). */
export type TaskReply = { id: number; ok: true; ms: number } | { id: number; ok: false; message: string; exitCode: number };

export interface ThreadPoolOptions {
  /** What a task's caller is told when its thread exits under it. */
  exited: (code: number) => string;
  /** Old-generation heap of each thread, MB. */
  heapMb?: number;
  /** Young-generation heap of each thread, MB. */
  youngMb?: number;
  /** What a task's caller is told when a thread runs out of its heap. */
  outOfMemory: string;
}

interface Slot {
  worker: Worker;
  dead?: boolean;
  busy?: { id: number; resolve: (ms: number) => void; reject: (e: Error) => void };
}

export class ThreadPool<Task extends object> {
  private readonly slots: Slot[] = [];
  private readonly waiting: { req: Task & { id: number }; resolve: (ms: number) => void; reject: (e: Error) => void }[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private size: number,
    private readonly script: string,
    private readonly data: unknown,
    private readonly opts: ThreadPoolOptions,
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
    const { heapMb, youngMb } = this.opts;
    const resourceLimits = { ...(youngMb ? { maxYoungGenerationSizeMb: youngMb } : {}), ...(heapMb ? { maxOldGenerationSizeMb: heapMb } : {}) };
    const slot: Slot = { worker: new Worker(this.script, { workerData: this.data, resourceLimits }) };
    slot.worker.on('message', (reply: TaskReply) => {
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
      // a dead worker is replaced so the remaining tasks still run
      if (!this.closed) {
        this.slots.push(this.spawn());
        this.pump();
      }
    };
    slot.worker.on('error', (err) => fail((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error(this.opts.outOfMemory) : err));
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(this.opts.exited(code)));
    });
    return slot;
  }

  /** Runs one task on a thread; resolves with its time in ms. */
  run(task: Task): Promise<number> {
    if (this.closed) return Promise.reject(new Error('thread pool is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ req: { ...task, id: this.nextId++ }, resolve, reject });
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

  /** Drops the tasks not yet started (after a failure); tasks under way finish. */
  cancelPending(): void {
    for (const w of this.waiting.splice(0)) w.reject(new Error('cancelled'));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('thread pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
