/**
 * `siprint verify-code` over a real (small) run made by the built CLI: it reads the run's verification
 * index (written at finalize), says it is an archive lookup, and whether the HMAC checks under the key.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { formatVerificationCode, verificationCode } from '../../src/render';
import { KEY, PERMIT, cliEnv, siprint, tempDir } from '../reliability/helpers';

let tmp: string;
let runDir: string;
let first: { pieceId: string; verificationCode: string; record: { recordId: string; person: { ssn: string; name: string } } };

beforeAll(() => {
  tmp = tempDir('verify-code');
  const extract = path.join(tmp, 'extract.jsonl');
  expect(siprint(['generate', '--count', '20', '--year', '2025', '--seed', 'vc', '--out', extract]).status).toBe(0);
  const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', tmp, '--run-id', 'VC1', '--concurrency', '1', ...PERMIT]);
  expect([r.status, r.stderr]).toEqual([0, expect.stringContaining('run finalized')]);
  runDir = path.join(tmp, 'VC1');
  first = JSON.parse(gunzipSync(readFileSync(path.join(runDir, 'archive', 'E-0001.jsonl.gz'))).toString('utf8').split('\n')[0] ?? '{}') as typeof first;
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const noKey = () => cliEnv({ SIPRINT_VERIFY_KEY: '' });

describe('verify-code', () => {
  it('finds a code typed in any case without dashes, says it is an archive lookup, and that the HMAC checks under the key', () => {
    const ok = siprint(['verify-code', first.verificationCode.toLowerCase(), '--run', runDir]);
    expect([ok.status, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toContain(`VALID (archive lookup): ${formatVerificationCode(first.verificationCode)} is on record in run VC1: piece ${first.pieceId}`);
    expect(ok.stdout).toMatch(/HMAC: checks under the given key \(key id [0-9a-f]{16}\)/);
    expect(ok.stdout).not.toContain(first.record.person.ssn);
    expect(ok.stdout).not.toContain(first.record.person.name);
    expect(ok.stdout).toContain(`${first.record.person.ssn.slice(0, 6)}********${first.record.person.ssn.slice(-4)}`);
  });

  it('without a key says the HMAC was not checked; under another key that it does not check', () => {
    const none = siprint(['verify-code', first.verificationCode, '--run', runDir], noKey());
    expect(none.status).toBe(0);
    expect(none.stdout).toMatch(/HMAC: not checked, no key given/);
    const other = siprint(['verify-code', first.verificationCode, '--run', runDir], cliEnv({ SIPRINT_VERIFY_KEY: 'some-other-key-0123456789' }));
    expect(other.stdout).toMatch(/HMAC: does not check under the given key: its key id [0-9a-f]{16} is not the run's/);
  });

  it('NOT FOUND (exit 1) for another code, in Chinese too; a malformed code is exit 2', () => {
    const e = JSON.parse(gunzipSync(readFileSync(path.join(runDir, 'archive', 'E-0001.jsonl.gz'))).toString('utf8').split('\n')[0] ?? '{}') as { record: Parameters<typeof verificationCode>[0] };
    const other = verificationCode(e.record, 'E', 2024, KEY);
    const missing = siprint(['verify-code', other, '--run', runDir]);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(/^NOT FOUND \(archive lookup\)/);
    const zh = siprint(['verify-code', other, '--runs', tmp, '--lang', 'zh-CN']);
    expect(zh.status).toBe(1);
    expect(zh.stdout).toMatch(/^未找到（存档查询）/);
    const bad = siprint(['verify-code', 'ABC-1', '--run', runDir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a verification code/);
    const noRun = siprint(['verify-code', first.verificationCode, '--run', tmp]);
    expect(noRun.status).toBe(2);
    expect(noRun.stderr).toMatch(/is not a run directory \(no run\.json\)/);
  });

  it('a changed archive is not trusted for the HMAC check (exit 1); a run without an index names `siprint index`, which builds it', () => {
    const copy = path.join(tmp, 'VC1-old');
    cpSync(runDir, copy, { recursive: true });
    rmSync(path.join(copy, 'index'), { recursive: true });
    const noIndex = siprint(['verify-code', first.verificationCode, '--run', copy]);
    expect(noIndex.status).toBe(2);
    expect(noIndex.stderr).toContain(`siprint index ${copy}`);
    const built = siprint(['index', copy]);
    expect([built.status, built.stdout]).toEqual([0, expect.stringMatching(/^verification index of run VC1: \d+ statements/)]);
    expect(readFileSync(path.join(copy, 'index', 'codes.bin')).equals(readFileSync(path.join(runDir, 'index', 'codes.bin')))).toBe(true);
    expect(existsSync(path.join(copy, 'index', 'pieces.jsonl'))).toBe(true);
    // the archived content changed (a record edited): the code is still on record, the archive no longer the sealed one
    const file = path.join(copy, 'archive', 'E-0001.jsonl.gz');
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const edited = JSON.parse(lines[0] ?? '{}') as { record: { recordId: string } };
    edited.record.recordId = `${edited.record.recordId}X`;
    lines[0] = JSON.stringify(edited);
    writeFileSync(file, gzipSync(lines.join('\n')));
    const changed = siprint(['verify-code', first.verificationCode, '--run', copy]);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/HMAC: cannot be checked: .*E-0001\.jsonl\.gz differs from the run's seal/);
  });

  it('looks in every run under --runs; a purged run answers PURGED', () => {
    const years = path.join(tmp, 'years');
    const copy = path.join(years, 'VC1-purged');
    cpSync(runDir, copy, { recursive: true });
    cpSync(runDir, path.join(years, 'VC1'), { recursive: true });
    expect(siprint(['purge', copy, '--keep-audit']).status).toBe(0);
    expect(existsSync(path.join(copy, 'index', 'pieces.jsonl'))).toBe(false);
    expect(existsSync(path.join(copy, 'index', 'codes.bin'))).toBe(true);
    const purged = siprint(['verify-code', first.verificationCode, '--run', copy]);
    expect(purged.status).toBe(1);
    expect(purged.stdout).toMatch(/^PURGED \(archive lookup\): .* run VC1, whose personal data was purged on \d{4}-\d{2}-\d{2}/);
    const all = siprint(['verify-code', first.verificationCode, '--runs', years]);
    expect(all.status).toBe(0);
    expect(all.stdout.match(/^VALID/gm)).toHaveLength(1);
  });
});
