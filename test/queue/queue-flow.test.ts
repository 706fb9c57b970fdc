/**
 * The queue layer against the real Redis with real `siprint worker` processes, driven by the test
 * stages in fixtures/fake-stages.js (same signatures as src/pipeline). Each test has its own prefix.
 */
import { FlowProducer } from 'bullmq';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { runViaQueue, queueStatus, QueueRunFailed, runFlow, DEFAULT_RETRY, redisOptions } from '../../src/queue';
import { dropConnections, events, fakeConfig, FAKE_STAGES, listDir, obliterate, REDIS_URL, spawnWorker, stopWorker, tempOut, workerReady, uniquePrefix, waitUntil, type SpawnedWorker } from './helpers';

jest.setTimeout(30_000);

let prefix: string;
let out: string;
let workers: SpawnedWorker[];
let watching: AbortController;
let watchers: Promise<unknown>[];

beforeEach(() => {
  prefix = uniquePrefix();
  out = tempOut();
  workers = [];
  watching = new AbortController();
  watchers = [];
});

afterEach(async () => {
  watching.abort(); // a test that failed early must not leave its watcher polling (or resubmitting)
  await Promise.all(watchers);
  await Promise.all(workers.map(stopWorker));
  await obliterate(prefix);
  rmSync(out, { recursive: true, force: true });
});

function start(extra: string[] = []): SpawnedWorker {
  const w = spawnWorker(prefix, extra);
  workers.push(w);
  return w;
}
const ready = (w: SpawnedWorker) => workerReady(w);

function submit(runId: string, cfg: Record<string, unknown>, extra: Partial<Parameters<typeof runViaQueue>[0]> = {}) {
  const p = runViaQueue({ redisUrl: REDIS_URL, prefix, outDir: out, config: fakeConfig(runId, cfg), stages: FAKE_STAGES, pollMs: 100, retry: { attempts: 2, backoffMs: 100 }, signal: watching.signal, ...extra });
  watchers.push(p.catch(() => undefined));
  return p;
}

const expectedFiles = (n: number, ext: string) => Array.from({ length: n }, (_, i) => `p${i + 1}.${ext}`).sort();

describe('runViaQueue with siprint worker processes', () => {
  it('runs ingest → render × N → package × N → finalize on two workers and returns the summary', async () => {
    const [a, b] = [start(), start()];
    await Promise.all([ready(a), ready(b)]);
    const progress: number[] = [];
    const summary = await submit('R-two', { parts: 6, renderMs: 300 }, { onProgress: (p) => progress.push(p.packaged) });
    const runDir = path.join(out, 'R-two');
    expect(summary).toMatchObject({ runId: 'R-two', parts: 6 });
    expect((summary.packages as unknown[]).length).toBe(6);
    expect(listDir(path.join(runDir, 'render'))).toEqual(expectedFiles(6, 'pdf'));
    expect(listDir(path.join(runDir, 'print'))).toEqual(expectedFiles(6, 'zip'));
    const ev = events(runDir);
    // Each stage ran exactly once per part, and both worker processes took a share of the renders.
    expect(ev.filter(([s]) => s === 'render').map(([, p]) => p).sort()).toEqual(expectedFiles(6, 'pdf').map((f) => f.replace('.pdf', '')));
    expect(ev.filter(([s]) => s === 'finalize')).toHaveLength(1);
    expect(new Set(ev.filter(([s]) => s === 'render').map(([, , pid]) => pid))).toEqual(new Set([String(a.child.pid), String(b.child.pid)]));
    expect(progress[progress.length - 1]).toBe(6);
    const status = await queueStatus(REDIS_URL, 'R-two', { prefix });
    expect(status).toMatchObject({ state: 'completed', parts: 6, rendered: 6, packaged: 6, ingest: 'completed', finalize: 'completed' });

    // A retried ingest adds the same flow again: the deterministic IDs make that a no-op.
    const producer = new FlowProducer({ connection: redisOptions(REDIS_URL), prefix });
    await producer.add(runFlow(runDir, Array.from({ length: 6 }, (_, i) => ({ partId: `p${i + 1}` })), DEFAULT_RETRY, prefix));
    await producer.close();
    await new Promise((r) => setTimeout(r, 700));
    expect(events(runDir)).toEqual(ev);
    expect(await queueStatus(REDIS_URL, 'R-two', { prefix })).toMatchObject({ state: 'completed', finalize: 'completed' });
  });

  it.each(['ingest', 'render', 'package', 'finalize'])('finishes a run whose worker was SIGKILLed mid-%s on a new worker, each output once', async (stage) => {
    const a = start();
    await ready(a);
    const runId = `R-kill-${stage}`;
    const runDir = path.join(out, runId);
    const running = submit(runId, { parts: 2, slow: { [stage]: 1500 } });
    await waitUntil(() => events(runDir).some(([s]) => s === stage), 10_000, `the first ${stage} to start`);
    const victim = events(runDir).find(([s]) => s === stage)?.[1] ?? '';
    a.child.kill('SIGKILL');
    await a.exited;
    const b = start();
    const summary = await running;
    expect(summary).toMatchObject({ runId, parts: 2 });
    expect(listDir(path.join(runDir, 'render'))).toEqual(['p1.pdf', 'p2.pdf']);
    expect(listDir(path.join(runDir, 'print'))).toEqual(['p1.zip', 'p2.zip']);
    expect(listDir(runDir).filter((f) => f.startsWith('manifest'))).toEqual(['manifest.json']);
    // the killed job was started again, by the new worker, and nothing else ran twice
    expect(events(runDir).filter(([s, p]) => s === stage && p === victim).map(([, , pid]) => pid)).toEqual([String(a.child.pid), String(b.child.pid)]);
    expect(events(runDir)).toHaveLength(1 + 2 + 2 + 1 + 1);
    const jobId = `${runId}:${stage}:${victim}`;
    expect(b.lines.some((l) => l.event === 'job-started' && l.jobId === jobId)).toBe(true);
  });

  it('keeps the lock of a render that blocks its thread longer than the lock duration (no stall, no second run)', async () => {
    // A second worker watches for stalled jobs: had the block hit the main thread, the lock (2000 ms in
    // these tests) would lapse and that worker would start the render again.
    const [a, b] = [start(), start()];
    await Promise.all([ready(a), ready(b)]);
    const runDir = path.join(out, 'R-long');
    await submit('R-long', { parts: 1, renderMs: 5000 });
    expect(events(runDir).filter(([s]) => s === 'render')).toHaveLength(1);
    expect([...a.lines, ...b.lines].filter((l) => l.event === 'job-stalled')).toEqual([]);
  });

  it('survives Redis dropping every connection mid-run (workers and the watcher reconnect)', async () => {
    const a = start();
    await ready(a);
    const runDir = path.join(out, 'R-drop');
    const running = submit('R-drop', { parts: 2, renderMs: 800 });
    await waitUntil(() => events(runDir).some(([s]) => s === 'render'), 10_000, 'a render to start');
    const killed = await dropConnections(prefix);
    expect(killed).toBeGreaterThanOrEqual(3); // the worker's two, the watcher's
    expect(await running).toMatchObject({ parts: 2 });
    expect(listDir(path.join(runDir, 'print'))).toEqual(['p1.zip', 'p2.zip']);
  });

  it('says in one line that Redis cannot be reached, and creates no run directory', async () => {
    const err = await runViaQueue({ redisUrl: 'redis://127.0.0.1:1', prefix, outDir: out, config: fakeConfig('R-none'), stages: FAKE_STAGES, connectTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueRunFailed);
    expect((err as Error).message).toMatch(/^cannot reach Redis at redis:\/\/127\.0\.0\.1:1 within 1 s.*: start it, or check --redis \/ REDIS_URL$/);
    expect(listDir(out)).toEqual([]);
  });

  it('fails the run with one line naming the stage, part and reason when a render keeps failing', async () => {
    const a = start();
    await ready(a);
    const err = await submit('R-fail', { parts: 3, fail: { stage: 'render', part: 'p2' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueRunFailed);
    const message = (err as Error).message;
    expect(message).toBe('run R-fail failed: render of part p2: simulated render failure for part p2 (after 2 of 2 attempts); fix the cause, then rerun with --resume');
    expect(message).not.toContain('\n');
    expect(events(path.join(out, 'R-fail')).filter(([s, p]) => s === 'render' && p === 'p2')).toHaveLength(2);
    // the failure reaches the top of the flow too (failParentOnFailure, recursively) — no run left waiting
    let status = await queueStatus(REDIS_URL, 'R-fail', { prefix });
    for (let i = 0; i < 50 && status.finalize !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await queueStatus(REDIS_URL, 'R-fail', { prefix });
    }
    expect(status).toMatchObject({ state: 'failed', finalize: 'failed' });
  });

  it('does not retry bad input: an InputError fails the run at the first attempt', async () => {
    const a = start();
    await ready(a);
    const err = await submit('R-bad', { parts: 1, fail: { stage: 'ingest', input: true } }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('run R-bad failed: ingest of run R-bad: simulated ingest failure for part run (after 1 of 2 attempts); fix the cause, then rerun with --resume');
    expect(events(path.join(out, 'R-bad')).filter(([s]) => s === 'ingest')).toHaveLength(1);
  });

  it('retries a stage that fails once and completes; --resume finishes a failed run without redoing finished parts', async () => {
    const a = start();
    await ready(a);
    const once = await submit('R-retry', { parts: 2, fail: { stage: 'package', part: 'p1', times: 1 } });
    expect(once).toMatchObject({ parts: 2 });
    expect(events(path.join(out, 'R-retry')).filter(([s, p]) => s === 'package' && p === 'p1')).toHaveLength(2);

    // R-resume fails at p2's render (twice); after the cause is gone, --resume completes it
    const runDir = path.join(out, 'R-resume');
    await expect(submit('R-resume', { parts: 2, fail: { stage: 'render', part: 'p2', times: 2 } })).rejects.toThrow(/render of part p2/);
    await waitUntil(() => listDir(path.join(runDir, 'print')).includes('p1.zip'), 10_000, 'p1 to be packaged');
    const summary = await submit('R-resume', { parts: 2, fail: { stage: 'render', part: 'p2', times: 2 } }, { resume: true });
    expect(summary).toMatchObject({ parts: 2 });
    const ev = events(runDir);
    expect(ev.filter(([s, p]) => s === 'render' && p === 'p2')).toHaveLength(3);
    // p1's render ran again (the stage is idempotent and skipped the work) but its file was written once
    expect(listDir(path.join(runDir, 'render'))).toEqual(['p1.pdf', 'p2.pdf']);
  });

  it('stops a worker cleanly on SIGTERM: it finishes the current render, then exits 0', async () => {
    const a = start();
    await ready(a);
    const runDir = path.join(out, 'R-term');
    const running = submit('R-term', { parts: 2, renderMs: 1500 }).catch((e: unknown) => e);
    await waitUntil(() => events(runDir).some(([s]) => s === 'render'), 10_000, 'a render to start');
    const current = events(runDir).find(([s]) => s === 'render')?.[1];
    a.child.kill('SIGTERM');
    const { code } = await a.exited;
    expect(code).toBe(0);
    expect(listDir(path.join(runDir, 'render'))).toContain(`${current}.pdf`);
    expect(a.lines.some((l) => l.event === 'job-done' && l.jobId === `R-term:render:${current}`)).toBe(true);
    expect(a.lines[a.lines.length - 1]).toMatchObject({ event: 'worker-stopped' });
    // the run goes on with another worker
    start();
    expect(await running).toMatchObject({ parts: 2 });
  });

  it('stops at once on a second signal, handing the unfinished render back to another worker', async () => {
    const a = start();
    await ready(a);
    const runDir = path.join(out, 'R-term2');
    const running = submit('R-term2', { parts: 1, renderMs: 4000 });
    await waitUntil(() => events(runDir).some(([s]) => s === 'render'), 10_000, 'the render to start');
    const t0 = Date.now();
    a.child.kill('SIGTERM');
    await a.waitFor((l) => l.event === 'worker-stopping');
    a.child.kill('SIGINT');
    expect((await a.exited).code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(2500); // did not wait for the 4 s render
    expect(listDir(path.join(runDir, 'render'))).toEqual([]);
    const b = start();
    expect(await running).toMatchObject({ parts: 1 });
    expect(events(runDir).filter(([s]) => s === 'render').map(([, , pid]) => pid)).toEqual([String(a.child.pid), String(b.child.pid)]);
  });

  it('resubmits a run whose jobs Redis lost, and completes it from the run directory', async () => {
    const runDir = path.join(out, 'R-lost');
    const running = submit('R-lost', { parts: 2 });
    // no worker yet: the ingest job waits; then Redis "loses" everything of this queue
    await waitUntil(() => listDir(runDir).includes('fake.json'), 5_000, 'initRun');
    await new Promise((r) => setTimeout(r, 300));
    await obliterate(prefix);
    const a = start();
    await ready(a);
    expect(await running).toMatchObject({ parts: 2 });
  });
});
