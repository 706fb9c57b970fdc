/**
 * One-line errors in the operator's language: the same mistake gives the same one line (exit 2,
 * no stack) in English and in Chinese, naming the same option, field or file, with its fix.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '../..');
const env = { ...process.env, SIPRINT_VERIFY_KEY: 'errors-test-key-0123456789', REDIS_URL: '', LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '' };
const siprint = (args: string[], lang: string) => spawnSync('node', [path.join(root, 'bin/siprint.js'), '--lang', lang, ...args], { cwd: root, env, encoding: 'utf8' });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-errors-'));
  writeFileSync(path.join(dir, 'x.jsonl'), '');
  writeFileSync(path.join(dir, 'ticket.json'), JSON.stringify({ mode: 'annual', year: 2025, colour: 'red' }));
  const annual = JSON.parse(readFileSync(path.join(root, 'jobs/annual-2025.json'), 'utf8')) as { agency: { postcode: string } };
  annual.agency.postcode = '1000';
  writeFileSync(path.join(dir, 'ticket-pc.json'), JSON.stringify(annual));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What must be the same in both languages: options, fields, paths and numbers. */
const same = (s: string) => (s.match(/--[a-z-]+|"[\w.]+"|\/[\w./-]+|\b\d+\b/g) ?? []).sort();

describe('one-line errors in both languages', () => {
  const x = () => path.join(dir, 'x.jsonl');
  it.each([
    ['run without --out', () => ['run', '--extract', x(), '--year', '2025'], /no output directory/, /未指定输出目录/],
    ['run without an extract', () => ['run', '--out', dir, '--year', '2025'], /no extract: give --extract FILE/, /未指定年终数据/],
    ['run with a year out of range', () => ['run', '--extract', x(), '--year', '1999', '--out', dir], /--year 1999 must be a whole number from 2000 to 2100/, /--year 1999 应为 2000 到 2100 之间的整数/],
    ['run with a bad run ID', () => ['run', '--extract', x(), '--year', '2025', '--out', dir, '--run-id', '.x', '--postage-permit', '京朝字第2025-001号'], /is not a valid run ID/, /不是有效的批次号/],
    ['run --resume of no run', () => ['run', '--resume', path.join(dir, 'none')], /is not a run directory \(no run\.json\)/, /不是批次目录/],
    ['a ticket with an unknown field', () => ['run', '--ticket', path.join(dir, 'ticket.json'), '--extract', x(), '--out', dir], /unknown field "colour"/, /任务单 .*未知字段 "colour"/],
    ['a ticket with a bad agency postcode', () => ['run', '--ticket', path.join(dir, 'ticket-pc.json'), '--extract', x(), '--out', dir], /field "agency.postcode"/, /字段 "agency.postcode"/],
    ['verify of no run', () => ['verify', path.join(dir, 'none')], /not a run directory/, /不是批次目录/],
    ['status of no run', () => ['status', path.join(dir, 'none')], /is not a run directory/, /不是批次目录/],
    ['reprint without a request', () => ['reprint', '--run', path.join(dir, 'none'), '--out', dir], /reprint needs --ssn, --reason, --requested-by, --relation \(or --list FILE\)/, /补打需要 --ssn, --reason, --requested-by, --relation（或 --list 文件）/],
    ['release of no run', () => ['release', path.join(dir, 'none'), '--approved-by', 'chen.li'], /none is not a run directory \(no run\.json\)/, /none 不是批次目录（没有 run\.json）/],
  ])('%s', (_name, args, en, zh) => {
    const e = siprint(args(), 'en');
    const z = siprint(args(), 'zh-CN');
    for (const r of [e, z]) {
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(e.stderr).toMatch(en);
    expect(z.stderr).toMatch(zh);
    expect(same(z.stderr)).toEqual(same(e.stderr));
  });
});
