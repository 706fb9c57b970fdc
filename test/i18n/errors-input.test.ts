/**
 * An extract that cannot be read as one, in both languages: `siprint check` ends with one line
 * (exit 2) naming the same file, line and byte, with its fix, in the operator's language.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { cliEnv, siprint, tempDir } from '../reliability/helpers';
import { expectOneLine } from './one-line';

const env = cliEnv({ LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '' });
const dir = tempDir('i18n-input');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: string | Buffer) => {
  const f = path.join(dir, name);
  writeFileSync(f, bytes);
  return f;
};
const check = (extract: string, ...more: string[]) => (lang: string) => siprint(['--lang', lang, 'check', '--extract', extract, '--year', '2025', ...more], env, 30_000);

const record = readFileSync(path.join(__dirname, '../fixtures/spec-example.json'), 'utf8').replace(/\s*\n\s*/g, '');
const lines = `${record}\n${record}\n`;
const folder = path.join(dir, 'folder.jsonl');
mkdirSync(folder);
const gz = gzipSync(Buffer.from(lines.repeat(50)));

/** What must be the same in both languages: the file, and the line and byte numbers. */
const same = (s: string) => (s.match(/\/[\w./-]+|\b\d+\b/g) ?? []).sort();

it.each([
  ['a directory', () => check(folder), /cannot read extract \S+folder\.jsonl: not a regular file/, /无法读取年终数据 \S+folder\.jsonl：不是普通文件/],
  ['a missing file', () => check(path.join(dir, 'none.jsonl')), /cannot read extract \S+none\.jsonl: ENOENT; check the path and permissions/, /无法读取年终数据 \S+none\.jsonl：ENOENT；请检查路径和权限/],
  ['UTF-16', () => check(file('u16.jsonl', Buffer.from(lines, 'utf16le'))), /u16\.jsonl: the file is UTF-16, which extracts are not: convert it to UTF-8/, /u16\.jsonl：该文件为 UTF-16 编码.*请转换为 UTF-8/],
  [
    'not UTF-8 on line 2',
    () => check(file('bad8.jsonl', Buffer.concat([Buffer.from(`${record}\n{"a":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]))),
    /bad8\.jsonl: not valid UTF-8 at byte \d+ \(line 2\); if the file is GB18030, pass --encoding gb18030/,
    /bad8\.jsonl：第 \d+ 字节处（第 2 行）不是有效的 UTF-8；如果文件是 GB18030 编码，请加 --encoding "gb18030"/,
  ],
  [
    'not GB18030 on line 2',
    () => check(file('badgb.jsonl', Buffer.concat([Buffer.from('{"recordId":"R1"}\n{"a":"'), Buffer.from([0x81, 0x22]), Buffer.from('}\n')])), '--encoding', 'gb18030'),
    /badgb\.jsonl: not valid GB18030 in line 2 \(starting at byte \d+\); check --encoding/,
    /badgb\.jsonl：第 2 行（自第 \d+ 字节起）不是有效的 GB18030：请检查 --encoding/,
  ],
  [
    'a cut-off gzip',
    () => check(file('cut.jsonl.gz', gz.subarray(0, gz.length - 40))),
    /cut\.jsonl\.gz: truncated or corrupt gzip at compressed byte \d+ \(decompressed \d+ bytes, after line \d+\)/,
    /cut\.jsonl\.gz：GZIP 文件不完整或已损坏，位于压缩数据第 \d+ 字节（已解压 \d+ 字节，第 \d+ 行之后）/,
  ],
  ['a CSV header with an empty column', () => check(file('empty.csv', 'recordId,kind,,person.ssn\n1,E,,x\n')), /empty\.csv: CSV header column 3 is empty; the header must list each dotted field path once/, /empty\.csv：CSV 表头第 3 列为空/],
  ['a CSV header naming a column twice', () => check(file('twice.csv', 'recordId,kind,recordId\n1,E,2\n')), /twice\.csv: CSV header column 3 is a duplicate \(recordId\)/, /twice\.csv：CSV 表头第 3 列重复（recordId）/],
  ['a CSV header column not a path', () => check(file('dots.csv', 'recordId,person..name\n1,2\n')), /dots\.csv: CSV header column 2 \(person\.\.name\) is not a dotted field path/, /dots\.csv：CSV 表头第 2 列（person\.\.name）不是以点分隔的字段路径/],
  ['a CSV header with a field and its sub-field', () => check(file('both.csv', 'recordId,person,person.ssn\n1,2,3\n')), /both\.csv: CSV header has both person and person\.ssn; a field is either a value or has sub-fields/, /both\.csv：CSV 表头同时含 person 和 person\.ssn；一个字段要么是值，要么有子字段/],
  ['a CSV header that cannot be read', () => check(file('quote.csv', '"recordId"x,kind\n1,2\n')), /quote\.csv: the CSV header \(line 1\) cannot be read: .*unexpected text after the closing quote of field 1/, /quote\.csv：无法读取 CSV 表头（第 1 行）：/],
])('%s', (_name, say, en, zh) => {
  const said = expectOneLine(say(), en, zh);
  expect(same(said.zh)).toEqual(same(said.en));
});
