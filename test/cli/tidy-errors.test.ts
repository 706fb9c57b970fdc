/**
 * Issue 16 item 13: every command gives one tidy line, not Node's error or a stack trace, for a bad
 * --out and for a reader that closes the pipe (`siprint status | head -1`).
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, ROOT, cliEnv, realFixture, siprint, tempDir } from '../reliability/helpers';

describe('tidy one-line errors in every command', () => {
  let dir: string;
  let file: string;
  let fx: { extract: string; ticket: string };
  beforeAll(() => {
    dir = tempDir('tidy');
    file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    fx = realFixture(dir, 20, 10);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['check', () => ['check', '--extract', fx.extract, '--year', '2025', '--out', file], () => `cannot write ${file}: a file of that name is in the way (a directory is needed): choose another --out`],
    ['proof', () => ['proof', '--extract', fx.extract, '--ticket', fx.ticket, '--out', file], () => `cannot write ${path.join(file, 'proof-extract-2025.pdf')}: a file of that name is in the way (a directory is needed): choose another --out`],
    ['generate', () => ['generate', '--count', '3', '--year', '2025', '--seed', 's', '--out', path.join(file, 'x.jsonl')], () => `cannot write ${path.join(file, 'x.jsonl')}: a part of that path is a file, not a directory: choose another --out`],
  ])('%s with --out naming a file', (_c, args, line) => {
    const r = siprint(args());
    expect(`${r.status} ${r.stderr}`).toBe(`1 siprint: ${line()}\n`);
  });

  it('stops quietly when the reader closes the pipe (status | true), whatever it still had to print', async () => {
    expect(siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'P', '--concurrency', '1']).status).toBe(0);
    for (const args of [['status', path.join(dir, 'P')], ['verify', path.join(dir, 'P')], ['--help']]) {
      const child = spawn('node', [BIN, ...args], { cwd: ROOT, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy(); // the reader is gone before the first line
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
      expect(status).toBe(0);
    }
  }, 120_000);
});
