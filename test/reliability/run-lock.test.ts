/**
 * Issue 16 item 9: one process per run directory. A second `run --resume` while the first works is
 * refused (exit 2, naming the holder) and adds nothing to the audit log; the lock of a process that
 * died is taken over.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { realFixture, siprint, spawnSiprint, tempDir } from './helpers';

const actions = (runDir: string) => readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { action: string }).action);

describe('the run lock', () => {
  let dir: string;
  beforeAll(() => (dir = tempDir('lock')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second process on a run while the first works, then lets a resume in', async () => {
    const fx = realFixture(dir, 120, 10);
    const runDir = path.join(dir, 'L');
    const first = spawnSiprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'L', '--concurrency', '1']);
    const lock = path.join(runDir, 'run.lock');
    const until = Date.now() + 60_000;
    while (!existsSync(lock) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(lock)).toBe(true);
    const second = siprint(['run', '--resume', runDir]);
    const done = await first.done;
    expect(done.status).toBe(0);
    expect(second.status).toBe(2);
    expect(second.stderr).toBe(`siprint: run L is being worked on by process ${String(first.child.pid)} on ${os.hostname()} (${lock}): wait for it to end, or stop it\n`);
    expect(actions(runDir).filter((a) => a === 'run.resumed')).toEqual([]);
    expect(existsSync(lock)).toBe(false);
    expect(siprint(['verify', runDir]).status).toBe(0);
  }, 180_000);

  it('takes over the lock of a process that died', () => {
    const fx = realFixture(dir, 20, 10);
    expect(siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'D', '--concurrency', '1']).status).toBe(0);
    const runDir = path.join(dir, 'D');
    const gone = spawnSync('node', ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(path.join(runDir, 'run.lock'), `${os.hostname()} ${gone}`);
    const r = siprint(['run', '--resume', runDir]);
    expect(`${r.status} ${r.stderr.split('\n').filter((l) => l.includes('worked on')).join('')}`).toBe('0 ');
    expect(existsSync(path.join(runDir, 'run.lock'))).toBe(false);
  }, 120_000);
});
