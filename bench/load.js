#!/usr/bin/env node
'use strict';
/**
 * Load (issue 7, item 7): a big run on two `siprint worker` processes while a second run is submitted
 * and reprints are requested; both runs must complete and verify. Reports wall times and the peak RSS
 * of every process (/usr/bin/time). Needs Redis (REDIS_URL, default redis://127.0.0.1:6379).
 *   npm run build && node bench/load.js [countA=200000] [countB=50000] [workers=2]
 * The full size is too heavy for the shared 2-core CI machine; run it reduced there (e.g. 20000 5000).
 */
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } = require('node:fs');
const { randomBytes } = require('node:crypto');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = path.join(root, 'bin', 'siprint.js');
const countA = Number(process.argv[2] || 200000);
const countB = Number(process.argv[3] || 50000);
const nWorkers = Number(process.argv[4] || 2);
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = `siprint-load-${randomBytes(4).toString('hex')}`;
const dir = path.join(root, 'bench', 'results', `load-${countA}-${countB}`);
const out = path.join(dir, 'runs');
const env = { ...process.env, REDIS_URL: '', SIPRINT_VERIFY_KEY: process.env.SIPRINT_VERIFY_KEY || 'bench-only-verification-key-000' };
const t0 = Date.now();
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const log = (m) => console.log(`[${since()}] ${m}`);

/** A process under /usr/bin/time: resolves with exit status, wall seconds and peak RSS (MB). */
function timed(name, args) {
  const started = Date.now();
  const child = spawn('/usr/bin/time', ['-f', 'TIME %e %M', process.execPath, bin, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-20000)));
  const done = new Promise((resolve) =>
    child.on('close', (status) => {
      const m = /TIME ([\d.]+) (\d+)/.exec(stderr);
      resolve({ name, status, wall: m ? Number(m[1]) : (Date.now() - started) / 1000, rssMb: m ? Number(m[2]) / 1024 : NaN, stdout, stderr });
    }),
  );
  return { child, done };
}

function generate(file, count, seed) {
  if (existsSync(file)) return;
  const g = spawnSync(process.execPath, [bin, 'generate', '--count', String(count), '--year', '2025', '--seed', seed, '--faults', '0.02', '--out', file], { env, stdio: 'inherit' });
  if (g.status !== 0) process.exit(g.status || 1);
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(cond, what, timeoutMs = 3600_000) {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await wait(500);
  }
}

async function main() {
  mkdirSync(dir, { recursive: true });
  rmSync(out, { recursive: true, force: true });
  const extractA = path.join(dir, `a-${countA}.jsonl`);
  const extractB = path.join(dir, `b-${countB}.jsonl`);
  generate(extractA, countA, 'load-a');
  generate(extractB, countB, 'load-b');
  log(`extracts ready: ${countA} + ${countB} records; ${nWorkers} workers; Redis ${redisUrl}, prefix ${prefix}`);

  const workers = Array.from({ length: nWorkers }, (_, i) => timed(`worker ${i + 1}`, ['worker', '--redis', redisUrl, '--prefix', prefix, '--concurrency', '1']));
  const ticket = path.join(root, 'jobs', 'annual-2025.json');
  const runA = timed('run A', ['run', '--redis', redisUrl, '--prefix', prefix, '--extract', extractA, '--ticket', ticket, '--out', out, '--run-id', 'load-a']);
  const dirA = path.join(out, 'load-a');
  await until(() => existsSync(path.join(dirA, 'state', 'ingest.json')), 'run A ingest');
  log('run A ingested; submitting run B');
  const runB = timed('run B', ['run', '--redis', redisUrl, '--prefix', prefix, '--extract', extractB, '--ticket', ticket, '--out', out, '--run-id', 'load-b']);

  // reprints come from a finished run (they re-render its archive with its sealed layouts): request them
  // from run A as soon as it is done, while run B is still going
  const reprints = [];
  const a = await runA.done;
  log(`run A exit ${a.status} (${a.wall} s); run B still ${existsSync(path.join(out, 'load-b', 'manifest.json')) ? 'done' : 'going'}: requesting reprints from run A`);
  const ssns = readFileSync(extractA, 'utf8').split('\n', 40).map((l) => /"ssn":"(\d{17}[\dX])"/.exec(l)?.[1]).filter(Boolean);
  for (const ssn of ssns) {
    if (reprints.filter((r) => r.status === 0).length === 5) break;
    const r = await timed(`reprint ${reprints.length + 1}`, ['reprint', '--run', dirA, '--ssn', ssn, '--reason', 'load test', '--requested-by', 'op1', '--relation', 'self', '--out', path.join(dir, 'reprints')]).done;
    reprints.push(r);
    // a held or suppressed person cannot be reprinted (exit 2, said why): try the next one
    if (r.status !== 0) log(`reprint ${reprints.length}: exit ${r.status}: ${r.stderr.split('\n').find((l) => l.startsWith('siprint')) ?? ''}`);
  }
  log(`reprints: ${reprints.map((r) => `exit ${r.status}`).join(', ')}`);

  const b = await runB.done;
  log(`run A exit ${a.status} (${a.wall} s), run B exit ${b.status} (${b.wall} s)`);
  // GNU time does not pass signals on: stop each worker itself (its child), so time reports its peak
  for (const w of workers) {
    const pid = spawnSync('pgrep', ['-P', String(w.child.pid)], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
    if (pid) process.kill(Number(pid), 'SIGTERM');
    else w.child.kill('SIGTERM');
  }
  const ws = await Promise.all(workers.map((w) => w.done));

  let ok = a.status === 0 && b.status === 0;
  for (const runDir of [dirA, path.join(out, 'load-b')]) {
    const v = spawnSync(process.execPath, [bin, 'verify', runDir], { env, encoding: 'utf8' });
    const m = existsSync(path.join(runDir, 'manifest.json')) ? JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) : undefined;
    const c = m && m.counts;
    const balanced = c && c.printed + c.exceptions + c.suppressed === c.input;
    console.log(`${path.basename(runDir)}: verify exit ${v.status}; ${c ? `input ${c.input}, printed ${c.printed}, held ${c.exceptions}, suppressed ${c.suppressed}, ${m.packages.length} packages` : 'no manifest'}; balanced ${Boolean(balanced)}`);
    ok = ok && v.status === 0 && Boolean(balanced);
  }
  console.log('\nprocess            exit   wall s   peak RSS MB');
  for (const r of [a, b, ...ws, ...reprints]) console.log(`${r.name.padEnd(18)} ${String(r.status).padStart(4)} ${r.wall.toFixed(1).padStart(8)} ${r.rssMb.toFixed(0).padStart(13)}`);
  console.log(`total wall ${since()}; ${((countA + countB) / ((Date.now() - t0) / 1000)).toFixed(0)} records/s overall`);
  if (!ok) {
    for (const r of [a, b]) if (r.status !== 0) process.stderr.write(`${r.name}: ${r.stderr.split('\n').slice(-5).join('\n')}\n`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
