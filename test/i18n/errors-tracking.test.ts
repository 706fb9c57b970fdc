/**
 * One-line errors of the commands after a run (results, makeup, dispatch, returns, deliver, acks) and
 * of `serve`, in both languages: the same mistake gives one line (exit 2, no stack) naming the same
 * options, files and numbers, with its fix.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliEnv, realFixture, siprint, tempDir } from '../reliability/helpers';

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
    ['serve of no directory', () => ['serve', '--runs', file('none')], /--runs \S+ is not a directory/, /--runs \S+ 不是目录/],
    ['serve on a port out of range', () => ['serve', '--runs', dir, '--port', '70000'], /--port 70000 must be a whole number from 0 to 65535/, /--port 70000 应为 0 到 65535 之间的整数/],
    ['serve on another host without a password', () => ['serve', '--runs', dir, '--host', '0.0.0.0'], /serve: --host 0\.0\.0\.0 is reachable from other machines/, /serve：--host 0\.0\.0\.0 可被其他机器访问/],
  ])('%s', (_name, args, en, zh) => {
    const e = inLang(args(), 'en');
    const z = inLang(args(), 'zh-CN');
    for (const r of [e, z]) {
      expect([r.status, r.stderr.trim().split('\n')]).toEqual([2, [expect.stringMatching(/^siprint: /)]]);
    }
    expect(e.stderr).toMatch(en);
    expect(z.stderr).toMatch(zh);
    expect(same(z.stderr)).toEqual(same(e.stderr));
  });
});
