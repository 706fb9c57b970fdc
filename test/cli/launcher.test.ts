import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// bin/siprint, the command operators run: sets glibc's malloc up, then execs node on siprint.js
const launcher = path.join(__dirname, '../../bin/siprint');
const cli = path.join(path.dirname(launcher), 'siprint.js');
const DEFAULT_TUNABLES = 'glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072';

/** A `node` first on PATH that prints what it was given and exits 7 (so pass-through is visible). */
function fakeNodeDir(dir: string): string {
  const fake = path.join(dir, 'node');
  writeFileSync(fake, '#!/bin/sh\nprintf "tunables=%s\\n" "${GLIBC_TUNABLES-unset}"\nfor a in "$@"; do printf "arg=%s\\n" "$a"; done\nexit 7\n');
  chmodSync(fake, 0o755);
  return dir;
}

function launch(cmd: string, args: string[], env: Record<string, string | undefined>) {
  const clean = { ...process.env };
  delete clean.GLIBC_TUNABLES;
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...clean, ...env } });
  return { status: r.status, lines: r.stdout.trim().split('\n') };
}

describe('bin/siprint (the launcher)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-launcher-'));
  const PATH = `${fakeNodeDir(dir)}:${process.env.PATH ?? ''}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sets the malloc tunables, passes every argument as given and the exit status back', () => {
    const r = launch(launcher, ['run', '--out', 'a dir with spaces', "it's"], { PATH });
    expect(r.status).toBe(7);
    expect(r.lines).toEqual([`tunables=${DEFAULT_TUNABLES}`, `arg=${cli}`, 'arg=run', 'arg=--out', 'arg=a dir with spaces', "arg=it's"]);
  });

  it("keeps the operator's GLIBC_TUNABLES, even an empty one", () => {
    expect(launch(launcher, [], { PATH, GLIBC_TUNABLES: 'glibc.malloc.arena_max=4' }).lines[0]).toBe('tunables=glibc.malloc.arena_max=4');
    expect(launch(launcher, [], { PATH, GLIBC_TUNABLES: '' }).lines[0]).toBe('tunables=');
  });

  it('finds siprint.js through a symlink (as npm links it into node_modules/.bin)', () => {
    const link = path.join(dir, 'siprint');
    symlinkSync(launcher, link);
    expect(launch(link, ['--version'], { PATH }).lines[1]).toBe(`arg=${cli}`);
  });

  it('runs the real CLI', () => {
    const r = launch(launcher, ['--version'], {});
    expect(r.status).toBe(0);
    expect(r.lines[0]).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
