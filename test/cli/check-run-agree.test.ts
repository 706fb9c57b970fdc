import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reconciliation } from '../../src/package';
import { KEY, writeExtract } from '../pipeline/fixture';

const root = path.join(__dirname, '../..');
const bin = path.join(root, 'bin/siprint.js');
const env = { ...process.env, SIPRINT_VERIFY_KEY: KEY, REDIS_URL: '' };
const siprint = (args: string[]) => spawnSync('node', [bin, ...args], { cwd: root, env, encoding: 'utf8' });

describe('check and run hold exactly the same records', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-agree-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a name with 𠇔 (CJK Ext. B, in no font) is UNPRINTABLE_CHARACTER in `check` and in `run`', async () => {
    const extract = path.join(tmp, 'rare.jsonl');
    const rare = [3, 11, 17];
    await writeExtract(extract, 40, {
      faults: 0.1,
      edit: (rec, i) => {
        const person = rec.person as { name: string } | undefined;
        if (rare.includes(i) && person) person.name = `${person.name.slice(0, 1)}𠇔${person.name.slice(2)}`;
      },
    });

    const check = siprint(['check', '--extract', extract, '--year', '2025', '--out', path.join(tmp, 'check')]);
    if (check.status !== 0) throw new Error(`check exited ${check.status}: ${check.stderr}`);
    expect(check.stdout).toMatch(/UNPRINTABLE_CHARACTER\D+3\n/); // the code, its description, the count
    expect(check.stdout).not.toContain('were not checked');

    const run = siprint(['run', '--extract', extract, '--year', '2025', '--out', tmp, '--run-id', 'agree', '--ticket', path.join(root, 'jobs/annual-2025.json'), '--concurrency', '1']);
    if (run.status !== 0) throw new Error(`run exited ${run.status}: ${run.stderr}`);
    const runDir = path.join(tmp, 'agree');
    const rec = JSON.parse(readFileSync(path.join(runDir, 'reconciliation.json'), 'utf8')) as Reconciliation;
    expect(rec.byReason.UNPRINTABLE_CHARACTER).toBe(3);

    // not only the counts: the same lines with the same reasons
    const outcomes = (file: string) =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const e = JSON.parse(l) as { line: number; reason: string };
          return `${e.line}:${e.reason}`;
        });
    const fromCheck = outcomes(path.join(tmp, 'check', 'exceptions.jsonl'));
    expect(outcomes(path.join(runDir, 'exceptions.jsonl'))).toEqual(fromCheck);
    expect(fromCheck.filter((o) => o.endsWith(':UNPRINTABLE_CHARACTER'))).toEqual(rare.map((i) => `${i + 1}:UNPRINTABLE_CHARACTER`));
  });

  /** The issue-17 rules, each on a few lines of a generated extract: `check` and `run` hold the same lines for the same reasons. */
  it('agree on the postcode rule (0-prefixes valid, another province’s held)', async () => {
    const extract = path.join(tmp, 'rules.jsonl');
    type Addr = { postcode: string; province: string; city?: string; district?: string; line: string };
    const edits: Record<number, (rec: Record<string, unknown>) => void> = {
      2: (r) => (r.address = { postcode: '010010', province: '内蒙古自治区', city: '呼和浩特市', district: '新城区', line: '新华大街1号' }),
      5: (r) => (r.address = { postcode: '050011', province: '河北省', city: '石家庄市', district: '长安区', line: '中山东路1号' }),
      8: (r) => (r.address = { postcode: '030032', province: '山西省', city: '太原市', district: '小店区', line: '长风街1号' }),
      11: (r) => (r.address = { postcode: '510630', province: '北京市', city: '北京市', district: '朝阳区', line: '建国路1号' }),
      14: (r) => ((r.agency as Addr & Record<string, string>).postcode = '990000'),
    };
    await writeExtract(extract, 30, { seed: 'agree-rules', edit: (rec, i) => edits[i]?.(rec) });
    const check = siprint(['check', '--extract', extract, '--year', '2025', '--out', path.join(tmp, 'check-rules')]);
    if (check.status !== 0) throw new Error(`check exited ${check.status}: ${check.stderr}`);
    const run = siprint(['run', '--extract', extract, '--year', '2025', '--out', tmp, '--run-id', 'agree-rules', '--ticket', path.join(root, 'jobs/annual-2025.json'), '--concurrency', '1']);
    if (run.status !== 0) throw new Error(`run exited ${run.status}: ${run.stderr}`);
    const entries = (file: string) =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => {
          const e = JSON.parse(l) as { line: number; reason: string; message: string };
          return `${e.line}:${e.reason}:${e.message}`;
        });
    const fromCheck = entries(path.join(tmp, 'check-rules', 'exceptions.jsonl'));
    expect(entries(path.join(tmp, 'agree-rules', 'exceptions.jsonl'))).toEqual(fromCheck);
    const held = fromCheck.map((e) => e.split(':').slice(0, 2).join(':'));
    for (const ok of [3, 6, 9]) expect(held.filter((h) => h.startsWith(`${ok}:`))).toEqual([]);
    expect(held).toEqual(expect.arrayContaining(['12:INVALID_POSTCODE', '15:INVALID_POSTCODE']));
    expect(fromCheck.find((e) => e.startsWith('12:'))).toContain('prefix 51 belongs to 广东省');
  });

  it('INCONSISTENT_RECORD: the same lines, rules and messages in `check` and in `run`', async () => {
    const extract = path.join(tmp, 'inconsistent.jsonl');
    await writeExtract(extract, 160, { faults: 0.7, seed: 'agree-inconsistent' });
    const check = siprint(['check', '--extract', extract, '--year', '2025', '--out', path.join(tmp, 'check-inconsistent')]);
    if (check.status !== 0) throw new Error(`check exited ${check.status}: ${check.stderr}`);
    const run = siprint(['run', '--extract', extract, '--year', '2025', '--out', tmp, '--run-id', 'agree-inconsistent', '--ticket', path.join(root, 'jobs/annual-2025.json'), '--concurrency', '1']);
    if (run.status !== 0) throw new Error(`run exited ${run.status}: ${run.stderr}`);
    const entries = (file: string) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => {
          const e = JSON.parse(l) as { line: number; reason: string; message: string };
          return `${e.line}:${e.reason}:${e.message}`;
        });
    const fromCheck = entries(path.join(tmp, 'check-inconsistent', 'exceptions.jsonl'));
    expect(entries(path.join(tmp, 'agree-inconsistent', 'exceptions.jsonl'))).toEqual(fromCheck);
    const inconsistent = fromCheck.filter((e) => e.includes(':INCONSISTENT_RECORD:'));
    expect([...new Set(inconsistent.map((e) => /rule (\d)/.exec(e)?.[1]))].sort()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const rec = JSON.parse(readFileSync(path.join(tmp, 'agree-inconsistent', 'reconciliation.json'), 'utf8')) as Reconciliation;
    expect(rec.byReason.INCONSISTENT_RECORD).toBe(inconsistent.length);
  });
});
