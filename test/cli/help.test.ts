import { execFileSync } from 'node:child_process';
import path from 'node:path';

const bin = path.join(__dirname, '../../bin/siprint.js');

describe('siprint CLI', () => {
  it('prints help listing its commands', () => {
    const out = execFileSync('node', [bin, '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: siprint');
  });

  it('exits 2 with one line on an unknown command', () => {
    let status = 0;
    try {
      execFileSync('node', [bin, 'no-such-command'], { stdio: 'pipe' });
    } catch (err) {
      status = (err as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});
