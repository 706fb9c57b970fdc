/**
 * Plumbing for the reliability tests: a small real extract and ticket, the built CLI as a child
 * process, and what a finished run is judged by (package hashes, pieces in the packages' mailing.csv).
 * Everything here drives the REAL pipeline stages (dist/, built by scripts/test.sh).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { Redis } from 'ioredis';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'siprint.js');
export const KEY = 'reliability-test-key-0123456789abcdef';
/** What a run without a ticket needs on the command line: the postage permit its envelopes print. */
export const PERMIT = ['--postage-permit', '京邮资许可证第2025-0107号'];
/** Real stages with optional pause points (SIPRINT_TEST_PAUSE), for killing a worker mid-stage. */
export const PAUSED_STAGES = path.join(__dirname, 'fixtures', 'paused-stages.js');

/** Without REDIS_URL (scripts/test.sh exports it) `siprint run` stays in-process. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, SIPRINT_VERIFY_KEY: KEY, REDIS_URL: '', ...extra };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function siprint(args: string[], env: NodeJS.ProcessEnv = cliEnv(), timeout = 120_000): CliResult {
  const r = spawnSync('node', [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `siprint …` in the background; `done` resolves with its exit. */
export function spawnSiprint(args: string[], env: NodeJS.ProcessEnv = cliEnv()): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn('node', [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise<CliResult>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { child, done };
}

/** A run's audit log, one object a line. */
export function auditOf(runDir: string): { seq: number; action: string; operator: string; details?: Record<string, unknown> }[] {
  return readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; action: string; operator: string; details?: Record<string, unknown> });
}

/**
 * `siprint …args` in the background, SIGKILLed while it reads `file`: once its descriptor's offset is past
 * a tenth of the file and short of the end (/proc/<pid>/fdinfo). `killedAt` is that offset, -1 if it never got there.
 */
export async function killWhileReading(args: string[], env: NodeJS.ProcessEnv, file: string, polls = 2000): Promise<{ killedAt: number; result: CliResult }> {
  const size = statSync(file).size;
  const { child, done } = spawnSiprint(args, env);
  let killedAt = -1;
  for (let i = 0; i < polls && killedAt < 0; i++) {
    await new Promise((r) => setTimeout(r, 5));
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${child.pid ?? 0}/fd`);
    } catch {
      break;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${child.pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target !== file) continue;
      const pos = Number(/pos:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/fdinfo/${fd}`, 'utf8'))?.[1] ?? 0);
      if (pos > size / 10 && pos < size) {
        child.kill('SIGKILL');
        killedAt = pos;
      }
    }
  }
  return { killedAt, result: await done };
}

export function tempDir(tag: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `siprint-rel-${tag}-`));
}

/**
 * A generated extract (with faults: every reason path is exercised) and a ticket that splits it into
 * several small parts, so a run has parts done and parts to do at any moment.
 */
export function realFixture(dir: string, count = 60, piecesPerFile = 12): { extract: string; ticket: string } {
  const extract = path.join(dir, 'extract.jsonl');
  const g = siprint(['generate', '--count', String(count), '--year', '2025', '--seed', 'reliability', '--faults', '0.1', '--out', extract]);
  if (g.status !== 0) throw new Error(`generate failed: ${g.stderr}`);
  const base = JSON.parse(readFileSync(path.join(ROOT, 'jobs', 'annual-2025.json'), 'utf8')) as Record<string, unknown>;
  const ticket = path.join(dir, 'ticket.json');
  writeFileSync(ticket, JSON.stringify({ ...base, piecesPerFile }));
  return { extract, ticket };
}

/** The undisturbed reference: the fixture run in-process on one thread into DIR/ref; returns its run directory. */
export function referenceRun(dir: string, fx: { extract: string; ticket: string }, runId: string): string {
  const r = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', path.join(dir, 'ref'), '--run-id', runId, '--concurrency', '1']);
  if (r.status !== 0) throw new Error(`reference run exited ${r.status}: ${r.stderr}`);
  return path.join(dir, 'ref', runId);
}

export const sha256File = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

interface ManifestLike {
  counts: { input: number; printed: number; electronic: number; exceptions: number; suppressed: number };
  packages: { path: string; sha256: string; bytes: number; pieces: number; electronic?: boolean }[];
}

export function manifestOf(runDir: string): ManifestLike {
  return JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as ManifestLike;
}

/** The manifest with only the packages that go to the print house (electronic ones stay with the agency). */
export function mailedManifestOf(runDir: string): ManifestLike {
  const m = manifestOf(runDir);
  return { ...m, packages: m.packages.filter((p) => !p.electronic) };
}

/**
 * path → sha256 of every package the manifest lists, after checking each file on disk has exactly
 * those bytes — and that print/ holds nothing else (no stray or second package).
 */
export function packageHashes(runDir: string): Record<string, string> {
  const m = manifestOf(runDir);
  const out: Record<string, string> = {};
  for (const p of m.packages) {
    const file = path.join(runDir, p.path);
    expect({ path: p.path, bytes: statSync(file).size, sha256: sha256File(file) }).toEqual({ path: p.path, bytes: p.bytes, sha256: p.sha256 });
    out[p.path] = p.sha256;
  }
  expect(readdirSync(path.join(runDir, 'print')).map((f) => `print/${f}`).sort()).toEqual(Object.keys(out).sort());
  return out;
}

/** Every mailing.csv row of every mailed package: [pieceId, recordId]. */
export function mailedPieces(runDir: string): [string, string][] {
  const rows: [string, string][] = [];
  for (const p of mailedManifestOf(runDir).packages) {
    const r = spawnSync('unzip', ['-p', path.join(runDir, p.path), 'mailing.csv'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`unzip ${p.path}: ${r.stderr}`);
    const lines = r.stdout.replace(/^\ufeff/, '').trim().split(/\r?\n/).slice(1);
    expect(lines).toHaveLength(p.pieces);
    for (const l of lines) {
      const [pieceId, , recordId] = l.split(',');
      rows.push([pieceId ?? '', recordId ?? '']);
    }
  }
  return rows;
}

/** Judges a finished run against an undisturbed one: same package bytes, each piece once, none missing. */
export function expectSameAsReference(runDir: string, referenceDir: string): void {
  expect(packageHashes(runDir)).toEqual(packageHashes(referenceDir));
  const pieces = mailedPieces(runDir);
  expect(new Set(pieces.map(([id]) => id)).size).toBe(pieces.length); // no piece twice
  expect(pieces.sort()).toEqual(mailedPieces(referenceDir).sort()); // none missing
  const c = manifestOf(runDir).counts;
  expect(c.printed + c.electronic + c.exceptions + c.suppressed).toBe(c.input);
  const verify = siprint(['verify', runDir]);
  if (verify.status !== 0) throw new Error(`siprint verify ${runDir} exited ${verify.status}: ${verify.stdout}${verify.stderr}`);
}

/** Modification times of the sealed packages (to show a resume left finished packages alone). */
export function sealedMtimes(runDir: string): Record<string, number> {
  return Object.fromEntries(
    packagedParts(runDir).map((p) => {
      const rel = (JSON.parse(readFileSync(path.join(runDir, 'parts', p, 'packaged.json'), 'utf8')) as { path: string }).path;
      return [rel, statSync(path.join(runDir, rel)).mtimeMs];
    }),
  );
}

export function mtimesNow(runDir: string, files: string[]): Record<string, number> {
  return Object.fromEntries(files.map((rel) => [rel, statSync(path.join(runDir, rel)).mtimeMs]));
}

/** Part IDs whose package marker exists (the package is sealed). */
export function packagedParts(runDir: string): string[] {
  const dir = path.join(runDir, 'parts');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((d) => existsSync(path.join(dir, d, 'packaged.json'))).sort();
}

/** Polls `cond`; fails at once (with its stderr) when `exitOf` — a process that should still run — ended. */
export async function waitUntil(cond: () => boolean, timeoutMs: number, what: string, exitOf?: { done: Promise<CliResult> }): Promise<void> {
  const t0 = Date.now();
  let ended: CliResult | undefined;
  void exitOf?.done.then((r) => (ended = r));
  while (!cond()) {
    if (ended) throw new Error(`while waiting for ${what}, the process exited ${ended.status}: ${ended.stderr}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Redis "loses its data entirely" for this test's prefix: every key deleted, as after a FLUSHALL or a
 * failover to an empty replica (the shared test Redis must not be flushed). Not `Queue.obliterate`,
 * which keeps jobs waiting for children.
 */
export async function loseAllKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    let n = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) n += await redis.del(...keys);
    } while (cursor !== '0');
    return n;
  } finally {
    redis.disconnect();
  }
}
