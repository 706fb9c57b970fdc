import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REASON_CODES } from '../../src/domain/types';
import { tmp } from '../extract/helpers';

const bin = path.join(__dirname, '../../bin/siprint.js');
const siprint = (...args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8' });

describe('siprint generate + check (built CLI)', () => {
  const dir = tmp();
  const jsonl = path.join(dir, 'x.jsonl');
  const csv = path.join(dir, 'x.csv');

  beforeAll(() => {
    for (const [out, extra] of [[jsonl, []], [csv, ['--encoding', 'gb18030']]] as const) {
      const g = siprint('generate', '--count', '400', '--year', '2025', '--seed', 'cli', '--faults', '0.1', '--out', out, ...extra);
      expect(g.status).toBe(0);
      expect(g.stdout).toContain('generated 400 records');
    }
  });

  it('prints the same report in Chinese with --lang zh-CN (the codes stay, each with what it means)', () => {
    const en = siprint('check', '--extract', jsonl, '--year', '2025');
    const zh = siprint('--lang', 'zh-CN', 'check', '--extract', jsonl, '--year', '2025');
    expect(zh.status).toBe(0);
    const count = (text: string, label: RegExp) => Number(label.exec(text)?.[1]);
    expect(count(zh.stdout, /年终数据中的记录\s+([\d,]+)/)).toBe(400);
    expect(count(zh.stdout, /暂缓（留存）\s+(\d+)/)).toBe(count(en.stdout, /^held\s+(\d+)/m));
    expect(count(zh.stdout, /不寄送（不打印）\s+(\d+)/)).toBe(count(en.stdout, /suppressed \(not printed\)\s+(\d+)/));
    expect(zh.stdout).toMatch(/INVALID_SSN 社会保障号码校验不通过\s+\d+/);
    expect(zh.stdout).toMatch(/核对：400 = 待打印寄送 \d+ \+ 电子送达 \d+ \+ 不寄送 \d+ \+ 暂缓（留存）\d+ {2}相符/);
    expect(zh.stdout).toContain('业务年度 2025');
    // the table lines up: every count ends in the same terminal column (CJK characters take two)
    const wide = (l: string) => l.length + (l.match(/[\u3000-\u9fff\uff00-\uffef]/g)?.length ?? 0);
    const rows = zh.stdout.split('\n').slice(1).filter((l) => /\s\d+$/.test(l) && !l.startsWith('核对'));
    expect(new Set(rows.map(wide)).size).toBe(1);
  });

  it('prints the summary table, writes exceptions.jsonl with masked ssns, exits 0', () => {
    const out = path.join(dir, 'out');
    const r = siprint('check', '--extract', jsonl, '--year', '2025', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/records in extract\s+400/);
    expect(r.stdout).toMatch(/E 城镇职工 employees\s+\d+/);
    expect(r.stdout).toMatch(/minors, sent to guardian\s+\d+/);
    for (const code of ['DELIVERY_HOLD', ...REASON_CODES]) expect(r.stdout).toContain(code);
    expect(r.stdout).toMatch(/electronic statements instead \(电子送达\)\s+[1-9]\d*/);
    expect(r.stdout).toMatch(/balance: 400 = \d+ printed \+ \d+ electronic \+ \d+ suppressed \+ \d+ held OK/);
    expect(r.stderr).toBe(''); // small file, not a TTY: no progress lines
    const lines = readFileSync(path.join(out, 'exceptions.jsonl'), 'utf8').trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as { reason: string; line: number; ssnMasked?: string });
    const held = Number(/^held\s+(\d+)/m.exec(r.stdout)?.[1]);
    const suppressed = Number(/suppressed \(not printed\)\s+(\d+)/.exec(r.stdout)?.[1]);
    expect(entries).toHaveLength(held + suppressed);
    expect(entries.every((e) => e.line > 0 && (e.ssnMasked === undefined || /^\d{6}\*{8}[\dX]{4}$/.test(e.ssnMasked)))).toBe(true);
    expect(readFileSync(path.join(out, 'exceptions.jsonl'), 'utf8')).not.toMatch(/\d{17}[\dX]/);
  });

  it('gives the same table for the same extract as GB18030 CSV', () => {
    const a = siprint('check', '--extract', jsonl, '--year', '2025').stdout;
    const b = siprint('check', '--extract', csv, '--year', '2025', '--encoding', 'gb18030').stdout;
    expect(b.split('\n').slice(1)).toEqual(a.split('\n').slice(1));
  });

  it('exits 2 with one line for unreadable input', () => {
    const missing = siprint('check', '--extract', path.join(dir, 'nope.jsonl'), '--year', '2025');
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('nope.jsonl');

    const gb = siprint('check', '--extract', csv, '--year', '2025'); // GB18030 read as UTF-8
    expect(gb.status).toBe(2);
    expect(gb.stderr).toMatch(/x\.csv: not valid UTF-8 at byte \d+ \(line \d+\); if the file is GB18030, pass --encoding gb18030/);

    const trunc = path.join(dir, 't.jsonl.gz');
    const gz = gzipSync(readFileSync(jsonl));
    writeFileSync(trunc, gz.subarray(0, gz.length - 100));
    const t = siprint('check', '--extract', trunc, '--year', '2025');
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(/t\.jsonl\.gz: truncated or corrupt gzip at compressed byte \d+/);
    expect(t.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for bad options', () => {
    expect(siprint('check', '--extract', jsonl, '--year', '25').status).toBe(2);
    expect(siprint('check', '--extract', jsonl, '--year', '2025', '--encoding', 'latin1').status).toBe(2);
    expect(siprint('generate', '--count', 'many', '--year', '2025', '--seed', 's', '--out', path.join(dir, 'g.jsonl')).status).toBe(2);
    expect(siprint('generate', '--count', '5', '--year', '2025', '--seed', 's', '--faults', '2', '--out', path.join(dir, 'g.jsonl')).status).toBe(2);
  });
});
