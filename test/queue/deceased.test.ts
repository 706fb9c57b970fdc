/**
 * --deceased through BullMQ: the list reaches the ingest on a `siprint worker` process (run.json names
 * it by path and SHA-256; the worker reads it again), and the queue run suppresses the same records
 * and gives the same packages as the in-process run.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunManifest } from '../../src/package';
import { KEY, writeExtract } from '../pipeline/fixture';
import { obliterate, REDIS_URL, ROOT, spawnWorker, stopWorker, tempOut, uniquePrefix, siprintAsync } from './helpers';

const ENV = { ...process.env, SIPRINT_VERIFY_KEY: KEY, REDIS_URL: '' };
const siprint = (args: string[]) => siprintAsync(args, ENV);
const manifestOf = (runDir: string) => JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as RunManifest;

describe('--deceased on BullMQ workers', () => {
  const dir = tempOut();
  const prefix = uniquePrefix();
  afterAll(async () => {
    await obliterate(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a worker process suppresses the same records as DECEASED and makes the same packages as the in-process run', async () => {
    const extract = path.join(dir, 'extract.jsonl');
    const people = await writeExtract(extract, 60, { seed: 'queue-deceased' });
    const list = path.join(dir, 'deceased.csv');
    writeFileSync(list, `ssn,diedOn\n${people.ssns[4]},2025-03-01\n${people.ssns[20]},2025-12-31\n`);
    const ticket = path.join(ROOT, 'jobs/annual-2025.json');
    mkdirSync(path.join(dir, 'local'));
    const local = await siprint(['run', '--extract', extract, '--ticket', ticket, '--out', path.join(dir, 'local'), '--run-id', 'D', '--deceased', list, '--concurrency', '1']);
    if (local.status !== 0) throw new Error(local.stderr);
    const w = spawnWorker(prefix, ['--lock-duration', '5000'], REDIS_URL, { realPipeline: true, env: ENV });
    try {
      await w.waitFor((l) => l.event === 'worker-started', 30_000);
      const q = await siprint(['run', '--redis', REDIS_URL, '--prefix', prefix, '--extract', extract, '--ticket', ticket, '--out', path.join(dir, 'queue'), '--run-id', 'D', '--deceased', list]);
      if (q.status !== 0) throw new Error(q.stderr);
      expect(w.lines.some((l) => l.event === 'job-done' && l.stage === 'ingest')).toBe(true);
    } finally {
      await stopWorker(w);
    }
    const [a, b] = [path.join(dir, 'local', 'D'), path.join(dir, 'queue', 'D')];
    const exc = (d: string) => readFileSync(path.join(d, 'exceptions.jsonl'), 'utf8');
    expect(exc(b)).toBe(exc(a));
    expect(exc(b).match(/"DECEASED"/g)).toHaveLength(2);
    expect(manifestOf(b).packages.map((p) => p.sha256)).toEqual(manifestOf(a).packages.map((p) => p.sha256));
    expect(manifestOf(b).counts).toEqual(manifestOf(a).counts);
  }, 180_000);
});
