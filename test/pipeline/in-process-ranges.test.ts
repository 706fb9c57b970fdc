/**
 * The in-process run's sharded ingest (issue 21): the keys, duplicates and judge stages on a pool of
 * range threads, then the merge. Every file the run leaves (but its logs and audit times) = the
 * one-range run's, byte for byte, whatever the number of ranges; duplicates across ranges all held;
 * `siprint run` SIGKILLed while the range stages run, then `--resume`d: the same bytes again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveRunConfig } from '../../src/pipeline/config';
import { initRun } from '../../src/pipeline/init';
import { rangesWanted } from '../../src/pipeline/ingest-shards';
import { runInProcess, type PipelineEvent } from '../../src/pipeline/run-in-process';
import { SPREAD_BYTES } from '../../src/pipeline/threads';
import { cliEnv, siprint, spawnSiprint, waitUntil } from '../reliability/helpers';
import { KEY, writeExtract } from './fixture';

function walk(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])) : [];
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Every file of a finished run by path (its SHA-256), but the logs and report.html (made of the run's
 * times: when, how long each stage took); run.json without the ranges asked for (which the runs
 * compared differ in); the audit log's actions and details, in order of action (packages are sealed in
 * the order their renders finish), without times, hash chain and the hashes of the report and run.json.
 */
function everything(runDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of walk(runDir).sort()) {
    const rel = path.relative(runDir, f);
    if (rel.startsWith('logs/') || rel === 'report.html') continue;
    if (rel === 'run.json') {
      const { ingestRanges: _, ...config } = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
      out[rel] = sha256(JSON.stringify(config));
    } else if (rel === 'audit.jsonl') {
      const lines = readFileSync(f, 'utf8').trimEnd().split('\n').map((l) => {
        const { action, details } = JSON.parse(l) as { action: string; details?: { files?: Record<string, string> } };
        delete details?.files?.['run.json'];
        return JSON.stringify({ action, details: action === 'run.report' ? '(its times)' : details });
      });
      out[rel] = lines.sort().join('\n');
    } else out[rel] = sha256(readFileSync(f));
  }
  return out;
}

describe('the in-process sharded ingest', () => {
  let tmp: string;
  let extract: string;
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-ranges-'));
    extract = path.join(tmp, 'extract.jsonl');
    const ids: string[] = [];
    const persons: unknown[] = [];
    await writeExtract(extract, 600, {
      faults: 0.06,
      seed: 'in-process-ranges',
      edit: (rec, i) => {
        ids.push(String(rec.recordId));
        persons.push(rec.person);
        // the first range's keys again in the last one
        if (i === 590) rec.recordId = ids[2];
        if (i >= 570 && i < 575) rec.person = structuredClone(persons[i - 560]);
      },
    });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const opts = { verificationKey: KEY };
  const config = (ingestRanges: number) => ({
    ...resolveRunConfig({ year: 2025, extract, runId: 'IR1', postagePermit: '京邮资许可证第2025-0107号', env: { SIPRINT_VERIFY_KEY: KEY }, now: new Date('2026-01-15T00:00:00Z') }),
    piecesPerFile: 60,
    ingestRanges,
  });
  const run = async (ranges: number) => {
    const events: PipelineEvent[] = [];
    const runDir = await initRun(path.join(tmp, `r${ranges}`), config(ranges), { resume: false });
    await runInProcess(runDir, { ...opts, concurrency: 2, onEvent: (e) => events.push(e) });
    return { runDir, events, layers: events.flatMap((e) => (e.type === 'ingest-ranges' ? [`${e.layer} ${e.done}/${e.total}`] : [])) };
  };

  it('in 4 and in 50 ranges on two threads = the one-range run, every file byte for byte; duplicates across ranges held', async () => {
    const one = await run(1);
    expect(one.layers).toEqual([]); // one range: the one-pass ingest
    const reference = everything(one.runDir);
    expect(Object.keys(reference)).toEqual(expect.arrayContaining(['manifest.json', 'state/ingest.json', 'state/ingest-progress.json', 'exceptions.jsonl', 'print/IR1-E-p001.zip']));

    for (const ranges of [4, 50]) {
      const r = await run(ranges);
      // every stage ran, on the range threads: a line for each range of both passes
      expect(r.layers.filter((l) => l.startsWith('keys')).length).toBe(ranges);
      expect(r.layers.filter((l) => l.startsWith('judge'))).toContain(`judge ${ranges}/${ranges}`);
      expect(r.layers.indexOf(`keys ${ranges}/${ranges}`)).toBeLessThan(r.layers.findIndex((l) => l.startsWith('duplicates')));
      const last = r.events.filter((e) => e.type === 'ingest-progress').at(-1);
      expect(last).toMatchObject({ records: 600, bytesRead: last?.totalBytes });
      expect(everything(r.runDir)).toEqual(reference);
      expect(existsSync(path.join(r.runDir, 'tmp'))).toBe(false);

      const held = readFileSync(path.join(r.runDir, 'exceptions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string });
      const reason = (line: number) => held.find((e) => e.line === line)?.reason;
      expect([reason(3), reason(591)]).toEqual(['DUPLICATE_RECORD_ID', 'DUPLICATE_RECORD_ID']);
      const ssnDup = held.filter((e) => e.reason === 'DUPLICATE_SSN').map((e) => e.line);
      expect(ssnDup.filter((l) => l >= 11 && l <= 15).length).toBeGreaterThanOrEqual(3);
      expect(ssnDup.filter((l) => l >= 571 && l <= 575).length).toBeGreaterThanOrEqual(3);
    }
  }, 300_000);

  it('cuts an extract from 4 MB on into a multiple of the threads; below it, or on one thread, one per 48 MB', () => {
    const MB = 1024 * 1024;
    expect(rangesWanted(SPREAD_BYTES - 1, 2)).toBe(1);
    expect(rangesWanted(SPREAD_BYTES, 2)).toBe(2);
    expect(rangesWanted(137 * MB, 2)).toBe(4);
    expect(rangesWanted(137 * MB, 3)).toBe(3);
    expect(rangesWanted(137 * MB, 1)).toBe(3);
    expect(rangesWanted(137 * MB)).toBe(3); // BullMQ: the jobs spread over the workers, whatever their number
  });

  it('`siprint run` SIGKILLed while the range stages run: --resume gives the same bytes, no record counted twice', async () => {
    const big = path.join(tmp, 'big.jsonl');
    await writeExtract(big, 2400, { faults: 0.05, seed: 'in-process-ranges-kill' });
    const args = (out: string, ranges: number) => ['run', '--extract', big, '--year', '2025', '--postage-permit', '京邮资许可证第2025-0107号', '--out', out, '--run-id', 'IRK', '--concurrency', '2', '--ingest-ranges', String(ranges)];
    const ref = siprint(args(path.join(tmp, 'kill-ref'), 1), cliEnv(), 240_000);
    if (ref.status !== 0) throw new Error(`reference run exited ${ref.status}: ${ref.stderr}`);

    const out = path.join(tmp, 'killed');
    const runDir = path.join(out, 'IRK');
    const judged = path.join(runDir, 'tmp', 'shards', 'judge');
    const finished = () => (existsSync(judged) ? readdirSync(judged).filter((f) => !f.endsWith('.tmp')).length : 0);
    const killed = spawnSiprint(args(out, 24));
    // killed once some ranges are judged and others not yet: the merge has not begun
    await waitUntil(() => finished() >= 2, 120_000, 'two ranges judged', killed);
    killed.child.kill('SIGKILL');
    const k = await killed.done;
    expect(k.status).toBeNull();
    expect(finished()).toBeLessThan(24);
    expect(existsSync(path.join(runDir, 'state', 'ingest.json'))).toBe(false);
    expect(k.stderr).toMatch(/siprint: ingest, pass 1 \(duplicate keys\): 24\/24 ranges read/);

    const r = siprint(['run', '--resume', runDir], cliEnv(), 240_000);
    if (r.status !== 0) throw new Error(`resume exited ${r.status}: ${r.stderr}`);
    // the resumed run did only what was left of the judge layer, then the merge
    expect(r.stderr).not.toMatch(/pass 1/);
    expect(r.stderr).toMatch(/siprint: ingest, pass 2 \(validation and presort\): 24\/24 ranges done/);
    expect(everything(runDir)).toEqual({ ...everything(path.join(tmp, 'kill-ref', 'IRK')), 'audit.jsonl': expect.any(String) });
    const counts = (JSON.parse(readFileSync(path.join(runDir, 'state', 'ingest.json'), 'utf8')) as { counts: { input: number } }).counts;
    expect(counts.input).toBe(2400);
  }, 600_000);
});
