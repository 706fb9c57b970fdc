/**
 * Issue 16 item 11: `run --redis` with no worker running says, now and then on stderr, that it is
 * waiting for a worker and for how long none has been seen — and stops saying it once one connects.
 * Real Redis (REDIS_URL or 127.0.0.1:6379), a prefix of its own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runViaQueue, type QueueProgress } from '../../src/queue';
import { KEY, writeExtract } from '../pipeline/fixture';
import { BIN, fakeConfig, FAKE_STAGES, obliterate, REDIS_URL, ROOT, spawnWorker, stopWorker, tempOut, uniquePrefix, waitUntil, type SpawnedWorker } from './helpers';

jest.setTimeout(60_000);

let prefix: string;
let out: string;
let worker: SpawnedWorker | undefined;
beforeEach(() => {
  prefix = uniquePrefix();
  out = tempOut();
  worker = undefined;
});
afterEach(async () => {
  if (worker) await stopWorker(worker);
  await obliterate(prefix);
  rmSync(out, { recursive: true, force: true });
});

it('says so after a while without a worker, not at every poll, and no more once a worker is there', async () => {
  const seen: { at: number; p: QueueProgress }[] = [];
  const t0 = Date.now();
  const running = runViaQueue({
    redisUrl: REDIS_URL, prefix, outDir: out, config: fakeConfig('R-wait', { parts: 1 }), stages: FAKE_STAGES, pollMs: 100,
    noWorkerNotice: { afterMs: 500, repeatMs: 1500 },
    onProgress: (p) => seen.push({ at: Date.now() - t0, p }),
  });
  const waiting = () => seen.filter((s) => s.p.noWorker);
  await waitUntil(() => waiting().length >= 2, 10_000, 'two waiting notices');
  const [first, second] = waiting();
  expect(first!.p.noWorker!.forMs).toBeGreaterThanOrEqual(500);
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(1400); // a reminder, not one per 100 ms poll
  expect(second!.p.noWorker!.forMs).toBeGreaterThan(first!.p.noWorker!.forMs);
  worker = spawnWorker(prefix);
  expect(await running).toMatchObject({ runId: 'R-wait' });
  expect(seen.filter((s) => s.p.state === 'completed')).toHaveLength(1);
  expect(seen.filter((s) => s.p.noWorker && s.p.state !== 'waiting')).toEqual([]); // nothing said once work started
});

it('`siprint run --redis` prints the waiting line on stderr, in the run language, naming the prefix', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-wait-'));
  try {
    const extract = path.join(dir, 'extract.jsonl');
    await writeExtract(extract, 5);
    const child = spawn('node', [BIN, 'run', '--extract', extract, '--year', '2025', '--out', dir, '--run-id', 'W1', '--postage-permit', '京朝字第2025-001号', '--redis', REDIS_URL, '--prefix', prefix], {
      cwd: ROOT, env: { ...process.env, SIPRINT_VERIFY_KEY: KEY }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise((r) => child.on('exit', r));
    try {
      await waitUntil(() => /waiting for a worker/.test(stderr), 20_000, 'the waiting line');
    } finally {
      child.kill('SIGINT');
      await exited;
    }
    const line = stderr.split('\n').find((l) => l.includes('waiting for a worker'));
    expect(line).toMatch(new RegExp(`^siprint: run W1 is waiting for a worker: none has been seen on redis://\\S+ for [5-9]s; start one: siprint worker --redis \\S+ --prefix ${prefix}$`));
    expect(stderr.match(/waiting for a worker/g)).toHaveLength(1); // the next one only after 30 s
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
