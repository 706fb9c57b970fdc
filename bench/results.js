#!/usr/bin/env node
'use strict';
// `siprint results` on a large inserter file: ROWS rows (default 1,000,000) over the pieces of a real run
// (half with the AIM ]d2 prefix and the full DataMatrix text, half bare IDs; 1 in 20 not ok), taken into
// a fresh copy of the run each round. Baseline in the same run: a plain node readline loop over the same
// file splitting each line at its commas (the least any streaming CSV reader does). Wall time and peak RSS
// from /usr/bin/time, ROUNDS alternating rounds, the median reported.
//   npm run build && node bench/results.js [rows=1000000] [records=2000] [rounds=3]
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const [rows = 1_000_000, records = 2000, rounds = 3] = process.argv.slice(2).map(Number);
const dir = path.join(root, 'bench', 'results', `results-${records}`);
const bin = path.join(root, 'bin', 'siprint');
const env = { ...process.env, REDIS_URL: '', SIPRINT_VERIFY_KEY: process.env.SIPRINT_VERIFY_KEY || 'bench-only-verification-key-000', USER: 'bench' };

function timed(cmd, args) {
  const out = path.join(dir, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', out, cmd, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${path.basename(cmd)} ${args[0]} exited ${r.status}: ${r.stderr}`);
  const [s, kb] = readFileSync(out, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { s, mb: kb / 1024 };
}

mkdirSync(dir, { recursive: true });
const pristine = path.join(dir, 'bench');
if (!existsSync(path.join(pristine, 'manifest.json'))) {
  const extract = path.join(dir, 'extract.jsonl');
  timed(bin, ['generate', '--count', String(records), '--year', '2025', '--seed', 'bench-results', '--out', extract]);
  timed(bin, ['run', '--extract', extract, '--ticket', path.join(root, 'jobs', 'annual-2025.json'), '--out', dir, '--run-id', 'bench']);
}
const ids = [];
for (const part of readdirSync(path.join(pristine, 'parts')).filter((p) => !p.includes('.')).sort()) {
  for (const line of readFileSync(path.join(pristine, 'parts', part, 'mailing.csv'), 'utf8').trim().split('\r\n').slice(1)) ids.push(line.split(',')[0]);
}
const file = path.join(dir, `results-${rows}.csv`);
if (!existsSync(file)) {
  const lines = ['piece,status,time,station'];
  for (let i = 0; i < rows; i++) {
    const id = ids[i % ids.length];
    const piece = i % 2 === 0 ? `]d2bench|${id}|1/1` : id;
    lines.push(`${piece},${i % 20 === 7 ? 'jammed' : 'ok'},2026-02-03T08:${String(i % 60).padStart(2, '0')}:00+08:00,INS-${i % 4}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}
const baseline = path.join(dir, 'baseline.js');
writeFileSync(
  baseline,
  "const rl = require('node:readline').createInterface({ input: require('node:fs').createReadStream(process.argv[2], { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });\n" +
    "let n = 0; let f = 0; rl.on('line', (l) => { n++; f += l.split(',').length; }); rl.on('close', () => console.log(n, f));\n",
);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = [];
const ours = [];
for (let r = 0; r < rounds; r++) {
  base.push(timed(process.execPath, [baseline, file]));
  const copy = path.join(dir, 'copy');
  rmSync(copy, { recursive: true, force: true });
  cpSync(pristine, copy, { recursive: true });
  ours.push(timed(bin, ['results', copy, '--file', file]));
}
const b = { s: median(base.map((x) => x.s)), mb: median(base.map((x) => x.mb)) };
const o = { s: median(ours.map((x) => x.s)), mb: median(ours.map((x) => x.mb)) };
const mbFile = statSync(file).size / 1e6;
console.log(`${rows.toLocaleString('en-US')} rows (${mbFile.toFixed(0)} MB) over ${ids.length.toLocaleString('en-US')} pieces, median of ${rounds}`);
console.log('| what | wall s | rows/s | peak RSS MB | time vs baseline |');
console.log('|---|---|---|---|---|');
console.log(`| baseline: node readline + split | ${b.s.toFixed(2)} | ${Math.round(rows / b.s).toLocaleString('en-US')} | ${b.mb.toFixed(0)} | 1.00 |`);
console.log(`| siprint results | ${o.s.toFixed(2)} | ${Math.round(rows / o.s).toLocaleString('en-US')} | ${o.mb.toFixed(0)} | ${(o.s / b.s).toFixed(2)} |`);
