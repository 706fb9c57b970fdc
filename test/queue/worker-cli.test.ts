import { spawnSync } from 'node:child_process';
import path from 'node:path';

const bin = path.join(__dirname, '../../bin/siprint.js');
const run = (...args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8', timeout: 20_000 });

describe('siprint worker (CLI)', () => {
  it('documents its options', () => {
    const r = run('worker', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--redis <url>');
    expect(r.stdout).toContain('--concurrency <n>');
    expect(r.stdout).not.toContain('--stages'); // test-only option stays hidden
  });
  it('exits 2 with one line on a bad --concurrency', () => {
    const r = run('worker', '--concurrency', '0');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("siprint: --concurrency must be a whole number ≥ 1, not '0'");
  });
  it('exits 2 with one line when the stages module cannot be loaded', () => {
    const r = run('worker', '--stages', '/nonexistent/stages.js');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^siprint: cannot load the pipeline stages from \/nonexistent\/stages\.js: Cannot find module/);
  });
});
