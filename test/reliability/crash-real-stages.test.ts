/**
 * Issue 7, items 1–3 with the REAL stages on the real Redis: `siprint worker` processes are SIGKILLed
 * mid-package and mid-finalize, Redis drops every connection, Redis loses the run altogether — and each
 * time the finished run has the same package bytes as an undisturbed in-process run, every piece once.
 * (SIGKILL mid-render with the real stages lives in the render helper's test; test/queue covers every
 * stage with test-only stages.)
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { dropConnections, obliterate, REDIS_URL, spawnWorker, stopWorker, uniquePrefix, workerReady, type SpawnedWorker } from '../queue/helpers';
import {
  cliEnv,
  expectSameAsReference,
  loseAllKeys,
  PAUSED_STAGES,
  packagedParts,
  mtimesNow,
  sealedMtimes,
  realFixture,
  referenceRun,
  spawnSiprint,
  tempDir,
  waitUntil,
} from './helpers';

jest.setTimeout(90_000);

const RUN_ID = 'rel-2025';
let dir: string;
let fx: { extract: string; ticket: string };
let refDir: string;
let prefix: string;
let workers: SpawnedWorker[];

beforeAll(() => {
  dir = tempDir('crash');
  fx = realFixture(dir, 40, 10);
  refDir = referenceRun(dir, fx, RUN_ID); // the undisturbed reference: same run ID, in-process
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  prefix = uniquePrefix();
  workers = [];
});
afterEach(async () => {
  await Promise.all(workers.map(stopWorker));
  await obliterate(prefix);
});

/** A real `siprint worker` (real stages; a pause point only when `pause` is given). */
function worker(pause?: { stage: string; dir: string }): SpawnedWorker {
  const env = cliEnv(pause ? { SIPRINT_TEST_PAUSE: pause.stage, SIPRINT_TEST_PAUSE_DIR: pause.dir } : {});
  const w = spawnWorker(prefix, ['--stages', PAUSED_STAGES, '--lock-duration', '4000', '--attempts', '3'], REDIS_URL, { env });
  workers.push(w);
  return w;
}
const ready = (w: SpawnedWorker) => workerReady(w);

function submit(out: string) {
  return spawnSiprint(['run', '--redis', REDIS_URL, '--prefix', prefix, '--extract', fx.extract, '--ticket', fx.ticket, '--out', out, '--run-id', RUN_ID], cliEnv());
}

async function expectExit0(done: Promise<{ status: number | null; stderr: string }>) {
  const r = await done;
  if (r.status !== 0) throw new Error(`siprint run exited ${r.status}: ${r.stderr}`);
}

it.each(['package', 'finalize'])('a worker SIGKILLed mid-%s: a new worker finishes, same package hashes, each piece once', async (stage) => {
  const out = path.join(dir, `kill-${stage}`);
  const runDir = path.join(out, RUN_ID);
  const pauseDir = tempDir('pause');
  const a = worker({ stage, dir: pauseDir });
  await ready(a);
  const run = submit(out);
  await waitUntil(() => existsSync(path.join(pauseDir, 'paused-' + stage)), 60_000, `the worker to reach the middle of ${stage}`, run);
  if (stage === 'package') {
    // the torn window: one ZIP more in print/ than sealed markers
    expect(readdirSync(path.join(runDir, 'print')).length).toBe(packagedParts(runDir).length + 1);
  } else {
    expect(existsSync(path.join(runDir, 'manifest.json'))).toBe(true);
    expect(existsSync(path.join(runDir, 'state', 'finalized.json'))).toBe(false);
  }
  a.child.kill('SIGKILL');
  await a.exited;
  const b = worker();
  await expectExit0(run.done);
  expect(b.lines.some((l) => l.event === 'job-started' && String(l.jobId).includes(`:${stage}`))).toBe(true);
  expectSameAsReference(runDir, refDir);
  rmSync(pauseDir, { recursive: true, force: true });
});

it('Redis drops every connection mid-run (CLIENT KILL): the worker and `siprint run` reconnect, same hashes', async () => {
  const out = path.join(dir, 'client-kill');
  const runDir = path.join(out, RUN_ID);
  const a = worker();
  await ready(a);
  const run = submit(out);
  await waitUntil(() => existsSync(path.join(runDir, 'parts')) && readdirSync(path.join(runDir, 'parts')).some((d) => existsSync(path.join(runDir, 'parts', d, 'rendered.json'))), 60_000, 'a part to be rendered', run);
  expect(await dropConnections(prefix)).toBeGreaterThanOrEqual(3); // the worker's and the watcher's
  await expectExit0(run.done);
  expectSameAsReference(runDir, refDir);
});

it('Redis loses the run while everything is down: `siprint run --resume RUN_DIR` rebuilds the rest from the run directory', async () => {
  const out = path.join(dir, 'lost');
  const runDir = path.join(out, RUN_ID);
  const a = worker();
  await ready(a);
  const run = submit(out);
  await waitUntil(() => packagedParts(runDir).length >= 1, 60_000, 'a first package', run);
  // stop everything half way, then lose every key of the run
  run.child.kill('SIGKILL');
  a.child.kill('SIGKILL');
  await Promise.all([run.done, a.exited]);
  const sealed = packagedParts(runDir);
  const total = (JSON.parse(readFileSync(path.join(runDir, 'state', 'ingest.json'), 'utf8')) as { parts: unknown[] }).parts.length;
  expect(sealed.length).toBeLessThan(total);
  const before = sealedMtimes(runDir);
  expect(await loseAllKeys(REDIS_URL, prefix)).toBeGreaterThan(0);

  worker();
  const resumed = spawnSiprint(['run', '--resume', runDir, '--redis', REDIS_URL, '--prefix', prefix], cliEnv());
  await expectExit0(resumed.done);
  expectSameAsReference(runDir, refDir);
  // finished packages were not redone
  expect(mtimesNow(runDir, Object.keys(before))).toEqual(before);
});
