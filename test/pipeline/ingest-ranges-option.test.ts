/** `siprint run --ingest-ranges N` (issue 21): overrides the ticket's "ingestRanges", same bounds, one-line refusal in en and zh-CN. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../src/domain/errors';
import { expectOneLine } from '../i18n/one-line';
import { cliEnv, realFixture, sha256File, siprint } from '../reliability/helpers';
import { setLang } from '../../src/i18n/lang';
import { loadTicket, resolveRunConfig, toStored } from '../../src/pipeline/config';

describe('--ingest-ranges', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-ranges-'))));
  afterEach(() => {
    setLang('en');
    rmSync(dir, { recursive: true, force: true });
  });
  const base = { year: 2025, extract: 'x.jsonl', postagePermit: 'P-1', env: { SIPRINT_VERIFY_KEY: 'k'.repeat(32) }, now: new Date('2026-01-10T08:00:00Z') };
  const ticketWith = (ingestRanges: number) => {
    const f = path.join(dir, 't.json');
    writeFileSync(f, JSON.stringify({ mode: 'annual', year: 2025, extract: 'x.jsonl', ingestRanges }));
    return loadTicket(f);
  };

  it('overrides the ticket and reaches the stored config the range plan reads', () => {
    const ticket = ticketWith(3);
    expect(resolveRunConfig({ ...base, ticket }).ingestRanges).toBe(3);
    const c = resolveRunConfig({ ...base, ticket, ingestRanges: '7' });
    expect(c.ingestRanges).toBe(7);
    // pipeline/ingest-shards.ts plans from stored.ingestRanges
    expect(toStored(c, { deadline: '2026-02-01', handoffBy: '2026-01-17' }).ingestRanges).toBe(7);
    expect(resolveRunConfig({ ...base, ingestRanges: '4096' }).ingestRanges).toBe(4096);
    expect(resolveRunConfig(base).ingestRanges).toBeUndefined();
  });

  it.each(['0', '4097', '2.5', '-1', 'abc', ''])('refuses %j in one line naming the option, en and zh-CN', (value) => {
    setLang('en');
    const en = () => resolveRunConfig({ ...base, ingestRanges: value });
    expect(en).toThrow(UsageError);
    expect(en).toThrow(`--ingest-ranges ${JSON.stringify(value)}: give a whole number from 1 to 4096`);
    setLang('zh-CN');
    let zh = '';
    try {
      resolveRunConfig({ ...base, ingestRanges: value });
    } catch (e) {
      zh = (e as Error).message;
    }
    expect(zh).toContain(`--ingest-ranges ${JSON.stringify(value)}：请给出 1 到 4096 之间的整数`);
    expect(zh).not.toContain('\n');
  });
});

describe('--ingest-ranges on --resume', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-ranges-resume-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused in one line, en and zh-CN, and the run is left as it was', () => {
    const fx = realFixture(dir, 30, 10);
    const env = cliEnv({ LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '' });
    const r = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'R1', '--concurrency', '1'], env);
    expect(r.status).toBe(0);
    const runDir = path.join(dir, 'R1');
    const manifest = sha256File(path.join(runDir, 'manifest.json'));
    expectOneLine(
      (lang) => siprint(['--lang', lang, 'run', '--resume', runDir, '--ingest-ranges', '3'], env),
      /--ingest-ranges is for a new run: a resumed run keeps the ranges it was planned with/,
      /--ingest-ranges 只用于新批次：续跑的批次沿用建立时的区段划分/,
    );
    // --out + --run-id names the same run: refused alike
    expect(siprint(['run', '--resume', '--out', dir, '--run-id', 'R1', '--ingest-ranges', '2'], env).status).toBe(2);
    // without the option the resume is accepted (nothing left to do)
    expect(siprint(['run', '--resume', runDir], env).status).toBe(0);
    expect(sha256File(path.join(runDir, 'manifest.json'))).toBe(manifest);
  }, 120_000);
});
