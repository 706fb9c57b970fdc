import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeRunDir } from '../package/run-fixture';

// runs the built CLI (dist/): `npm test` builds first; alone, run `npm run build` before this file
const bin = path.join(__dirname, '../../bin/siprint.js');
function siprint(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'siprint-cli-verify-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('siprint verify', () => {
  it('exits 0 with a one-line summary on a good run, 1 naming the file after a change', async () => {
    const runDir = await makeRunDir(tmp);
    const ok = siprint('verify', runDir);
    expect(ok.stdout).toBe('OK RUN1: 3 packages, 7 pieces, 8 statement pages, 7 envelopes, 2 held and suppressed records listed, audit chain of 6 lines intact\n');
    expect(ok.status).toBe(0);

    const rec = path.join(runDir, 'reconciliation.json');
    writeFileSync(rec, readFileSync(rec, 'utf8').replace('"suppressed": 1,', '"suppressed": 0,'));
    const bad = siprint('verify', runDir);
    expect(bad.status).toBe(1);
    expect(bad.stdout.split('\n')[0]).toMatch(/^reconciliation\.json: /);
    expect(bad.stderr).toMatch(/^siprint verify: \d+ problems? in /);
  });

  it('says the same findings in Chinese: the same files, the same numbers, no English words left', async () => {
    const runDir = await makeRunDir(path.join(tmp, 'zh'));
    const okZh = siprint('--lang', 'zh-CN', 'verify', runDir);
    expect(okZh.status).toBe(0);
    expect(okZh.stdout).toBe('OK RUN1：印制包 3 个，邮件 7 份，权益记录单 8 页，信封 7 个，暂缓（留存）与不寄送记录 2 行，审计链 6 行完好\n');

    // a count edited, an audit line edited, a package the manifest does not know
    const rec = path.join(runDir, 'reconciliation.json');
    writeFileSync(rec, readFileSync(rec, 'utf8').replace('"suppressed": 1,', '"suppressed": 0,'));
    const audit = path.join(runDir, 'audit.jsonl');
    writeFileSync(audit, readFileSync(audit, 'utf8').replace('op-wang', 'op-li'));
    writeFileSync(path.join(runDir, 'print', 'extra.zip'), 'PK');
    const en = siprint('--lang', 'en', 'verify', runDir);
    const zh = siprint('verify', runDir, '--lang=zh-CN');
    expect([en.status, zh.status]).toEqual([1, 1]);
    const enLines = en.stdout.trim().split('\n');
    const zhLines = zh.stdout.trim().split('\n');
    expect(zhLines).toHaveLength(enLines.length);
    expect(enLines.length).toBeGreaterThanOrEqual(4);
    const fileOf = (l: string) => /^[^\s:：]+/.exec(l)?.[0];
    const numbers = (l: string) => (l.match(/\d+/g) ?? []).sort();
    zhLines.forEach((zhLine, i) => {
      expect(fileOf(zhLine)).toBe(fileOf(enLines[i]!));
      expect(numbers(zhLine)).toEqual(numbers(enLines[i]!));
      expect(zhLine).toMatch(/[\u4e00-\u9fff]/);
      const left = zhLine
        .replace(/[\w./-]+\.(json|jsonl|zip|csv|pdf|html)\b|SHA-256|\b[0-9a-f]{64}\b|\b[A-Z][A-Z0-9_]+\b|\b[a-z]+[A-Z]\w*\b|"\w+"|[a-z]+\.[a-z]+(\.\w+)*/g, ' ')
        .match(/[A-Za-z]{2,}/g);
      expect([zhLine, left]).toEqual([zhLine, null]);
    });
    expect(zh.stderr).toBe(`siprint verify：${runDir} 中发现 ${zhLines.length} 个问题\n`);
    expect(en.stderr).toBe(`siprint verify: ${enLines.length} problems in ${runDir}\n`);
  });

  it('exits 2 with one line when RUN_DIR is not a run', () => {
    const r = siprint('verify', path.join(tmp, 'nope'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^siprint: .*nope: not a run directory/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
