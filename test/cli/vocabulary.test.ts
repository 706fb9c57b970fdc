/**
 * Issue 16 item 12: one vocabulary on every screen — printed, electronic, held, suppressed
 * (docs/glossary.md). `status` prints the balance line the summary prints; a purged run says PURGED in
 * `status` and in `verify-code`; no screen calls held records "exceptions". Real runs by the built CLI.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cliEnv, siprint, tempDir } from '../reliability/helpers';

let tmp: string;
let runDir: string;
let summary: string;
const env = cliEnv({ SIPRINT_ARCHIVE_KEY: '' });
const BALANCE = /records (\d+): printed (\d+), electronic (\d+), held (\d+), suppressed (\d+); to guardians \d+/;

beforeAll(() => {
  tmp = tempDir('vocabulary');
  const extract = path.join(tmp, 'extract.jsonl');
  expect(siprint(['generate', '--count', '30', '--year', '2025', '--seed', 'words', '--faults', '0.3', '--out', extract], env).status).toBe(0);
  const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', tmp, '--run-id', 'VOC', '--concurrency', '1'], env);
  expect(r.status).toBe(0);
  summary = r.stdout;
  runDir = path.join(tmp, 'VOC');
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the words operators read', () => {
  it('status prints the balance line of the summary, and it balances', () => {
    const line = BALANCE.exec(summary)?.[0];
    expect(line).toBeDefined();
    const st = siprint(['status', runDir], env);
    expect(st.status).toBe(0);
    expect(BALANCE.exec(st.stdout)?.[0]).toBe(line); // the same words and figures (before: no balance in status)
    const [input, printed, electronic, held, suppressed] = (BALANCE.exec(st.stdout) ?? []).slice(1).map(Number);
    expect(held).toBeGreaterThan(0);
    expect(input).toBe(printed! + electronic! + held! + suppressed!);
    const zh = siprint(['status', runDir, '--lang', 'zh-CN'], env);
    expect(zh.stdout).toMatch(/记录 \d+ 条：已打印 \d+，电子送达 \d+，暂缓（留存）\d+，不寄送 \d+/);
  });

  it('no screen calls held records "exceptions": summary, status, check, verify', () => {
    const check = siprint(['check', '--extract', path.join(tmp, 'extract.jsonl'), '--year', '2025'], env);
    const verify = siprint(['verify', runDir], env);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/\d+ held and suppressed records listed/); // before: "N exceptions lines"
    for (const screen of [summary, siprint(['status', runDir], env).stdout, check.stdout, verify.stdout]) {
      // the file keeps its name; the word does not stand for a count or a kind of record
      expect(screen.replaceAll('exceptions.jsonl', '')).not.toMatch(/exception/i);
    }
  });

  it('a purged run says PURGED in status and in verify-code', () => {
    const code = (JSON.parse(gunzipSync(readFileSync(path.join(runDir, 'archive', 'E-0001.jsonl.gz'))).toString('utf8').split('\n')[0] ?? '{}') as { verificationCode: string }).verificationCode;
    const purge = siprint(['purge', runDir, '--keep-audit', '--operator', 'op.li'], env);
    expect([purge.status, purge.stderr]).toEqual([0, '']);
    const st = siprint(['status', runDir], env);
    expect(st.status).toBe(0);
    expect(st.stdout.split('\n')[1]).toMatch(/^ {2}PURGED on \d{4}-\d{2}-\d{2}: its personal data .* was removed after retention/);
    expect(JSON.parse(siprint(['status', runDir, '--json'], env).stdout)).toMatchObject({ purged: { on: expect.stringMatching(/^\d{4}-/) } });
    expect(siprint(['status', runDir, '--lang', 'zh-CN'], env).stdout).toMatch(/已清除（\d{4}年\d+月\d+日）/);
    const vc = siprint(['verify-code', code, '--run', runDir], env);
    expect(vc.stdout).toMatch(/^PURGED \(archive lookup\)/);
  });
});
