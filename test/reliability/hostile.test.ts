/**
 * Issue 7, item 6: hostile extracts through `siprint check` AND `siprint run` (real stages, in-process).
 * Record-level faults are held one by one with a reason code while the rest of the file is processed
 * and the counts balance; file-level faults (UTF-16, invalid UTF-8) are exit 2 with one line. The
 * child's peak RSS (/usr/bin/time) shows memory stays bounded with a 50 MB line in the file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkable, type Missing } from '../prerequisites';
import { BIN, PERMIT, cliEnv, mailedPieces, manifestOf, ROOT, siprint, tempDir } from './helpers';

jest.setTimeout(90_000);

let dir: string;
let good: string[];
const noTime: Missing = existsSync('/usr/bin/time') ? null : 'no /usr/bin/time (apt-get install time; scripts/test.sh does it as root)';

beforeAll(() => {
  dir = tempDir('hostile');
  const g = siprint(['generate', '--count', '36', '--year', '2025', '--seed', 'hostile', '--out', path.join(dir, 'good.jsonl')]);
  if (g.status !== 0) throw new Error(g.stderr);
  good = readFileSync(path.join(dir, 'good.jsonl'), 'utf8').trim().split('\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const rec = (i: number): Json => JSON.parse(good[i]!) as Json;
/** The n-th good record that has a pension account, with its opening balance written as `raw`. */
const withOpening = (n: number, raw: string) => {
  // from lines 4–19 only: 0–3 have other uses and 20 on are added unchanged (no duplicate recordIds)
  const line = good.slice(4, 20).filter((l) => l.includes('"openingBalance":'))[n] ?? '';
  return line.replace(/"openingBalance":("[^"]*"|\d+)/, `"openingBalance":${raw}`);
};

/** `siprint …` under /usr/bin/time: exit, output, and the child's peak RSS in MB. */
function measured(args: string[]): { status: number | null; stdout: string; stderr: string; rssMb: number } {
  if (noTime) return { ...siprint(args), rssMb: NaN };
  const rssFile = path.join(dir, 'rss.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, 'node', BIN, ...args], { cwd: ROOT, env: cliEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, rssMb: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 };
}

interface Entry {
  line: number;
  reason: string;
  message: string;
}
const entries = (file: string): Entry[] => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Entry);

describe('a JSONL extract with a hostile record on each line, mixed CRLF/LF, a 50 MB line, ending mid-record', () => {
  // line → the reason it must be held with (absent: it must be printed)
  const held: Record<number, string> = {};
  let file: string;
  let total: number;
  let bigLine: number;
  beforeAll(() => {
    const lines: string[] = [good[0]!];
    const add = (text: string, reason?: string) => {
      lines.push(text);
      if (reason) held[lines.length] = reason;
    };
    add('{"recordId":"R\u0000X","kind":"employee"}', 'PARSE_ERROR'); // a raw NUL inside a line
    add('\u0000\u0000\u0000\u0000', 'PARSE_ERROR');
    add(`${'['.repeat(200_000)}${']'.repeat(200_000)}`, 'PARSE_ERROR'); // deeply nested, not an object
    add(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, 'MISSING_FIELD'); // deeply nested object
    add(JSON.stringify({ ...rec(1), recordId: '../../etc/passwd' }), 'INVALID_FIELD');
    add(JSON.stringify({ ...rec(2), person: { ...rec(2).person, name: '张\u0007伟' } }), 'INVALID_FIELD');
    add(JSON.stringify({ ...rec(3), person: { ...rec(3).person, name: '\u202e伟张' } }), 'UNPRINTABLE_CHARACTER'); // right-to-left override
    add(withOpening(0, '1e309'), 'INVALID_FIELD'); // a JSON number that overflows to Infinity
    add(withOpening(1, 'NaN'), 'PARSE_ERROR');
    add(withOpening(2, '"NaN"'), 'INVALID_AMOUNT');
    add(withOpening(3, '-0'), 'INVALID_AMOUNT'); // JSON -0: held as negative (conservative)
    add(withOpening(4, '"0x10"'), 'INVALID_AMOUNT');
    add(withOpening(5, '0x10'), 'PARSE_ERROR');
    add(`{"recordId":"${'x'.repeat(50 * 1024 * 1024)}"}`, 'PARSE_ERROR'); // 50 MB on one line
    bigLine = lines.length;
    for (let i = 20; i < good.length; i++) add(good[i]!);
    add('{"recordId":"TRUNCATED","kind":"empl', 'PARSE_ERROR'); // the file ends mid-record
    total = lines.length;
    file = path.join(dir, 'hostile.jsonl');
    // mixed line ends: every third line CRLF; no newline after the last (cut-off) record
    writeFileSync(file, lines.map((l, i) => (i === lines.length - 1 ? l : l + (i % 3 === 0 ? '\r\n' : '\n'))).join(''));
  });

  it('siprint check: every hostile line held with its reason, the rest counted, balanced, bounded memory', () => {
    const out = path.join(dir, 'check');
    const r = measured(['check', '--extract', file, '--year', '2025', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`balance: ${total} = \\d+ printed \\+ 0 electronic \\+ 0 suppressed \\+ \\d+ held OK`));
    // check uses the run's printability check: it holds exactly what the run holds
    const expected = Object.entries(held).map(([line, reason]) => ({ line: Number(line), reason }));
    expect(entries(path.join(out, 'exceptions.jsonl')).map(({ line, reason }) => ({ line, reason }))).toEqual(expected);
    expect(r.stdout).toMatch(new RegExp(`\nheld\\s+${expected.length}\\n`));
    if (checkable(noTime, 'the peak RSS bound')) expect(r.rssMb).toBeLessThan(250);
  });

  it('siprint run: the same holds (plus UNPRINTABLE_CHARACTER), every other record printed once, counts balance, bounded memory', () => {
    const out = path.join(dir, 'run');
    const r = measured(['run', '--extract', file, '--year', '2025', '--out', out, '--run-id', 'hostile', '--concurrency', '1', ...PERMIT]);
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    const runDir = path.join(out, 'hostile');
    const exc = entries(path.join(runDir, 'exceptions.jsonl'));
    expect(exc.map(({ line, reason }) => ({ line, reason }))).toEqual(Object.entries(held).map(([line, reason]) => ({ line: Number(line), reason })));
    expect(exc.find((e) => e.line === bigLine)?.message).toMatch(/longer than 1048576 bytes/);
    const c = manifestOf(runDir).counts;
    expect(c).toMatchObject({ input: total, exceptions: Object.keys(held).length, suppressed: 0, printed: total - Object.keys(held).length });
    const pieces = mailedPieces(runDir);
    expect(new Set(pieces.map(([, recordId]) => recordId)).size).toBe(c.printed);
    expect(JSON.parse(readFileSync(path.join(runDir, 'reconciliation.json'), 'utf8'))).toMatchObject({ balanced: true });
    expect(siprint(['verify', runDir]).status).toBe(0);
    if (checkable(noTime, 'the peak RSS bound')) expect(r.rssMb).toBeLessThan(700);
  });
});

describe('whole-file faults: exit 2 with one line, from check and run alike', () => {
  const cases: [string, () => Buffer, RegExp][] = [
    ['UTF-16 with a byte-order mark', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${good.join('\n')}\n`, 'utf16le')]), /the file is UTF-16, which extracts are not: convert it to UTF-8/],
    ['UTF-16 without a mark', () => Buffer.from(`${good.join('\n')}\n`, 'utf16le'), /the file is UTF-16/],
    ['invalid UTF-8 on line 4', () => Buffer.concat([Buffer.from(`${good.slice(0, 3).join('\n')}\n`), Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a])]), /not valid UTF-8 at byte \d+ \(line 4\); if the file is GB18030, pass --encoding gb18030/],
  ];
  it.each(cases)('%s', (name, bytes, message) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.jsonl`);
    writeFileSync(file, bytes());
    for (const args of [['check'], ['run', '--out', path.join(dir, 'whole'), '--run-id', name.replace(/\W+/g, '-'), ...PERMIT]]) {
      const r = siprint([...args, '--extract', file, '--year', '2025']);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr.trim().split('\n').filter((l) => !/^siprint: \d+ records read/.test(l))).toEqual([expect.stringMatching(message)]);
    }
  });
});

it('CSV: a row of 10,000 columns and a file ending mid-row are held, the rest printed, counts balance', () => {
  const csv = path.join(dir, 'wide.csv');
  expect(siprint(['generate', '--count', '12', '--year', '2025', '--seed', 'wide', '--out', csv]).status).toBe(0);
  const rows = readFileSync(csv, 'utf8').replace(/\n$/, '').split('\n');
  rows[3] = `${rows[3]!}${','.repeat(10_000)}`;
  const text = rows.join('\r\n');
  writeFileSync(csv, text.slice(0, text.length - 40)); // cut inside the last row
  const check = siprint(['check', '--extract', csv, '--year', '2025']);
  expect(check.status).toBe(0);
  expect(check.stdout).toMatch(/balance: 12 = 10 printed \+ 0 electronic \+ 0 suppressed \+ 2 held OK/);
  const out = path.join(dir, 'csv');
  const r = siprint(['run', '--extract', csv, '--year', '2025', '--out', out, '--run-id', 'wide', '--concurrency', '1', ...PERMIT]);
  if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
  const runDir = path.join(out, 'wide');
  const exc = entries(path.join(runDir, 'exceptions.jsonl'));
  expect(exc.map(({ line, reason }) => ({ line, reason }))).toEqual([{ line: 4, reason: 'PARSE_ERROR' }, { line: 13, reason: 'PARSE_ERROR' }]);
  expect(exc[0]!.message).toMatch(/^CSV row has 10\d{3} fields, the header has \d+$/);
  expect(manifestOf(runDir).counts).toMatchObject({ input: 12, printed: 10, exceptions: 2 });
  expect(mailedPieces(runDir)).toHaveLength(10);
});
