import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { findByVerificationCode } from '../../src/cli/verify-code';
import { formatVerificationCode, verificationCode } from '../../src/render';
import { employee, resident } from '../fixtures/records';
import { tmpDir } from '../render/tools';

const bin = path.join(__dirname, '../../bin/siprint.js');
const e = employee();
const r = resident();
const codeE = verificationCode(e, 'E', 2025, 'k');
const codeR = verificationCode(r, 'R', 2025, 'k');

let tmp: ReturnType<typeof tmpDir>;
let runDir: string;
beforeAll(() => {
  tmp = tmpDir();
  runDir = path.join(tmp.dir, 'R2025');
  mkdirSync(path.join(runDir, 'archive'), { recursive: true });
  const lines = [
    { pieceId: 'E-0001-00001', batch: 'E', record: e, verificationCode: codeE },
    { pieceId: 'R-0001-00001', batch: 'R', record: r, verificationCode: codeR },
  ];
  writeFileSync(path.join(runDir, 'archive', 'E-0001.jsonl.gz'), gzipSync(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
});
afterAll(() => tmp.done());

const cli = (...args: string[]): { status: number | null; out: string; err: string } => {
  const p = spawnSync('node', [bin, 'verify-code', ...args], { encoding: 'utf8' });
  return { status: p.status, out: p.stdout, err: p.stderr };
};

describe('verify-code', () => {
  it('finds the statement of a code typed in any case, without dashes', async () => {
    const found = await findByVerificationCode(runDir, codeR.toLowerCase());
    expect(found).toEqual([{ pieceId: 'R-0001-00001', batch: 'R', recordId: 'R-0000001', nameMasked: '李**', ssnMasked: `${r.person.ssn.slice(0, 6)}********${r.person.ssn.slice(-4)}` }]);
  });

  it('says VALID with the owner masked (exit 0), NOT FOUND (exit 1), and refuses a malformed code (exit 2)', () => {
    const ok = cli(formatVerificationCode(codeE), '--run', runDir);
    expect(ok.status).toBe(0);
    expect(ok.out).toContain('VALID');
    expect(ok.out).toContain('E-0001-00001');
    expect(ok.out).not.toContain(e.person.ssn);
    expect(ok.out).not.toContain(e.person.name);
    const other = verificationCode(e, 'E', 2024, 'k');
    const missing = cli(other, '--run', runDir);
    expect(missing.status).toBe(1);
    expect(missing.out).toContain('NOT FOUND');
    const bad = cli('ABC-1', '--run', runDir);
    expect(bad.status).toBe(2);
    expect(bad.err).toMatch(/not a verification code/);
    const noRun = cli(codeE, '--run', tmp.dir);
    expect(noRun.status).toBe(2);
    expect(noRun.err).toMatch(/no archive\/ directory/);
  });
});
