/**
 * The sharded ingest's stages (what the BullMQ jobs call), run here one after another: the same
 * files as the one-pass ingest for the same extract and run ID, whatever the number of ranges;
 * duplicates across ranges held as in one pass; each stage idempotent.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateExtract } from '../../src/generate/generate';
import { resolveRunConfig } from '../../src/pipeline/config';
import { ingestStage } from '../../src/pipeline/ingest';
import { duplicatesStage, judgeRangeStage, keysStage, mergeStage, pendingShards, planIngest } from '../../src/pipeline/ingest-shards';
import { initRun } from '../../src/pipeline/init';
import { planRanges } from '../../src/extract/ranges';
import { KEY, writeExtract } from './fixture';

const opts = { verificationKey: KEY, now: () => new Date('2026-01-20T02:00:00Z') };

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
/** The ingest's outputs, by path in the run dir: what the render, the packages and the report are made from. */
function outputs(runDir: string): Record<string, string> {
  const files = ['state/ingest.json', 'exceptions.jsonl', 'warnings.jsonl', ...['parts', 'archive'].flatMap((d) => walk(path.join(runDir, d)).map((f) => path.relative(runDir, f)))];
  return Object.fromEntries(files.sort().map((f) => [f, readFileSync(path.join(runDir, f)).toString('base64')]));
}

async function sharded(runDir: string): Promise<void> {
  const shards = await planIngest(runDir, opts);
  if (!shards) throw new Error('expected a sharded plan');
  for (let next = await pendingShards(runDir); next; next = await pendingShards(runDir)) {
    for (const i of next.indexes) {
      if (next.layer === 'keys') await keysStage(runDir, i, opts);
      else if (next.layer === 'duplicates') await duplicatesStage(runDir, i);
      else await judgeRangeStage(runDir, i, { ...opts, sortChunkSize: 9 });
    }
  }
  // the range jobs made the verification codes and the pieces' JSON: every sorted entry (key, batch,
  // electronic, code, the record and recipient as JSON) carries them, so the serial merge only copies them
  const judged = path.join(runDir, 'tmp', 'shards', 'judge');
  const entries = readdirSync(judged).flatMap((r) => readdirSync(path.join(judged, r)).filter((f) => f.startsWith('chunk-')).flatMap((f) => readFileSync(path.join(judged, r, f), 'utf8').trim().split('\n').filter(Boolean)));
  expect(entries.length).toBeGreaterThan(0);
  for (const line of entries) {
    const fields = line.split('\t');
    expect(fields).toHaveLength(5);
    expect(fields[3]).toMatch(/^\S{6,}$/);
    expect((JSON.parse(`{${fields[4]}}`) as { record: { recordId: string } }).record.recordId).toMatch(/\S/);
  }
  await mergeStage(runDir, opts);
}

describe('the sharded ingest (stages in order, no queue)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-shards-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const config = (extract: string, over: Record<string, unknown> = {}) => ({
    ...resolveRunConfig({ year: 2025, extract, runId: 'SH1', postagePermit: '京邮资许可证第2025-0107号', env: { SIPRINT_VERIFY_KEY: KEY }, now: new Date('2026-01-15T00:00:00Z') }),
    piecesPerFile: 13,
    ...over,
  });

  it('JSONL in 1, 3 and 7 ranges = the one-pass ingest byte for byte; duplicates across ranges are all held', async () => {
    const extract = path.join(tmp, 'dups.jsonl');
    const ids: string[] = [];
    const ssns: string[] = [];
    await writeExtract(extract, 240, {
      faults: 0.08,
      seed: 'shards',
      edit: (rec, i) => {
        const person = rec.person as { ssn?: string };
        ids.push(String(rec.recordId));
        ssns.push(String(person.ssn));
        // the first range's keys again in the last ranges
        if (i === 230) rec.recordId = ids[2];
        if (i === 200) person.ssn = ssns[7];
      },
    });
    const one = await initRun(path.join(tmp, 'one'), config(extract), { resume: false });
    await ingestStage(one, { ...opts, sortChunkSize: 9, judgeThreads: 0 });
    const reference = outputs(one);
    const held = readFileSync(path.join(one, 'exceptions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string });
    const dupLines = held.filter((e) => e.reason.startsWith('DUPLICATE_')).map((e) => e.line).sort((a, b) => a - b);
    expect(dupLines).toEqual(expect.arrayContaining([3, 231]));
    // line 201 breaks a rule of its own too (which outranks the duplicate): line 8 is held for it all the same
    expect(held.find((e) => e.line === 8)?.reason).toBe('DUPLICATE_SSN');
    expect(held.some((e) => e.line === 201)).toBe(true);

    for (const ranges of [3, 7]) {
      const runDir = await initRun(path.join(tmp, `r${ranges}`), config(extract, { ingestRanges: ranges }), { resume: false });
      await sharded(runDir);
      const plan = await planRanges(extract, { encoding: 'utf8', ranges });
      expect(plan.ranges.length).toBe(ranges);
      expect(outputs(runDir)).toEqual(reference);
      expect(existsSync(path.join(runDir, 'tmp', 'shards'))).toBe(false); // the scratch (and its salt) is gone
    }
  }, 120_000);

  it('CSV: the later ranges take the header from the file start; a quoted newline makes one range', async () => {
    const extract = path.join(tmp, 'extract.csv');
    await generateExtract(extract, { count: 150, year: 2025, seed: 'shards-csv', format: 'csv', encoding: 'utf8', faults: 0.05 });
    const one = await initRun(path.join(tmp, 'csv-one'), config(extract), { resume: false });
    await ingestStage(one, { ...opts, sortChunkSize: 9, judgeThreads: 0 });
    const plan = await planRanges(extract, { encoding: 'utf8', ranges: 4 });
    expect(plan.whole).toBeUndefined();
    expect(plan.ranges.length).toBe(4);
    expect(plan.csvHeader?.length).toBeGreaterThan(5);
    const runDir = await initRun(path.join(tmp, 'csv-4'), config(extract, { ingestRanges: 4 }), { resume: false });
    await sharded(runDir);
    expect(outputs(runDir)).toEqual(outputs(one));

    const quoted = path.join(tmp, 'quoted.csv');
    writeFileSync(quoted, `${readFileSync(extract, 'utf8').split('\n')[0]}\n"a\nb"\n`);
    expect((await planRanges(quoted, { encoding: 'utf8', ranges: 4 })).whole).toBe('quoted-newline');
  }, 120_000);

  it('each stage run again does nothing; a range killed mid-way (its half-built dir left) is redone alone', async () => {
    const extract = path.join(tmp, 'idem.jsonl');
    await writeExtract(extract, 120, { faults: 0.1, seed: 'idem' });
    const one = await initRun(path.join(tmp, 'idem-one'), config(extract), { resume: false });
    await ingestStage(one, { ...opts, sortChunkSize: 9, judgeThreads: 0 });
    const runDir = await initRun(path.join(tmp, 'idem-3'), config(extract, { ingestRanges: 3 }), { resume: false });
    await planIngest(runDir, opts);
    const salt = readFileSync(path.join(runDir, 'tmp', 'shards', 'plan.json'), 'utf8');
    await planIngest(runDir, opts);
    expect(readFileSync(path.join(runDir, 'tmp', 'shards', 'plan.json'), 'utf8')).toBe(salt); // the first plan stays
    const progress = () => JSON.parse(readFileSync(path.join(runDir, 'state', 'ingest-progress.json'), 'utf8')) as { records: number; bytesRead: number; totalBytes: number; exceptions: number };
    const size = statSync(extract).size;
    for (let r = 0; r < 3; r++) await keysStage(runDir, r, opts);
    // each stage leaves the progress `status` and `run --redis` show: pass 1 read, nothing judged yet
    expect(progress()).toMatchObject({ records: 0, bytesRead: size, totalBytes: 2 * size });
    const keys0 = path.join(runDir, 'tmp', 'shards', 'keys', 'r0000');
    const before = statSync(keys0).mtimeMs;
    await keysStage(runDir, 0, opts);
    expect(statSync(keys0).mtimeMs).toBe(before);
    let next = await pendingShards(runDir);
    expect(next?.layer).toBe('duplicates');
    for (const b of next?.indexes ?? []) await duplicatesStage(runDir, b);
    // a judge job killed mid-way leaves its half-built directory: not taken for done
    mkdirSync(path.join(runDir, 'tmp', 'shards', 'judge', 'r0001.dead.tmp'), { recursive: true });
    await judgeRangeStage(runDir, 0, opts);
    next = await pendingShards(runDir);
    expect(next).toEqual({ layer: 'judge', indexes: [1, 2] });
    const judged0 = JSON.parse(readFileSync(path.join(runDir, 'tmp', 'shards', 'judge', 'r0000', 'counts.json'), 'utf8')) as { input: number };
    expect(judged0.input).toBeGreaterThan(0);
    expect(progress().records).toBe(judged0.input);
    expect(progress().bytesRead).toBeGreaterThan(size);
    await judgeRangeStage(runDir, 0, opts); // again: nothing
    await judgeRangeStage(runDir, 1, opts);
    await judgeRangeStage(runDir, 2, opts);
    await mergeStage(runDir, opts);
    await mergeStage(runDir, opts);
    expect(outputs(runDir)).toEqual(outputs(one));
  }, 120_000);
});
