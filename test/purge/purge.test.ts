/** `siprint purge` over a real (small) run made by the built CLI: personal data removed, the accounting kept and sealed. */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PERMIT, cliEnv, siprint, tempDir } from '../reliability/helpers';

let tmp: string;
let runDir: string;
let ssn: string;
const env = cliEnv({ SIPRINT_ARCHIVE_KEY: 'a1'.repeat(32) });
const lastAudit = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trimEnd().split('\n').at(-1) ?? '{}') as { action: string; operator: string };

beforeAll(() => {
  tmp = tempDir('purge');
  const extract = path.join(tmp, 'extract.jsonl');
  expect(siprint(['generate', '--count', '30', '--year', '2025', '--seed', 'b', '--out', extract], env).status).toBe(0);
  ssn = (JSON.parse(readFileSync(extract, 'utf8').split('\n')[0] ?? '{}') as { person: { ssn: string } }).person.ssn;
  const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', tmp, '--run-id', 'RP1', '--concurrency', '1', ...PERMIT], env);
  expect([r.status, r.stderr]).toEqual([0, expect.stringContaining('run finalized')]);
  runDir = path.join(tmp, 'RP1');
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('siprint purge', () => {
  it('removes personal data, keeps manifest and audit; verify says PURGED; a reprint says purged', () => {
    const copy = path.join(tmp, 'RP1-purge');
    cpSync(runDir, copy, { recursive: true });
    const noFlag = siprint(['purge', copy], env);
    expect(noFlag.status).toBe(2);
    expect(noFlag.stderr).toMatch(/add --keep-audit/);
    const young = siprint(['purge', copy, '--keep-audit', '--older-than', '100000'], env);
    expect(young.status).toBe(2);
    expect(young.stderr).toMatch(/days ago: --older-than 100000 keeps it/);
    const r = siprint(['purge', copy, '--keep-audit', '--older-than', '0', '--operator', 'op.zhao'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const d of ['archive', 'parts', 'print']) expect(existsSync(path.join(copy, d))).toBe(false);
    for (const f of ['manifest.json', 'audit.jsonl', 'reconciliation.json', 'exceptions.jsonl']) expect(existsSync(path.join(copy, f))).toBe(true);
    expect(lastAudit(copy)).toMatchObject({ action: 'run.purged', operator: 'op.zhao' });
    const v = siprint(['verify', copy], env);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/^OK RP1: PURGED on \d{4}-\d{2}-\d{2} .*audit chain of \d+ lines intact/);
    const rp = siprint(['reprint', '--run', copy, '--ssn', ssn, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'self', '--out', path.join(tmp, 'out')], env);
    expect(rp.status).toBe(2);
    expect(rp.stderr).toMatch(/was purged: its archive is gone/);
  });

  it('a purged.json written by hand does not excuse deleted packages', () => {
    const copy = path.join(tmp, 'RP1-forged');
    cpSync(runDir, copy, { recursive: true });
    rmSync(path.join(copy, 'print'), { recursive: true });
    writeFileSync(path.join(copy, 'purged.json'), JSON.stringify({ format: 'siprint-purge/1', runId: 'RP1', purgedOn: '2026-01-01' }));
    const v = siprint(['verify', copy], env);
    expect(v.status).toBe(1);
    expect(v.stdout).toMatch(/purged\.json: not sealed by a run\.purged line/);
    expect(v.stdout).toMatch(/print\/RP1-E-p001\.zip: listed in manifest\.json but cannot be read/);
  });
});
