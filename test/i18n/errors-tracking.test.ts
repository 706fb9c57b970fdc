/**
 * One-line errors of the commands after a run (results, makeup, dispatch, returns, deliver, acks,
 * reprint, purge) and of `serve`, in both languages: the same mistake gives one line (exit 2, no stack) naming the same
 * options, files and numbers, with its fix.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliEnv, realFixture, siprint, tempDir } from '../reliability/helpers';
import { expectOneLine } from './one-line';

const env = cliEnv({ LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '' });
const inLang = (args: string[], lang: string) => siprint(['--lang', lang, ...args], env);

/** What must be the same in both languages: options, fields, paths and numbers. */
const same = (s: string) => (s.match(/--[a-z-]+|"[\w.]+"|(?<![\w:/\]])\/[\w./-]+|\b\d+\b/g) ?? []).sort();

let dir: string;
let runDir: string;
const file = (name: string) => path.join(dir, name);
beforeAll(() => {
  dir = tempDir('errors-tracking');
  const fx = realFixture(dir, 12, 10);
  expect(siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'T', '--concurrency', '1'], env).status).toBe(0);
  runDir = path.join(dir, 'T');
  writeFileSync(file('results.csv'), 'piece;status\nX;ok\n');
  writeFileSync(file('dispatch.csv'), 'what,when\n');
  writeFileSync(file('returns.csv'), 'X,LOST_AT_SEA\n');
  writeFileSync(file('list-header.csv'), 'ssn,reason,colour\n1,2,3\n');
  writeFileSync(file('list-empty.csv'), 'ssn,reason,requestedBy,relation\n');
  writeFileSync(file('list-gbk.csv'), Buffer.from([0x73, 0x73, 0x6e, 0x0a, 0xd5, 0xc5, 0x0a]));
  writeFileSync(file('address.json'), JSON.stringify({ postcode: '1000', province: '北京市', line: '某路 1 号' }));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one-line errors after a run, in both languages', () => {
  it.each([
    ['results with a missing file', () => ['results', runDir, '--file', file('none.csv')], /--file \S+ does not exist: give the file the print house sent/, /--file \S+ 不存在：请给出印刷厂发来的文件/],
    ['results of no run', () => ['results', file('none'), '--file', file('results.csv')], /is not a run directory \(no run\.json\)/, /不是批次目录（没有 run\.json）/],
    ['makeup approved by nobody', () => ['makeup', runDir, '--approved-by', 'system', '--operator', 'chen.li'], /--approved-by system/, /--approved-by system/],
    ['makeup of no run', () => ['makeup', file('none')], /is not a run directory/, /不是批次目录/],
    ['dispatch of no run', () => ['dispatch', file('none'), '--file', file('dispatch.csv')], /is not a run directory/, /不是批次目录/],
    ['returns with a missing file', () => ['returns', runDir, '--file', file('none.csv')], /does not exist/, /不存在/],
    ['deliver without a print house', () => ['deliver', runDir], /no print house to deliver to: give --to/, /未指定印刷厂：请给出 --to/],
    ['deliver to a URL that is not sftp', () => ['deliver', runDir, '--to', 'ftp://x@h/in'], /--to ftp:\/\/x@h\/in is not sftp:/, /--to ftp:\/\/x@h\/in 不是 sftp:/],
    ['acks without a print house', () => ['acks', runDir], /no print house to deliver to/, /未指定印刷厂/],
    ['acks with a bad operator', () => ['acks', runDir, '--operator', '1x'], /--operator "1x"/, /--operator "1x"/],
    ['reprint --list with a bad header', () => ['reprint', '--run', runDir, '--out', dir, '--list', file('list-header.csv')], /--list \S+: header lacks requestedBy, relation; has unknown column colour/, /--list \S+：表头缺少 requestedBy, relation；有未知列 colour/],
    ['reprint --list of no request', () => ['reprint', '--run', runDir, '--out', dir, '--list', file('list-empty.csv')], /no requests after the header row/, /表头之后没有申请/],
    ['reprint --list not in UTF-8', () => ['reprint', '--run', runDir, '--out', dir, '--list', file('list-gbk.csv')], /not valid UTF-8: save it as UTF-8/, /不是有效的 UTF-8：请存为 UTF-8/],
    ['reprint --list missing', () => ['reprint', '--run', runDir, '--out', dir, '--list', file('none.csv')], /cannot be read \(ENOENT\)/, /无法读取（ENOENT）/],
    [
      'reprint --address-json with a short postcode',
      () => ['reprint', '--run', runDir, '--out', dir, '--ssn', '110101199003071234', '--reason', '遗失', '--requested-by', 'chen.li', '--relation', 'self', '--address-json', file('address.json')],
      /--address-json \S+: field "address.postcode": expected 6 digits/,
      /--address-json \S+：字段 "address.postcode"：/,
    ],
    ['purge without --keep-audit', () => ['purge', runDir], /add --keep-audit to confirm/, /请加 --keep-audit 确认/],
    ['purge of a young run', () => ['purge', runDir, '--keep-audit', '--older-than', '100000'], /days ago: --older-than 100000 keeps it/, /按 --older-than 100000 还须保留/],
    ['purge with a bad --older-than', () => ['purge', runDir, '--keep-audit', '--older-than', 'ten'], /--older-than ten is not a whole number of days/, /--older-than ten 不是整数天数/],
    ['serve of no directory', () => ['serve', '--runs', file('none')], /--runs \S+ is not a directory/, /--runs \S+ 不是目录/],
    ['serve on a port out of range', () => ['serve', '--runs', dir, '--port', '70000'], /--port 70000 must be a whole number from 0 to 65535/, /--port 70000 应为 0 到 65535 之间的整数/],
    ['serve on another host without a password', () => ['serve', '--runs', dir, '--host', '0.0.0.0'], /serve: --host 0\.0\.0\.0 is reachable from other machines/, /serve：--host 0\.0\.0\.0 可被其他机器访问/],
  ])('%s', (_name, args, en, zh) => {
    const said = expectOneLine((lang) => inLang(args(), lang), en, zh);
    expect(same(said.zh)).toEqual(same(said.en));
  });
});
