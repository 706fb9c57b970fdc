/**
 * Redis loses PART of a run (found by the reliability tests): BullMQ's `obliterate` — like a lagging
 * replica — drops the ingest job but keeps the jobs waiting for their children, which then wait for
 * ever. The watcher must notice and resubmit. Test-only stages (fast); the real-stage loss test is in
 * crash-real-stages.test.ts.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { runViaQueue } from '../../src/queue';
import { events, fakeConfig, FAKE_STAGES, listDir, obliterate, REDIS_URL, spawnWorker, stopWorker, tempOut, uniquePrefix, waitUntil, type SpawnedWorker } from '../queue/helpers';

jest.setTimeout(60_000);

it('a run whose ingest job Redis lost, with its flow jobs left waiting, is resubmitted and completes, each output once', async () => {
  const prefix = uniquePrefix();
  const out = tempOut();
  const workers: SpawnedWorker[] = [];
  const watching = new AbortController();
  try {
    const a = spawnWorker(prefix);
    workers.push(a);
    await a.waitFor((l) => l.event === 'worker-started');
    const runDir = path.join(out, 'R-partial');
    const notices: string[] = [];
    const running = runViaQueue({ redisUrl: REDIS_URL, prefix, outDir: out, config: fakeConfig('R-partial', { parts: 3, renderMs: 600 }), stages: FAKE_STAGES, pollMs: 100, retry: { attempts: 2, backoffMs: 100 }, onProgress: (p) => p.notice && notices.push(p.notice), signal: watching.signal });
    await waitUntil(() => events(runDir).some(([s]) => s === 'render'), 10_000, 'a render to start');
    a.child.kill('SIGKILL');
    await a.exited;
    await obliterate(prefix); // keeps finalize and packages in waiting-children
    const b = spawnWorker(prefix);
    workers.push(b);
    expect(await running).toMatchObject({ runId: 'R-partial', parts: 3 });
    expect(notices.some((n) => /lost part of run R-partial/.test(n))).toBe(true);
    expect(listDir(path.join(runDir, 'print'))).toEqual(['p1.zip', 'p2.zip', 'p3.zip']);
    expect(events(runDir).filter(([s]) => s === 'finalize')).toHaveLength(1);
  } finally {
    watching.abort(); // a failed test must not leave its watcher polling
    await Promise.all(workers.map(stopWorker));
    await obliterate(prefix);
    rmSync(out, { recursive: true, force: true });
  }
});
