import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateExtract } from '../../src/generate/generate';
import { extractRows } from '../../src/extract';
import { loadTicket, resolveRunConfig } from '../../src/pipeline/config';
import { ingestStage } from '../../src/pipeline/ingest';
import { initRun } from '../../src/pipeline/init';
import { JudgePool, inOrder, judgeThreadsFor } from '../../src/pipeline/judge';
import { KEY } from './fixture';
import { loadPostcodeTable } from '../../src/assets';

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else out.set(path.relative(dir, f), readFileSync(f));
    }
  };
  walk(dir);
  return out;
}

describe('the ingest judging rows on helper threads', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-judge-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));
  const opts = { verificationKey: KEY, now: () => new Date('2026-01-20T02:00:00Z'), sortChunkSize: 50 };

  async function ingestWith(extract: string, judgeThreads: number, ticket?: string) {
    const config = {
      ...resolveRunConfig({ year: 2025, extract, runId: `t${judgeThreads}`, postagePermit: '京邮资许可证第2025-0107号', env: { SIPRINT_VERIFY_KEY: KEY }, now: new Date('2026-01-15T00:00:00Z'), ...(ticket ? { ticket: loadTicket(ticket) } : {}) }),
      piecesPerFile: 40,
    };
    const runDir = await initRun(path.join(tmp, 'out'), config, { resume: false });
    const result = await ingestStage(runDir, { ...opts, judgeThreads });
    const out = files(runDir);
    // what differs by nature: the run's ID in its own config, and times
    for (const f of [...out.keys()]) if (/^(run\.json|audit\.jsonl|logs\/|state\/ingest-progress)/.test(f)) out.delete(f);
    return { result, out };
  }

  it.each([
    ['JSONL, annual', 1, 'jsonl', undefined],
    ['CSV, annual', 2, 'csv', undefined],
    ['JSONL, per scheme', 1, 'jsonl', path.join(__dirname, '../../jobs/scheme-2025.json')],
  ] as const)('%s, %i helper thread(s): the same parts, archive, exceptions and counts as the ingest thread alone', async (_, helpers, format, ticket) => {
    const extract = path.join(tmp, `extract.${format}`);
    await generateExtract(extract, { count: 600, year: 2025, seed: 'judge-threads', format, encoding: 'utf8', faults: 0.12 });
    const inline = await ingestWith(extract, 0, ticket);
    rmSync(path.join(tmp, 'out'), { recursive: true });
    const threaded = await ingestWith(extract, helpers, ticket);
    expect(threaded.result.counts.input).toBe(600);
    expect(threaded.result.counts.exceptions).toBeGreaterThan(30);
    expect(threaded.result.parts.length).toBeGreaterThan(3);
    expect(threaded.result).toEqual(inline.result);
    expect([...threaded.out.keys()].sort()).toEqual([...inline.out.keys()].sort());
    for (const [f, bytes] of inline.out) expect({ f, same: threaded.out.get(f)?.equals(bytes) }).toEqual({ f, same: true });
  });

  it('a row that cannot be judged fails its batch with the reason (no hang), and a closed pool refuses work', async () => {
    const pool = new JudgePool(1, { setup: { year: 2025, mode: 'annual', batches: ['E', 'R'], postcodes: loadPostcodeTable().table } });
    try {
      // a CSV row without its header: the verdict throws inside the thread
      await expect(pool.judge({ header: null, jobs: [{ row: { line: 3, fields: ['x'] } }] }, 'x.csv')).rejects.toThrow(/toObject|undefined/);
      const extract = path.join(tmp, 'e.jsonl');
      await generateExtract(extract, { count: 5, year: 2025, seed: 'judge-ok', format: 'jsonl', encoding: 'utf8', faults: 0 });
      const batches = [];
      for await (const b of extractRows(extract, { year: 2025 })) batches.push(b);
      const judged = (await Promise.all(batches.map((b) => pool.judge(b, extract)))).flat();
      expect(judged.map((j) => j.type)).toEqual(['record', 'record', 'record', 'record', 'record']);
    } finally {
      await pool.close();
    }
    await expect(pool.judge({ header: null, jobs: [] }, 'x')).rejects.toThrow(/closed/);
  });

  it('inOrder hands verdicts back in input order, whatever order they finish in, and fails at the failing batch', async () => {
    async function* source() {
      for (const n of [30, 5, 20, 1, 10]) yield await Promise.resolve(n);
    }
    const slow = (ms: number) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms));
    const seen: number[] = [];
    for await (const r of inOrder(source(), slow, 3)) seen.push(r);
    expect(seen).toEqual([30, 5, 20, 1, 10]);

    const failing = (ms: number) => (ms === 20 ? Promise.reject(new Error('batch 20 failed')) : slow(ms));
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const r of inOrder(source(), failing, 3)) got.push(r);
      })(),
    ).rejects.toThrow('batch 20 failed');
    expect(got).toEqual([30, 5]);
  });
});

describe('how many judge threads an extract gets', () => {
  let tmp: string;
  beforeAll(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-judge-n-'))));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  afterEach(() => jest.restoreAllMocks());

  it('none below 4 MB or on one CPU; else one CPU fewer than the process may use, at most 3', () => {
    const small = path.join(tmp, 'small.jsonl');
    const large = path.join(tmp, 'large.jsonl');
    writeFileSync(small, '{}\n');
    writeFileSync(large, '');
    truncateSync(large, 8 * 1024 * 1024);
    const cpus = jest.spyOn(os, 'availableParallelism');
    const threadsOn = (n: number, file: string) => {
      cpus.mockReturnValue(n);
      return judgeThreadsFor(file);
    };
    // pinned to one CPU (taskset -c 0) a helper only adds its start-up and the messages
    expect([1, 2, 3, 4, 8].map((n) => threadsOn(n, large))).toEqual([0, 1, 2, 3, 3]);
    expect([1, 2, 8].map((n) => threadsOn(n, small))).toEqual([0, 0, 0]);
  });
});
