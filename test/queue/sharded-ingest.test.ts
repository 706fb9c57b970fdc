/**
 * The sharded ingest on BullMQ (issue 21): real Redis, real `siprint worker` processes, the real
 * stages. The ticket asks for several byte ranges; the reference is the in-process run in one range
 * (`--ingest-ranges 1`: the one-pass ingest) of the same extract, ticket and run ID, compared file by file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunManifest } from '../../src/package';
import { KEY, writeExtract } from '../pipeline/fixture';
import { obliterate, REDIS_URL, ROOT, realWorkers, tempOut, uniquePrefix, waitUntil, siprintAsync, siprintOk } from './helpers';

const ENV = { ...process.env, SIPRINT_VERIFY_KEY: KEY, REDIS_URL: '' };
const RUN_ID = 'SH2025';
const RANGES = 4;

const siprint = (args: string[]) => siprintAsync(args, ENV);
const ok = (args: string[]) => siprintOk(args, ENV);

function walk(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])) : [];
}
const manifestOf = (runDir: string) => JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as RunManifest;
/** What the two runs must share byte for byte: the packages (by the manifest's hashes) and the ingest's outputs. */
function outputs(runDir: string): Record<string, string> {
  const files = ['state/ingest.json', 'exceptions.jsonl', 'warnings.jsonl', ...['parts', 'archive'].flatMap((d) => walk(path.join(runDir, d)).filter((f) => !f.endsWith('.json') || f.endsWith('.json.gz')).map((f) => path.relative(runDir, f)))];
  const out = Object.fromEntries(files.sort().map((f) => [f, readFileSync(path.join(runDir, f)).toString('base64')]));
  for (const p of manifestOf(runDir).packages) out[p.path] = p.sha256;
  return out;
}

describe('the sharded ingest on BullMQ workers', () => {
  const dir = tempOut();
  const extract = path.join(dir, 'extract.jsonl');
  const ticket = path.join(dir, 'annual.json');
  let reference: Record<string, string>;
  let prefix: string;
  const { start, ready, stopAll } = realWorkers(() => prefix, ENV);

  beforeAll(async () => {
    const ids: string[] = [];
    const persons: unknown[] = [];
    await writeExtract(extract, 1200, {
      faults: 0.05,
      seed: 'queue-shards',
      edit: (rec, i) => {
        ids.push(String(rec.recordId));
        persons.push(rec.person);
        // keys of the first range again in the last one
        if (i === 1150) rec.recordId = ids[4];
        // the same person (ssn, birth date…) again: held DUPLICATE_SSN, not for an ssn at odds with the birth date
        if (i >= 1170 && i < 1180) rec.person = structuredClone(persons[i - 1160]);
      },
    });
    const t = JSON.parse(readFileSync(path.join(ROOT, 'jobs', 'annual-2025.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(ticket, JSON.stringify({ ...t, piecesPerFile: 200, ingestRanges: RANGES }));
    const out = path.join(dir, 'in-process');
    mkdirSync(out);
    // one range (the one-pass ingest): the ticket's ranges would shard the in-process run too
    await ok(['run', '--extract', extract, '--ticket', ticket, '--out', out, '--run-id', RUN_ID, '--concurrency', '2', '--ingest-ranges', '1']);
    reference = outputs(path.join(out, RUN_ID));
  }, 300_000);

  beforeEach(() => {
    prefix = uniquePrefix();
  });
  afterEach(async () => {
    await stopAll();
    await obliterate(prefix);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`${RANGES} ranges on two workers = the in-process run byte for byte; duplicates across ranges are all held`, async () => {
    const [a, b] = [start(), start()];
    await Promise.all([ready(a), ready(b)]);
    const out = path.join(dir, 'two-workers');
    const said = await ok(['run', '--redis', REDIS_URL, '--prefix', prefix, '--extract', extract, '--ticket', ticket, '--out', out, '--run-id', RUN_ID]);
    const runDir = path.join(out, RUN_ID);
    expect(outputs(runDir)).toEqual(reference);
    // the range jobs' progress reached the terminal (before, nothing until the merge was done)
    expect(said).toMatch(/records read \(\d+% of the extract\)/);
    // renders began while the ingest job was still merging (the flow adopted those jobs), each part rendered once
    const lines = [a, b].flatMap((w) => w.lines);
    const at = (event: string, stage: string) => lines.filter((l) => l.event === event && l.stage === stage).map((l) => Date.parse(String(l.time)));
    const parts = manifestOf(runDir).packages.length;
    expect(Math.min(...at('job-started', 'render'))).toBeLessThan(Math.max(...at('job-done', 'ingest')));
    expect(at('job-done', 'render').length).toBe(parts);
    // the ingest was sharded: a job per range and per bucket, spread over both workers
    const done = [a, b].map((w) => w.lines.filter((l) => l.event === 'job-done').map((l) => String(l.stage)));
    expect(done.flat().filter((s) => s === 'keys').length).toBe(RANGES);
    expect(done.flat().filter((s) => s === 'judge').length).toBe(RANGES);
    expect(done.flat().filter((s) => s === 'duplicates').length).toBeGreaterThanOrEqual(8);
    for (const d of done) expect(d.some((s) => s === 'keys' || s === 'judge' || s === 'duplicates')).toBe(true);
    const held = readFileSync(path.join(runDir, 'exceptions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string });
    const dup = (line: number) => held.find((e) => e.line === line)?.reason;
    expect([dup(5), dup(1151)]).toEqual(['DUPLICATE_RECORD_ID', 'DUPLICATE_RECORD_ID']);
    // the people of lines 11–20 again on lines 1171–1180 (a few may break a rule of their own, which outranks)
    const ssnDup = held.filter((e) => e.reason === 'DUPLICATE_SSN').map((e) => e.line);
    expect(ssnDup.filter((l) => l >= 11 && l <= 20).length).toBeGreaterThanOrEqual(5);
    expect(ssnDup.filter((l) => l >= 1171 && l <= 1180).length).toBeGreaterThanOrEqual(5);
    expect(existsSync(path.join(runDir, 'tmp', 'shards'))).toBe(false);
  }, 300_000);

  it('a worker SIGKILLed mid-way through a judge job: another worker redoes that range, same bytes', async () => {
    const first = start();
    await ready(first);
    const out = path.join(dir, 'killed');
    const runDir = path.join(out, RUN_ID);
    const running = siprint(['run', '--redis', REDIS_URL, '--prefix', prefix, '--extract', extract, '--ticket', ticket, '--out', out, '--run-id', RUN_ID]);
    const judgeDir = path.join(runDir, 'tmp', 'shards', 'judge');
    // killed while a range's verdicts are being written (its directory half built, not yet renamed into place)
    await waitUntil(() => existsSync(judgeDir) && readdirSync(judgeDir).some((f) => f.endsWith('.tmp')), 120_000, 'a judge job under way');
    first.child.kill('SIGKILL');
    await first.exited;
    const building = readdirSync(judgeDir).filter((f) => f.endsWith('.tmp'));
    expect(building.length).toBeGreaterThan(0);
    const range = (building[0] ?? '').split('.')[0] ?? '';
    expect(existsSync(path.join(judgeDir, range))).toBe(false); // not done

    const second = start();
    const r = await running;
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    const redone = `${RUN_ID}:judge:${range}`;
    expect(second.lines.some((l) => l.event === 'job-done' && l.jobId === redone)).toBe(true);
    expect(outputs(runDir)).toEqual(reference);
    const counts = (JSON.parse(readFileSync(path.join(runDir, 'state', 'ingest.json'), 'utf8')) as { counts: { input: number } }).counts;
    expect(counts.input).toBe(1200); // no range counted twice
  }, 300_000);
});
