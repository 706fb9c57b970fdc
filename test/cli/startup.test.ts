import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Every siprint process registers every command; the heavy libraries must wait for the command that
// needs them (src/cli/lazy.ts). An import of the pipeline's index once loaded every stage into
// `siprint --version`: 0.50 → 0.30 s, 84–90 → 68 MB when it went.
const dist = path.join(__dirname, '../../dist');

/** Which of `heavy` a fresh node process holds after requiring `module` (a path under dist/). */
function loadedBy(module: string, heavy: string[]): string[] {
  const probe = `require(${JSON.stringify(path.join(dist, module))});
const loaded = Object.keys(require.cache);
const found = ${JSON.stringify(heavy)}.filter((m) => loaded.some((f) => f.includes('/node_modules/' + m + '/')));
process.stdout.write(JSON.stringify(found));`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as string[];
}

it('the CLI starts without pdf-lib, fontkit, BullMQ, ioredis, express, openpgp or ssh2', () => {
  expect(loadedBy('cli/main.js', ['pdf-lib', 'fontkit', '@pdf-lib/fontkit', 'bullmq', 'ioredis', 'express', 'openpgp', 'ssh2', 'ssh2-sftp-client'])).toEqual([]);
});

it('deliver and acks (the delivery module) load no PDF library to rewrite the run report', () => {
  expect(loadedBy('delivery/index.js', ['pdf-lib', 'fontkit', '@pdf-lib/fontkit', 'bullmq', 'express'])).toEqual([]);
});
