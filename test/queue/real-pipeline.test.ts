/**
 * The real pipeline on BullMQ (issue 5, "Must show"): real Redis, real `siprint worker` processes,
 * the real stages, a generated extract of 200 records in parts of 50. Each test has its own prefix.
 * The reference is the in-process run of the same extract, ticket and run ID.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readZip } from '../../src/package';
import type { RunManifest } from '../../src/package';
import { KEY, writeExtract, type ExtractPeople } from '../pipeline/fixture';
import { obliterate, REDIS_URL, ROOT, realWorkers, tempOut, uniquePrefix, siprintAsync, siprintOk } from './helpers';

const ENV = { ...process.env, SIPRINT_VERIFY_KEY: KEY, REDIS_URL: '' };
const RUN_ID = 'Q2025';

const siprint = (args: string[]) => siprintAsync(args, ENV);
const ok = (args: string[]) => siprintOk(args, ENV);

const manifestOf = (runDir: string) => JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as RunManifest;
const hashes = (runDir: string) => manifestOf(runDir).packages.map((p) => `${p.path} ${p.sha256}`);
/** pieceId column of every package's mailing.csv, in package order. */
function pieceIds(runDir: string): string[] {
  return manifestOf(runDir).packages.filter((p) => !p.electronic).flatMap((p) => { // mailed packages: electronic ones have index.csv
    const csv = readZip(readFileSync(path.join(runDir, p.path))).find((e) => e.name === 'mailing.csv');
    if (!csv) throw new Error(`${p.path} has no mailing.csv`);
    return Buffer.from(csv.data).toString('utf8').trim().split('\n').slice(1).map((row) => row.split(',')[0] ?? '');
  });
}

describe('the real pipeline on BullMQ workers', () => {
  const dir = tempOut();
  const extract = path.join(dir, 'extract.jsonl');
  const annual = path.join(dir, 'annual.json');
  const scheme = path.join(dir, 'scheme.json');
  let people: ExtractPeople;
  let reference: string; // the in-process run directory
  let prefix: string;
  const { start, ready, stopAll } = realWorkers(() => prefix, ENV);

  beforeAll(async () => {
    people = await writeExtract(extract, 200, { faults: 0.05, seed: 'queue-real' });
    for (const [file, src] of [[annual, 'annual-2025.json'], [scheme, 'scheme-2025.json']] as const) {
      const t = JSON.parse(readFileSync(path.join(ROOT, 'jobs', src), 'utf8')) as Record<string, unknown>;
      writeFileSync(file, JSON.stringify({ ...t, piecesPerFile: 50 }));
    }
    const out = path.join(dir, 'in-process');
    mkdirSync(out);
    await ok(['run', '--extract', extract, '--ticket', annual, '--out', out, '--run-id', RUN_ID, '--concurrency', '2']);
    reference = path.join(out, RUN_ID);
  }, 120_000);

  beforeEach(() => {
    prefix = uniquePrefix();
  });
  afterEach(async () => {
    await stopAll();
    await obliterate(prefix);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('two worker processes give the same package SHA-256s as the in-process run; no personal data in any log', async () => {
    expect(manifestOf(reference).packages.length).toBeGreaterThanOrEqual(4);
    // electronic packages (one PDF per person) are among those compared byte for byte
    expect(manifestOf(reference).packages.filter((p) => p.electronic).length).toBeGreaterThan(0);
    const [a, b] = [start(), start()];
    await Promise.all([ready(a), ready(b)]);
    const out = path.join(dir, 'two-workers');
    const said = await ok(['run', '--redis', REDIS_URL, '--prefix', prefix, '--extract', extract, '--ticket', annual, '--out', out, '--run-id', RUN_ID]);
    const runDir = path.join(out, RUN_ID);
    expect(hashes(runDir)).toEqual(hashes(reference));
    // both workers did some of the work
    for (const w of [a, b]) expect(w.lines.some((l) => l.event === 'job-done')).toBe(true);
    // `status --redis` reads the same queue (same prefix)
    const status = await ok(['status', runDir, '--redis', REDIS_URL, '--prefix', prefix]);
    expect(status).toMatch(new RegExp(`queue: run ${RUN_ID} completed: (\\d+)/\\1 parts rendered, \\1/\\1 packaged`));

    // the run log (written by the workers' threads), the workers' own logs and what `run` printed
    const logs = [readFileSync(path.join(runDir, 'logs', 'siprint.log'), 'utf8'), ...[a, b].map((w) => JSON.stringify(w.lines)), said];
    expect(logs[0]).toContain('"partId":"E-0001"');
    const secrets = [...people.names, ...people.ssns];
    expect(secrets.length).toBeGreaterThan(300);
    for (const log of logs) for (const s of secrets) expect(log).not.toContain(s);
  }, 180_000);

  it('a per-scheme run makes one batch per ticket scheme', async () => {
    await ready(start(['--concurrency', '2']));
    const out = path.join(dir, 'scheme');
    await ok(['run', '--redis', REDIS_URL, '--prefix', prefix, '--extract', extract, '--ticket', scheme, '--out', out, '--run-id', 'S2025']);
    const m = manifestOf(path.join(out, 'S2025'));
    expect(m.mode).toBe('scheme');
    expect(Object.keys(m.counts.byBatch).sort()).toEqual(['S-medical', 'S-pension']);
    expect([...new Set(m.packages.map((p) => p.batch))].sort()).toEqual(['S-medical', 'S-pension']);
    for (const batch of ['S-medical', 'S-pension'] as const) {
      expect(m.packages.filter((p) => p.batch === batch && !p.electronic).reduce((n, p) => n + p.pieces, 0)).toBe(m.counts.byBatch[batch]);
    }
  }, 180_000);

  it('a worker SIGKILLed mid-render: a new worker completes the run, same hashes, no duplicate piece', async () => {
    const first = start();
    await ready(first);
    const out = path.join(dir, 'killed');
    const running = siprint(['run', '--redis', REDIS_URL, '--prefix', prefix, '--extract', extract, '--ticket', annual, '--out', out, '--run-id', RUN_ID]);
    const render = await first.waitFor((l) => l.event === 'job-started' && l.stage === 'render', 90_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const partId = String(render.jobId).split(':')[2] ?? '';
    const runDir = path.join(out, RUN_ID);
    expect(existsSync(path.join(runDir, 'parts', partId, 'rendered.json'))).toBe(false); // killed before it finished

    const second = start();
    const r = await running;
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    expect(second.lines.some((l) => l.event === 'job-done' && l.jobId === render.jobId)).toBe(true);
    expect(hashes(runDir)).toEqual(hashes(reference));
    const ids = pieceIds(runDir);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...pieceIds(reference)].sort());
    expect(ids.length).toBe(manifestOf(reference).counts.printed);
  }, 180_000);
});
