/**
 * Tests that need something of the machine (root, a Debian tool, a redis-server): under CI a missing
 * prerequisite is a failing test with a one-line reason; elsewhere the tests are skipped, saying why
 * on stderr. scripts/test.sh installs the tools when it runs as root.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

/** CI=true (or any CI value but "false"/"0"), as CI services set it. */
export const IN_CI = !!process.env.CI && !['false', '0'].includes(process.env.CI);

/** What is missing, in one line, or null when the tests can run. */
export type Missing = string | null;

/** An error jest prints as its message alone (no stack): the reason is the whole report. */
function missingError(reason: string): Error {
  const err = new Error(`missing prerequisite: ${reason}`);
  err.stack = err.message;
  return err;
}

function saySkipped(what: string, reason: string): void {
  const file = path.relative(process.cwd(), expect.getState().testPath ?? '') || 'test';
  process.stderr.write(`${file}: skipping ${what} (outside CI): ${reason}\n`);
}

/** `describe(name, fn)` when nothing is missing; else a failing test under CI, a skip that says why elsewhere. */
export function describeWhen(missing: Missing, name: string, fn: () => void): void {
  if (missing === null) {
    describe(name, fn);
  } else if (IN_CI) {
    describe(name, () => {
      it('has what it needs', () => {
        throw missingError(missing);
      });
    });
  } else {
    saySkipped(`"${name}"`, missing);
    describe.skip(name, fn);
  }
}

const said = new Set<string>();
/**
 * For one check inside a test: true when nothing is missing; else under CI it throws (the test fails
 * with the reason), elsewhere it says once that the check is skipped and returns false.
 */
export function checkable(missing: Missing, check: string): boolean {
  if (missing === null) return true;
  if (IN_CI) throw missingError(`${missing} (for ${check})`);
  if (!said.has(check)) saySkipped(check, missing);
  said.add(check);
  return false;
}

/** A TCP port free on 127.0.0.1 just now (for a private server a test starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
    srv.once('error', reject);
  });
}

/** redis-server and redis-cli, for the tests that start (and stop) a private Redis of their own. */
export const redisToolsMissing = (): Missing => {
  const absent = ['redis-server', 'redis-cli'].filter((tool) => spawnSync(tool, ['--version']).status !== 0);
  return absent.length ? `no ${absent.join(' or ')} on PATH (apt-get install redis-server; scripts/test.sh does it as root)` : null;
};
