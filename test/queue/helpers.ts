/** Test plumbing for the queue tests: real Redis, real `siprint worker` processes, a unique prefix each. */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QUEUE_NAME } from '../../src/queue/jobs';
import { redisOptions } from '../../src/queue/connection';
import type { RunConfig } from '../../src/queue/stages-port';
import { KEY as TEST_KEY } from '../pipeline/fixture';

/** A run config for the test stages (fixtures/fake-stages.js), which read their own knobs (parts, renderMs…) from it. */
export function fakeConfig(runId: string, knobs: Record<string, unknown> = {}): RunConfig {
  return { runId, ...knobs } as unknown as RunConfig;
}

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ROOT = path.join(__dirname, '..', '..');
export const FAKE_STAGES = path.join(__dirname, 'fixtures', 'fake-stages.js');
export const BIN = path.join(ROOT, 'bin', 'siprint.js');

/**
 * `siprint …` as a child process, asynchronously: the workers' stderr is read by this process meanwhile
 * (a blocked pipe would stall them). `env` defaults to the tests' key, in-process unless `--redis` is given.
 */
export function siprintAsync(args: string[], env: NodeJS.ProcessEnv = { ...process.env, SIPRINT_VERIFY_KEY: TEST_KEY, REDIS_URL: '' }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('node', [BIN, ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

/** `siprintAsync` that must exit 0: its stdout and stderr. */
export async function siprintOk(args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await siprintAsync(args, env);
  if (r.status !== 0) throw new Error(`siprint ${args[0]} exited ${r.status}: ${r.stderr}`);
  return r.stdout + r.stderr;
}

export function uniquePrefix(): string {
  return `siprint-test-${randomBytes(6).toString('hex')}`;
}

export function tempOut(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'siprint-queue-'));
}

export interface SpawnedWorker {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  waitFor(pred: (l: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `node bin/siprint.js worker` with short lock/stall timings (later `extra` options win), on the test
 * stages, or on the real pipeline with `realPipeline` (then `env` should hold SIPRINT_VERIFY_KEY).
 */
export function spawnWorker(prefix: string, extra: string[] = [], redisUrl = REDIS_URL, opts: { realPipeline?: boolean; env?: NodeJS.ProcessEnv } = {}): SpawnedWorker {
  const child = spawn(
    'node',
    [BIN, 'worker', '--redis', redisUrl, '--prefix', prefix, ...(opts.realPipeline ? [] : ['--stages', FAKE_STAGES]),
      '--lock-duration', '2000', '--stalled-interval', '1000', '--concurrency', '1', '--attempts', '2', '--backoff', '100', ...extra],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], ...(opts.env ? { env: opts.env } : {}) },
  );
  const lines: Record<string, unknown>[] = [];
  const waiters: { pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buf = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const text = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        line = { raw: text };
      }
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pred(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    exited,
    waitFor(pred, timeoutMs = 15_000) {
      const hit = lines.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`worker ${child.pid}: no such log line within ${timeoutMs} ms; got ${JSON.stringify(lines)}`)), timeoutMs);
        waiters.push({ pred, resolve: (l) => { clearTimeout(t); resolve(l); } });
      });
    },
  };
}

/** Resolves when the worker logs that it is listening for jobs. */
export const workerReady = (w: SpawnedWorker, timeoutMs = 15_000) => w.waitFor((l) => l.event === 'worker-started', timeoutMs);

/**
 * Workers of the real pipeline on the test's current prefix, stopped together (in afterEach) by
 * `stopAll`. Lock 5 s: long enough on a shared, loaded machine; a killed worker's job moves on after ≈ 7 s.
 */
export function realWorkers(prefixOf: () => string, env: NodeJS.ProcessEnv) {
  const workers: SpawnedWorker[] = [];
  return {
    start: (extra: string[] = []): SpawnedWorker => {
      const w = spawnWorker(prefixOf(), ['--lock-duration', '5000', '--stalled-interval', '2000', ...extra], REDIS_URL, { realPipeline: true, env });
      workers.push(w);
      return w;
    },
    ready: (w: SpawnedWorker) => workerReady(w, 30_000),
    stopAll: () => Promise.all(workers.splice(0).map(stopWorker)),
  };
}

export async function stopWorker(w: SpawnedWorker): Promise<void> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await w.exited;
}

/** Removes every key of the test's queue. */
export async function obliterate(prefix: string, redisUrl = REDIS_URL): Promise<void> {
  const queue = new Queue(QUEUE_NAME, { connection: redisOptions(redisUrl), prefix });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
}

/** Lines of events.log: "<stage> <part> <pid>". */
export function events(runDir: string): string[][] {
  const f = path.join(runDir, 'events.log');
  return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').map((l) => l.split(' ')) : [];
}

export function listDir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

export async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** CLIENT KILL every connection of this test's prefix (and only those: the Redis is shared). */
export async function dropConnections(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    const list = (await redis.client('LIST')) as string;
    const ids = list
      .split('\n')
      .map((line) => ({ id: /\bid=(\d+)/.exec(line)?.[1], name: /\bname=(\S*)/.exec(line)?.[1] ?? '' }))
      .filter((c) => c.id && c.name.startsWith(`${prefix}:`));
    for (const c of ids) await redis.client('KILL', 'ID', c.id as string);
    return ids.length;
  } finally {
    redis.disconnect();
  }
}
