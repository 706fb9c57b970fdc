/**
 * Redis goes away and comes back (issue 7): on a private redis-server (the shared one must not be
 * stopped), with its data kept in an append-only file across the restart. Without redis-server and
 * redis-cli it fails under CI and is skipped elsewhere, saying why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { runViaQueue } from '../../src/queue';
import { describeWhen, freePort, redisToolsMissing } from '../prerequisites';
import { events, fakeConfig, FAKE_STAGES, listDir, spawnWorker, stopWorker, tempOut, uniquePrefix, waitUntil, type SpawnedWorker } from './helpers';

jest.setTimeout(30_000);

const noRedisTools = redisToolsMissing();

describeWhen(noRedisTools, 'a Redis restart mid-run', () => {
  let port: number;
  let dir: string;
  let worker: SpawnedWorker | undefined;

  const startRedis = async () => {
    spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'yes', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    await waitUntil(() => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG', 5_000, 'redis-server to start');
  };
  const stopRedis = () => spawnSync('redis-cli', ['-p', String(port), 'shutdown'], { encoding: 'utf8' });

  beforeEach(async () => {
    port = await freePort();
    dir = tempOut();
    await startRedis();
  });
  afterEach(async () => {
    if (worker) await stopWorker(worker);
    stopRedis();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the worker and `run` reconnect and the run completes, each output once', async () => {
    const redisUrl = `redis://127.0.0.1:${port}`;
    const prefix = uniquePrefix();
    worker = spawnWorker(prefix, [], redisUrl);
    await worker.waitFor((l) => l.event === 'worker-started');
    const out = path.join(dir, 'out');
    const running = runViaQueue({ redisUrl, prefix, outDir: out, config: fakeConfig('R-restart', { parts: 3, renderMs: 700 }), stages: FAKE_STAGES, pollMs: 100, retry: { attempts: 2, backoffMs: 100 } });
    const runDir = path.join(out, 'R-restart');
    await waitUntil(() => events(runDir).some(([s]) => s === 'render'), 10_000, 'a render to start');
    stopRedis();
    await new Promise((r) => setTimeout(r, 1000));
    await startRedis();
    expect(await running).toMatchObject({ runId: 'R-restart', parts: 3 });
    expect(listDir(path.join(runDir, 'render'))).toEqual(['p1.pdf', 'p2.pdf', 'p3.pdf']);
    expect(listDir(path.join(runDir, 'print'))).toEqual(['p1.zip', 'p2.zip', 'p3.zip']);
    expect(events(runDir).filter(([s]) => s === 'finalize')).toHaveLength(1);
    expect(worker.lines.some((l) => l.event === 'redis-error')).toBe(true); // it did see the outage
  });
});
