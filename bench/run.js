#!/usr/bin/env node
'use strict';
// End-to-end in-process run on a generated extract: wall time, statements/s, peak RSS.
//   npm run build && node bench/run.js [count=100000] [concurrency=2]
// (The BullMQ variants, with 1 and 2 `siprint worker` processes, belong to the queue stream's bench.)
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const count = Number(process.argv[2] || 100000);
const concurrency = String(process.argv[3] || 2);
const dir = path.join(root, 'bench', 'results', `run-${count}`);
const extract = path.join(dir, `extract-${count}.jsonl`);
const env = { ...process.env, REDIS_URL: '', SIPRINT_VERIFY_KEY: process.env.SIPRINT_VERIFY_KEY || 'bench-only-verification-key-000' };
const bin = path.join(root, 'bin', 'siprint.js');

mkdirSync(dir, { recursive: true });
if (!existsSync(extract)) {
  const g = spawnSync(process.execPath, [bin, 'generate', '--count', String(count), '--year', '2025', '--seed', '1', '--out', extract], { env, stdio: 'inherit' });
  if (g.status !== 0) process.exit(g.status || 1);
}
const runId = `bench-${Date.now()}`;
const t = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', process.execPath, bin, 'run', '--extract', extract, '--year', '2025', '--out', dir, '--run-id', runId, '--ticket', path.join(root, 'jobs', 'annual-2025.json'), '--concurrency', concurrency], { env, encoding: 'utf8' });
const m = /TIME ([\d.]+) (\d+)/.exec(t.stderr || '');
if (t.status !== 0 || !m) {
  process.stderr.write(t.stderr || '');
  process.exit(t.status || 1);
}
const manifest = JSON.parse(readFileSync(path.join(dir, runId, 'manifest.json'), 'utf8'));
const wall = Number(m[1]);
const statements = manifest.packages.reduce((n, p) => n + p.pieces, 0);
console.log(`in-process, ${concurrency} render threads: ${count} records, ${statements} statements, ${manifest.packages.length} packages`);
console.log(`wall ${wall.toFixed(1)} s, ${(statements / wall).toFixed(0)} statements/s, peak RSS ${(Number(m[2]) / 1024).toFixed(0)} MB`);
