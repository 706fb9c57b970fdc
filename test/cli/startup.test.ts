import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Every siprint process registers every command; the heavy libraries must wait for the command that
// needs them (src/cli/lazy.ts). An import of the pipeline's index once loaded every stage into
// `siprint --version`: 0.50 → 0.30 s, 84–90 → 68 MB when it went.
const main = path.join(__dirname, '../../dist/cli/main.js');

it('the CLI starts without pdf-lib, fontkit, BullMQ, ioredis, express, openpgp or ssh2', () => {
  const probe = `require(${JSON.stringify(main)});
const loaded = Object.keys(require.cache);
const heavy = ['pdf-lib', 'fontkit', '@pdf-lib/fontkit', 'bullmq', 'ioredis', 'express', 'openpgp', 'ssh2', 'ssh2-sftp-client'];
const found = heavy.filter((m) => loaded.some((f) => f.includes('/node_modules/' + m + '/')));
process.stdout.write(JSON.stringify(found));`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([]);
});
