/**
 * Issue 7, items 3–5 with the real stages, in-process: `siprint run` SIGKILLed half way and resumed,
 * a rerun over an existing run ID, and disk trouble (a full tmpfs, a read-only mount, a file where
 * the output directory should be). Mounting needs root (CAP_SYS_ADMIN): without it those tests fail
 * under CI, saying why, and are skipped elsewhere, saying why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeWhen, type Missing } from '../prerequisites';
import { REDIS_URL } from '../queue/helpers';
import { expectSameAsReference, mtimesNow, packagedParts, realFixture, referenceRun, sealedMtimes, sha256File, siprint, spawnSiprint, tempDir, waitUntil } from './helpers';

jest.setTimeout(90_000);

const RUN_ID = 'rel-2025';
let dir: string;
let fx: { extract: string; ticket: string };
let refDir: string;

beforeAll(() => {
  dir = tempDir('resume');
  fx = realFixture(dir, 40, 10);
  refDir = referenceRun(dir, fx, RUN_ID);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runArgs = (out: string) => ['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', out, '--run-id', RUN_ID, '--concurrency', '1'];
/** stderr carries progress lines; the failure is its last line, and the only one that is not progress. */
const failureLines = (stderr: string) => stderr.trim().split('\n').filter((l) => !/^siprint: (\d+ records read|ingest done|\d+\/\d+ parts)/.test(l));

/** Every sealed part's ZIP is complete: its bytes and hash are what its marker says. */
function expectSealedPackagesComplete(runDir: string): void {
  for (const p of packagedParts(runDir)) {
    const m = JSON.parse(readFileSync(path.join(runDir, 'parts', p, 'packaged.json'), 'utf8')) as { path: string; bytes: number; sha256: string };
    const file = path.join(runDir, m.path);
    expect({ bytes: statSync(file).size, sha256: sha256File(file) }).toEqual({ bytes: m.bytes, sha256: m.sha256 });
  }
}

describe('resume and rerun', () => {
  it('`siprint run` SIGKILLed half way: --resume finishes without redoing finished packages', async () => {
    const out = path.join(dir, 'killed');
    const runDir = path.join(out, RUN_ID);
    const run = spawnSiprint(runArgs(out));
    await waitUntil(() => packagedParts(runDir).length >= 1, 60_000, 'a first package', run);
    run.child.kill('SIGKILL');
    await run.done;
    const total = (JSON.parse(readFileSync(path.join(runDir, 'state', 'ingest.json'), 'utf8')) as { parts: unknown[] }).parts.length;
    expect(packagedParts(runDir).length).toBeLessThan(total);
    expect(existsSync(path.join(runDir, 'manifest.json'))).toBe(false);
    expectSealedPackagesComplete(runDir);
    const before = sealedMtimes(runDir);

    const r = siprint(['run', '--resume', runDir]);
    if (r.status !== 0) throw new Error(`resume exited ${r.status}: ${r.stderr}`);
    expect(mtimesNow(runDir, Object.keys(before))).toEqual(before);
    expectSameAsReference(runDir, refDir);

    // a finished run resumed again rewrites nothing at all
    const done = sealedMtimes(runDir);
    const manifestMtime = statSync(path.join(runDir, 'manifest.json')).mtimeMs;
    expect(siprint(['run', '--resume', runDir]).status).toBe(0);
    expect(sealedMtimes(runDir)).toEqual(done);
    expect(statSync(path.join(runDir, 'manifest.json')).mtimeMs).toBe(manifestMtime);
  });

  it('refuses a run over an existing run ID unless --resume, in-process and with --redis (exit 2, one line, nothing touched)', () => {
    const auditBefore = readFileSync(path.join(refDir, 'audit.jsonl'), 'utf8');
    const out = path.dirname(refDir);
    const expected = new RegExp(`^siprint: run ${RUN_ID} already exists in ${out}: add --resume to continue it, or choose another --run-id$`);
    for (const extra of [[], ['--redis', REDIS_URL]]) {
      const r = siprint([...runArgs(out), ...extra]);
      expect({ extra, status: r.status }).toEqual({ extra, status: 2 });
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(expected)]);
    }
    expect(readFileSync(path.join(refDir, 'audit.jsonl'), 'utf8')).toBe(auditBefore);
  });
});

const cannotMount = ((): Missing => {
  if (process.platform !== 'linux') return `mounting a tmpfs needs Linux (this is ${process.platform})`;
  const probe = tempDir('mount-probe');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { encoding: 'utf8' });
  if (r.status === 0) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  if (r.status === 0) return null;
  const said = (r.error?.message ?? r.stderr).trim().split('\n')[0];
  return `cannot mount a tmpfs (needs root / CAP_SYS_ADMIN; uid ${process.getuid?.()}): ${said}`;
})();

describeWhen(cannotMount, 'disk trouble (small tmpfs, read-only bind mount)', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts.reverse()) spawnSync('umount', [m]);
  });
  const mount = (args: string[], target: string) => {
    const r = spawnSync('mount', [...args, target], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mount ${args.join(' ')} ${target}: ${r.stderr}`);
    mounts.push(target);
  };

  it('a full disk: exit 1 with one line; no manifest, sealed packages complete; after freeing space --resume finishes', () => {
    const out = path.join(dir, 'full');
    mkdirSync(out);
    mount(['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs'], out); // the run needs ≈ 1 MB
    const r = siprint(runArgs(out));
    expect(r.status).toBe(1);
    expect(failureLines(r.stderr)).toEqual([expect.stringMatching(/^siprint: cannot write .*\/rel-2025\/.*: no space left on the device: free space, then resume the run$/)]);
    const runDir = path.join(out, RUN_ID);
    expect(existsSync(path.join(runDir, 'manifest.json'))).toBe(false);
    expectSealedPackagesComplete(runDir);
    const before = sealedMtimes(runDir);

    expect(spawnSync('mount', ['-o', 'remount,size=8m', out]).status).toBe(0);
    const resumed = siprint(['run', '--resume', runDir]);
    if (resumed.status !== 0) throw new Error(`resume exited ${resumed.status}: ${resumed.stderr}`);
    expect(mtimesNow(runDir, Object.keys(before))).toEqual(before);
    expectSameAsReference(runDir, refDir);
  });

  it('a read-only output directory: exit 1 with one line, nothing written', () => {
    const src = path.join(dir, 'ro-src');
    const out = path.join(dir, 'ro');
    mkdirSync(src);
    mkdirSync(out);
    mount(['--bind', src], out);
    expect(spawnSync('mount', ['-o', 'remount,ro,bind', out]).status).toBe(0);
    const r = siprint(runArgs(out));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^siprint: cannot write .*\/ro\/rel-2025: the file system is read-only: choose a writable --out$/)]);
    expect(readdirSync(src)).toEqual([]);
  });
});

it('a file where the output directory should be: exit 1 with one line naming the fix', () => {
  const file = path.join(dir, 'not-a-dir');
  writeFileSync(file, '');
  const r = siprint(runArgs(file));
  expect(r.status).toBe(1);
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^siprint: cannot write .*not-a-dir\/rel-2025: a part of that path is a file, not a directory: choose another --out$/)]);
});
