import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeRunDir } from '../package/run-fixture';

// runs the built CLI (dist/): `npm test` builds first; alone, run `npm run build` before this file
const bin = path.join(__dirname, '../../bin/siprint.js');
function siprint(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8' });
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
    expect(ok.stdout).toBe('OK RUN1: 3 packages, 7 pieces, 8 statement pages, 7 envelopes, 2 exceptions lines, audit chain of 6 lines intact\n');
    expect(ok.status).toBe(0);

    const rec = path.join(runDir, 'reconciliation.json');
    writeFileSync(rec, readFileSync(rec, 'utf8').replace('"suppressed": 1,', '"suppressed": 0,'));
    const bad = siprint('verify', runDir);
    expect(bad.status).toBe(1);
    expect(bad.stdout.split('\n')[0]).toMatch(/^reconciliation\.json: /);
    expect(bad.stderr).toMatch(/^siprint verify: \d+ problems? in /);
  });

  it('exits 2 with one line when RUN_DIR is not a run', () => {
    const r = siprint('verify', path.join(tmp, 'nope'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^siprint: .*nope: not a run directory/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
