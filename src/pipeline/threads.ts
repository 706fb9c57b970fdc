/**
 * Worker threads of a run: where their compiled scripts are, how many, and their heap limits.
 * Without limits V8 sizes each heap for the whole machine and lets garbage pile up; under 2 GB a cap
 * also makes it grow a heap by 1.3–2× its live size instead of 4×. The figures behind each number are
 * in docs/performance.md.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import { PACKAGE_ROOT } from '../version';

/** Old generation of BullMQ's sandboxed stage threads (any stage). */
export const STAGE_THREAD_HEAP_MB = 384;
/** Old generation of the in-process ingest thread (its live heap is ~100 MB: a sort chunk and a part). */
export const INGEST_THREAD_HEAP_MB = 768;
/** Old generation of an in-process range thread (a sharded ingest's keys, duplicates and judge stages: one sort chunk, the renderer it checks printability with). */
export const RANGE_THREAD_HEAP_MB = 256;
/** Young generation of each render thread: smaller saves memory, 8 MB costs 12% CPU. */
export const RENDER_YOUNG_GENERATION_MB = 16;

/** Old generation of a render thread for parts of `piecesPerFile`: ~30 MB of fonts and caches, ~1.5 KB per piece, room to collect. */
export function renderHeapMb(piecesPerFile: number): number {
  return 96 + Math.ceil(piecesPerFile / 128);
}

/** A compiled worker-thread script: dist/ mirrors src/, so under jest (running src/*.ts) map by path. */
export function workerScript(name: 'render-worker' | 'ingest-worker' | 'judge-worker' | 'range-worker'): string {
  const here = __filename.endsWith('.ts') ? path.join(PACKAGE_ROOT, 'dist', path.relative(path.join(PACKAGE_ROOT, 'src'), __dirname)) : __dirname;
  const script = path.join(here, `${name}.js`);
  if (!existsSync(script)) throw new InputError(t('threads.noScript', { script, build: 'npm run build' }));
  return script;
}

/** From this size of extract on, an in-process ingest spreads over threads (judge helpers, range threads): below it, starting them costs more than they save. */
export const SPREAD_BYTES = 4 * 1024 * 1024;

export function defaultConcurrency(): number {
  return Math.max(1, os.availableParallelism());
}

/** The number of render threads, checked where it is given (before a run starts, not at its first part). */
export function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new InputError(`--concurrency ${n} must be a whole number ≥ 1`);
  return n;
}
