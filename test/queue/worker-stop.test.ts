/**
 * Issue 16 item 10: a `siprint worker` whose Redis has gone away stops within 10 s of SIGTERM, and the
 * job it held is recovered as stalled by another worker once Redis is back. On a private redis-server
 * (the shared one must not be killed) whose data survives the kill (append-only file, fsync always).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { runViaQueue } from '../../src/queue';
import { describeWhen, freePort, redisToolsMissing } from '../prerequisites';
import { events, fakeConfig, listDir, spawnWorker, stopWorker, tempOut, uniquePrefix, waitUntil, type SpawnedWorker } from './helpers';

jest.setTimeout(60_000);

const noRedisTools = redisToolsMissing();

describeWhen(noRedisTools, 'a worker whose Redis has gone away', () => {
  let port: number;
  let dir: string;
  let redis: ChildProcess | undefined;
  const workers: SpawnedWorker[] = [];

  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    await waitUntil(() => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG', 5_000, 'redis-server to start');
  };
  const killRedis = async () => {
    const r = redis;
    redis = undefined;
    if (!r || r.exitCode !== null) return;
    const gone = new Promise((resolve) => r.once('exit', resolve));
    r.kill('SIGKILL');
    await gone;
  };

  beforeEach(async () => {
    port = await freePort();
    dir = tempOut();
    await startRedis();
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) await stopWorker(w);
    await killRedis();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops within 10 s of SIGTERM while Redis is down; another worker recovers its job as stalled', async () => {
    const redisUrl = `redis://127.0.0.1:${port}`;
    const prefix = uniquePrefix();
    const first = spawnWorker(prefix, [], redisUrl);
    workers.push(first);
    await first.waitFor((l) => l.event === 'worker-started');
    const out = path.join(dir, 'out');
    // one part whose render blocks its thread for 20 s: the worker holds that job when Redis goes
    const running = runViaQueue({ redisUrl, prefix, outDir: out, config: fakeConfig('R-gone', { parts: 1, renderMs: 20_000 }), stages: path.join(__dirname, 'fixtures', 'fake-stages.js'), pollMs: 200, retry: { attempts: 2, backoffMs: 100 } });
    running.catch(() => undefined);
    await first.waitFor((l) => l.event === 'job-started' && l.stage === 'render');
    await killRedis();
    await first.waitFor((l) => l.event === 'redis-error');

    const t0 = Date.now();
    first.child.kill('SIGTERM');
    const exit = await Promise.race([first.exited, new Promise<'alive'>((r) => setTimeout(() => r('alive'), 10_000))]);
    expect(exit).not.toBe('alive'); // before the fix: alive 30 s and more after SIGTERM
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(first.lines).toContainEqual(expect.objectContaining({ event: 'worker-stopping-now', reason: 'redis-unreachable', jobsHeld: 1 }));

    // Redis back (its data kept), a new worker: the render job is recovered as stalled and the run completes once
    await startRedis();
    const second = spawnWorker(prefix, [], redisUrl);
    workers.push(second);
    const runDir = path.join(out, 'R-gone');
    await second.waitFor((l) => l.event === 'job-stalled', 20_000);
    expect(await running).toMatchObject({ runId: 'R-gone', parts: 1 });
    expect(listDir(path.join(runDir, 'print'))).toEqual(['p1.zip']);
    const renders = events(runDir).filter(([s]) => s === 'render');
    expect(renders.map(([, , pid]) => Number(pid))).toEqual([first.child.pid, second.child.pid]);
    expect(events(runDir).filter(([s]) => s === 'finalize')).toHaveLength(1);
  });

  it('with Redis up, SIGTERM still waits for the job in hand and exits 0', async () => {
    const redisUrl = `redis://127.0.0.1:${port}`;
    const prefix = uniquePrefix();
    const w = spawnWorker(prefix, [], redisUrl);
    workers.push(w);
    await w.waitFor((l) => l.event === 'worker-started');
    const out = path.join(dir, 'out');
    const watching = new AbortController();
    const running = runViaQueue({ redisUrl, prefix, outDir: out, config: fakeConfig('R-up', { parts: 1, renderMs: 3_000 }), stages: path.join(__dirname, 'fixtures', 'fake-stages.js'), pollMs: 200, retry: { attempts: 2, backoffMs: 100 }, signal: watching.signal });
    await w.waitFor((l) => l.event === 'job-started' && l.stage === 'render');
    w.child.kill('SIGTERM');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.lines).toContainEqual(expect.objectContaining({ event: 'job-done', stage: 'render' }));
    expect(w.lines.some((l) => l.event === 'worker-stopping-now')).toBe(false);
    watching.abort(); // nobody is left to finish the run: stop watching it (and close its connection)
    await expect(running).rejects.toThrow(/stopped watching run R-up/);
  });
});
