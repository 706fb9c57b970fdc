/**
 * `check --compare`: two real checks of two generated extracts (the same seed without and with
 * --faults, its deceased list) — compare.json agrees with both exceptions.jsonl, compare.html is
 * self-contained, no ssn in the clear anywhere; a wrong directory or no --out is one line, exit 2.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { siprint, tempDir } from '../reliability/helpers';

type Entry = { recordId: string | null; reason: string };
const entries = (dir: string) =>
  readFileSync(path.join(dir, 'exceptions.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Entry);

describe('check --compare', () => {
  let dir: string;
  beforeAll(() => (dir = tempDir('compare')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('this month against the last: counts per code, the records that newly fail, masked', () => {
    const clean = path.join(dir, 'nov.jsonl');
    const faulty = path.join(dir, 'dec.jsonl');
    expect(siprint(['generate', '--count', '400', '--year', '2025', '--seed', 'cmp', '--out', clean]).status).toBe(0);
    expect(siprint(['generate', '--count', '400', '--year', '2025', '--seed', 'cmp', '--faults', '0.2', '--out', faulty]).status).toBe(0);
    const nov = path.join(dir, 'check-nov');
    const dec = path.join(dir, 'check-dec');
    expect(siprint(['check', '--extract', clean, '--year', '2025', '--out', nov]).status).toBe(0);
    const c = siprint(['check', '--extract', faulty, '--year', '2025', '--print-date', '2026-03-01', '--deceased', path.join(dir, 'dec.deceased.csv'), '--out', dec, '--compare', nov]);
    if (c.status !== 0) throw new Error(`check exited ${c.status}: ${c.stderr}`);

    const cmp = JSON.parse(readFileSync(path.join(dir, 'check-dec', 'compare.json'), 'utf8')) as {
      held: { code: string; previous: number; current: number; change: number }[];
      suppressed: { code: string; previous: number; current: number }[];
      newlyHeld: { recordId: string; code: string; ssnMasked?: string }[];
    };
    const count = (list: Entry[], code: string) => list.filter((e) => e.reason === code).length;
    const before = entries(nov);
    const after = entries(dec);
    for (const r of [...cmp.held, ...cmp.suppressed]) {
      expect([r.code, r.previous, r.current]).toEqual([r.code, count(before, r.code), count(after, r.code)]);
    }
    expect(cmp.held.find((r) => r.code === 'INCONSISTENT_RECORD')?.current).toBeGreaterThan(0);
    expect(cmp.suppressed.find((r) => r.code === 'DECEASED')?.current).toBeGreaterThan(0);
    // newly held: held in December, not in November, by recordId
    const heldCodes = new Set(cmp.held.map((r) => r.code));
    const wasHeld = new Set(before.filter((e) => heldCodes.has(e.reason)).map((e) => e.recordId));
    const expected = after.filter((e) => heldCodes.has(e.reason) && e.recordId !== null && !wasHeld.has(e.recordId)).map((e) => e.recordId);
    expect(cmp.newlyHeld.map((r) => r.recordId)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(10);
    expect(cmp.newlyHeld.filter((r) => r.ssnMasked).every((r) => /^\d{6}\*{8}[\dX]{4}$/.test(r.ssnMasked ?? ''))).toBe(true);

    // the table on stdout; no personal data in the outputs
    expect(c.stdout).toMatch(/INCONSISTENT_RECORD +0 +\d+ +\+\d+\n/);
    expect(c.stdout).toContain(`newly held records: ${expected.length}`);
    const html = readFileSync(path.join(dec, 'compare.html'), 'utf8');
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('<svg class="chart"');
    const json = readFileSync(path.join(dec, 'compare.json'), 'utf8');
    const ssns = [...readFileSync(faulty, 'utf8').matchAll(/"ssn":"(\d{17}[\dX])"/g)].map((m) => m[1] ?? '');
    const names = [...readFileSync(faulty, 'utf8').matchAll(/"name":"([^"]{2,4})"/g)].map((m) => m[1] ?? '');
    expect(ssns.length).toBeGreaterThan(100);
    for (const text of [json, html, c.stdout]) {
      for (const s of ssns) expect(text).not.toContain(s);
      for (const n of names) expect(text).not.toContain(`"${n}"`);
    }

    // the same in Chinese
    const zh = siprint(['check', '--lang', 'zh-CN', '--extract', faulty, '--year', '2025', '--out', path.join(dir, 'check-zh'), '--compare', nov]);
    expect(zh.status).toBe(0);
    expect(zh.stdout).toContain('新增暂缓（留存）记录');
  }, 180_000);

  it('without --out, or with a directory no check wrote: one line, exit 2, nothing written', () => {
    const extract = path.join(dir, 'small.jsonl');
    expect(siprint(['generate', '--count', '20', '--year', '2025', '--seed', 'cmp2', '--out', extract]).status).toBe(0);
    const noOut = siprint(['check', '--extract', extract, '--year', '2025', '--compare', dir]);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr.trim().split('\n')).toEqual(['siprint: --compare needs --out DIR: compare.json and compare.html are written there']);
    const out = path.join(dir, 'check-x');
    const wrong = siprint(['check', '--extract', extract, '--year', '2025', '--out', out, '--compare', dir]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toEqual([`siprint: --compare ${dir} is not a check output directory (no exceptions.jsonl): give a directory an earlier \`siprint check --out\` wrote`]);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
