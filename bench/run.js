#!/usr/bin/env node
'use strict';
// End to end on a generated extract, the same extract and ticket each way:
//   1. in-process (`siprint run`, N render threads)
//   2. BullMQ, 1 `siprint worker --concurrency 1` process
//   3. BullMQ, 2 `siprint worker --concurrency 1` processes
// plus the single-core render rate of the same pieces (renderStatements + renderEnvelopes of every part
// on one pinned CPU, fonts already loaded), to say how render-bound the run is: (statements/s per core) / render rate;
// and the ingest stage alone, the largest of a run's costs beside rendering (what bounds that ratio).
// Wall time, statements/s, peak RSS per process (VmHWM from /proc, worker threads included).
//   npm run build && node bench/run.js [count=20000] [threads=2] [--skip-queue]
// Needs a Redis (REDIS_URL, default redis://127.0.0.1:6379) for 2 and 3; a unique prefix, removed after.
// Two comparisons instead, each on the same extract, taking turns `--rounds` times (best round kept):
//   --per-core [--sample N]  the whole `siprint run --concurrency 1` pinned to one CPU (`taskset -c 0`)
//                            against bench/reference.js (PDFKit + bwip-js) drawing N of the same pieces
//                            (default 1,000, the same share of every part) on the same CPU
//   --cores                  `siprint run` on one CPU (--concurrency 1) against two (`taskset -c 0,1`, --concurrency 2)
//   --workers                BullMQ only: 1 worker process against 2 (--concurrency 1 each), the sharded ingest included
//   --workers --pin          the same, worker i pinned to CPU i (a worker uses more than one core unpinned: its
//                            stage thread, its main thread, zlib's threads), as if each had a machine of its own
const { spawn, spawnSync } = require('node:child_process');
const { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !['--rounds', '--sample'].includes(all[i - 1] ?? ''));
const count = Number(args[0] || 20000);
const threads = String(args[1] || 2);
const skipQueue = process.argv.includes('--skip-queue');
const flag = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const perCore = process.argv.includes('--per-core');
const cores = process.argv.includes('--cores');
const workersOnly = process.argv.includes('--workers');
const pin = process.argv.includes('--pin');
const rounds = flag('rounds', 2);
const sample = flag('sample', 1000);
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const dir = path.join(root, 'bench', 'results', `run-${count}`);
const extract = path.join(dir, `extract-${count}.jsonl`);
const env = { ...process.env, REDIS_URL: '', SIPRINT_VERIFY_KEY: process.env.SIPRINT_VERIFY_KEY || 'bench-only-verification-key-000' };
// the launcher operators run (`npx siprint`, glibc's malloc set up for many threads); measure the
// default malloc with GLIBC_TUNABLES= (empty: the launcher keeps what the operator set)
const bin = path.join(root, 'bin', 'siprint');
const ticket = path.join(root, 'jobs', 'annual-2025.json');
const MB = (kb) => `${Math.round(kb / 1024)} MB`;

/** Peak RSS (VmHWM, kB) of a live process. */
function vmHWM(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
/** CPU seconds (user + system, all threads) a live process has used so far. */
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK;
  } catch {
    return 0;
  }
}

/** Runs `siprint …args` (or `cmd …args`), sampling its VmHWM and CPU time until it exits (the last sample is within 100 ms of the end). */
function timed(cliArgs, cmd = bin) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, cliArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    let cpu = 0;
    let out = '';
    const sample = setInterval(() => {
      peak = Math.max(peak, vmHWM(child.pid));
      cpu = Math.max(cpu, cpuSeconds(child.pid));
    }, 100);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      clearInterval(sample);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`siprint ${cliArgs[0]} exited ${code}: ${out.slice(-2000)}`));
      else resolve({ wall, peak, cpu });
    });
  });
}

/** A `siprint worker --concurrency 1`; with `cpu`, pinned to that CPU (`taskset -c`: one worker, one core, as on machines of their own). */
function startWorker(prefix, cpu) {
  const args = ['worker', '--redis', redisUrl, '--prefix', prefix, '--concurrency', '1'];
  const child = cpu === undefined ? spawn(bin, args, { env, stdio: ['ignore', 'ignore', 'pipe'] }) : spawn('taskset', ['-c', String(cpu), bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const started = new Promise((resolve, reject) => {
    let buf = '';
    child.stderr.on('data', (d) => {
      buf += d;
      if (buf.includes('"worker-started"')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${buf.slice(-1000)}`)));
  });
  started.catch(() => undefined);
  return { child, started };
}

function statementsOf(runDir) {
  const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8'));
  return { statements: manifest.packages.reduce((n, p) => n + p.pieces, 0), packages: manifest.packages.length };
}

/**
 * Statements/s of one core rendering all the run's pieces (statements + envelopes, every part in
 * turn, fonts warm), pinned to one CPU: the exact single-core cost of what the run rendered. (A
 * sample misleads: the first part renders ~25% slower than the rest while V8 warms up, and an
 * employee statement costs ~30% more than a resident one.)
 */
function renderRate(runDir) {
  const script = `
    const { readPartPieces } = require(${JSON.stringify(path.join(root, 'dist', 'pipeline'))});
    const { createRenderer } = require(${JSON.stringify(path.join(root, 'dist', 'render'))});
    const { loadRenderAssets } = require(${JSON.stringify(path.join(root, 'dist', 'assets'))});
    const fs = require('node:fs'), path = require('node:path');
    (async () => {
      const runDir = process.argv[1];
      const parts = fs.readdirSync(path.join(runDir, 'parts')).filter((f) => f.endsWith('.json.gz')).map((f) => f.replace('.json.gz', '')).sort();
      const r = createRenderer(loadRenderAssets());
      const stmt = { runId: 'bench', year: 2025, printDate: '2026-01-15', verificationKey: 'bench-key' };
      const env = { runId: 'bench', postagePermit: 'permit' };
      const discard = () => undefined; // the PDF bytes as made, not kept: rendering alone
      let pieces = 0, wall = 0, cpu = 0;
      for (const part of parts) {
        const all = await readPartPieces(runDir, part);
        const c0 = process.cpuUsage(), t0 = Date.now();
        r.writeStatements(all, stmt, discard); r.writeEnvelopes(all, env, discard);
        const c = process.cpuUsage(c0);
        pieces += all.length; wall += (Date.now() - t0) / 1000; cpu += (c.user + c.system) / 1e6;
      }
      console.log(JSON.stringify({ parts: parts.length, pieces, wall, cpu }));
    })();`;
  // pinned to one CPU: V8's helper threads (GC, compilation) share that core, as they do in a run that
  // keeps every core busy; unpinned, one render thread borrows ~30% of a second core
  const pinned = spawnSync('taskset', ['--version']).status === 0;
  const cmd = pinned ? ['taskset', ['-c', '0', process.execPath, '-e', script, runDir]] : [process.execPath, ['-e', script, runDir]];
  const r = spawnSync(cmd[0], cmd[1], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`render-rate probe failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * The ingest stage alone (validation with its helper threads, presort, part and archive files) on a
 * new run directory with the in-process run's settings: the CPU a run spends before and beside rendering.
 */
async function ingestAlone(runDir) {
  const fresh = path.join(dir, `bench-ingest-${process.pid}`);
  rmSync(fresh, { recursive: true, force: true });
  mkdirSync(fresh, { recursive: true });
  copyFileSync(path.join(runDir, 'run.json'), path.join(fresh, 'run.json'));
  const script = `require(${JSON.stringify(path.join(root, 'dist', 'pipeline'))}).ingestStage(process.argv[1]).catch((e) => { console.error(e.message); process.exit(1); })`;
  try {
    return await timed(['-e', script, fresh], process.execPath);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/**
 * Where a run's wall time went, from its log: the plan, the range jobs, the serial merge, then
 * rendering and packaging (from the merge's first part on), finalize (its index separately).
 */
function phasesOf(runDir) {
  const lines = readFileSync(path.join(runDir, 'logs', 'siprint.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const at = (msg, last = false) => {
    const hits = lines.filter((l) => l.msg === msg);
    const hit = last ? hits[hits.length - 1] : hits[0];
    return hit ? Date.parse(hit.time) : NaN;
  };
  // a one-range ingest (below 48 MB) has no range jobs and no merge
  const s = (a, b) => (Number.isNaN(b - a) ? 'none' : `${((b - a) / 1000).toFixed(1)} s`);
  const created = at('run created');
  const planned = at('ingest planned');
  const merging = at('merging');
  const ingested = at('ingest done');
  const firstPart = at('part written');
  const packaged = at('part packaged', true);
  const finalized = at('run finalized');
  const index = lines.find((l) => l.msg === 'verification index written');
  return [
    `plan ${s(created, planned)}`,
    `range jobs ${s(planned, merging)}`,
    `merge ${s(merging, ingested)}`,
    `render + package ${s(firstPart, packaged)} (${s(ingested, packaged)} after the merge)`,
    `finalize ${s(packaged, finalized)} (index ${index ? (index.ms / 1000).toFixed(1) : '?'} s)`,
  ].join(', ');
}

async function queueRun(workers, runId) {
  const { Queue } = require('bullmq');
  const { redisOptions } = require(path.join(root, 'dist', 'queue', 'connection'));
  const prefix = `siprint-bench-${process.pid}-${workers}`;
  const ws = Array.from({ length: workers }, (_, i) => startWorker(prefix, pin ? i % os.cpus().length : undefined));
  try {
    await Promise.all(ws.map((w) => w.started));
    const cpu0 = ws.map((w) => cpuSeconds(w.child.pid));
    const r = await timed(['run', '--redis', redisUrl, '--prefix', prefix, '--extract', extract, '--ticket', ticket, '--out', dir, '--run-id', runId]);
    const workersCpu = ws.reduce((sum, w, i) => sum + cpuSeconds(w.child.pid) - (cpu0[i] ?? 0), 0);
    return { ...r, cpu: r.cpu + workersCpu, workerPeaks: ws.map((w) => vmHWM(w.child.pid)) };
  } finally {
    for (const w of ws) w.child.kill('SIGTERM');
    await Promise.all(ws.map((w) => new Promise((res) => (w.child.exitCode !== null ? res() : w.child.on('exit', res)))));
    const q = new Queue('siprint', { connection: redisOptions(redisUrl), prefix });
    await q.obliterate({ force: true });
    await q.close();
  }
}

/** `siprint run` of the extract on the given CPUs (taskset's list) with `threads` render threads; the run directory is removed after unless `keep`. */
async function pinnedRun(cpus, threads, runId, keep = false) {
  const r = await timed(['-c', cpus, bin, 'run', '--extract', extract, '--ticket', ticket, '--out', dir, '--run-id', runId, '--concurrency', String(threads)], 'taskset');
  const s = statementsOf(path.join(dir, runId));
  if (!keep) rmSync(path.join(dir, runId), { recursive: true, force: true });
  return { ...r, ...s };
}

/** The reference renderer (bench/reference.js) pinned to CPU 0, over a sample of a finished run's pieces. */
function referenceRun(runDir) {
  const r = spawnSync('taskset', ['-c', '0', process.execPath, path.join(__dirname, 'reference.js'), runDir, String(sample)], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`reference renderer failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const rateOf = (n, s) => (n / s).toFixed(0);
const best = (list, key) => list.reduce((a, b) => (b[key] > a[key] ? b : a));

/** The whole run on one pinned CPU against the PDFKit + bwip-js reference on the same CPU, in turns. */
async function perCoreComparison(stamp) {
  const runs = [];
  const refs = [];
  for (let round = 1; round <= rounds; round++) {
    const runId = `bench-core-${stamp}-${round}`;
    const r = await pinnedRun('0', 1, runId, true);
    runs.push({ ...r, perWall: r.statements / r.wall, perCpu: r.statements / r.cpu, recordsPerWall: count / r.wall, recordsPerCpu: count / r.cpu });
    console.log(`round ${round}: siprint run, one CPU: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU; ${count} records (${rateOf(count, r.wall)}/s wall, ${rateOf(count, r.cpu)} per CPU-s), ${r.statements} statements (${rateOf(r.statements, r.wall)}/s wall, ${rateOf(r.statements, r.cpu)} per CPU-s)`);
    const ref = referenceRun(path.join(dir, runId));
    refs.push({ ...ref, perWall: ref.pieces / ref.wall, perCpu: ref.pieces / ref.cpu });
    console.log(`round ${round}: reference (PDFKit + bwip-js), one CPU: ${ref.pieces} statements + envelopes of the same run in ${ref.wall.toFixed(1)} s wall, ${ref.cpu.toFixed(1)} s CPU (${rateOf(ref.pieces, ref.wall)}/s wall, ${rateOf(ref.pieces, ref.cpu)} per CPU-s), ${(ref.bytes / ref.pieces / 1024).toFixed(1)} KB a piece`);
    rmSync(path.join(dir, runId), { recursive: true, force: true });
  }
  const [rc, fc] = [best(runs, 'perCpu'), best(refs, 'perCpu')];
  const [rw, fw] = [best(runs, 'perWall'), best(refs, 'perWall')];
  console.log(
    `per core (best of ${rounds}): siprint run ${rc.recordsPerCpu.toFixed(0)} records per CPU-s (${rw.recordsPerWall.toFixed(0)}/s wall), ${rc.perCpu.toFixed(0)} statements per CPU-s; ` +
      `reference ${fc.perCpu.toFixed(0)} statements per CPU-s (${fw.perWall.toFixed(0)}/s wall): ${(rc.perCpu / fc.perCpu).toFixed(1)}× per CPU-s, ${(rw.perWall / fw.perWall).toFixed(1)}× wall (goal ≥ 12×)`,
  );
}

/** The same run on one CPU and on two, in turns. */
async function coresComparison(stamp) {
  const one = [];
  const two = [];
  for (let round = 1; round <= rounds; round++) {
    for (const [cpus, n, list] of [['0', 1, one], ['0,1', 2, two]]) {
      const r = await pinnedRun(cpus, n, `bench-cores${n}-${stamp}-${round}`);
      list.push(r);
      console.log(`round ${round}: ${n} CPU${n > 1 ? 's' : ''} (taskset -c ${cpus}, --concurrency ${n}): ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, ${rateOf(count, r.wall)} records/s, peak RSS ${MB(r.peak)}`);
    }
  }
  const fastest = (l) => l.reduce((a, b) => (b.wall < a.wall ? b : a));
  const [a, b] = [fastest(one), fastest(two)];
  console.log(`two CPUs against one (fastest of ${rounds} each): ${a.wall.toFixed(1)} s → ${b.wall.toFixed(1)} s = ${(a.wall / b.wall).toFixed(2)}× (goal ≥ 1.8×); CPU ${a.cpu.toFixed(1)} s and ${b.cpu.toFixed(1)} s`);
}

(async () => {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(extract)) {
    const g = spawnSync(bin, ['generate', '--count', String(count), '--year', '2025', '--seed', '1', '--out', extract], { env, stdio: 'inherit' });
    if (g.status !== 0) process.exit(g.status || 1);
  }
  console.log(`${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at start; ${count} records`);
  const tunables = process.env.GLIBC_TUNABLES;
  console.log(`malloc: ${tunables === undefined ? "the launcher's (glibc arena_max=2, mmap_threshold=131072)" : tunables ? `GLIBC_TUNABLES=${tunables}` : "glibc's defaults (GLIBC_TUNABLES empty)"}`);
  const stamp = Date.now();
  if (perCore || cores) {
    if (perCore) await perCoreComparison(stamp);
    if (cores) await coresComparison(stamp);
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
    return;
  }
  if (workersOnly) {
    const q = [];
    for (const n of [1, 2]) {
      const runId = `bench-queue${n}-${stamp}`;
      const r = await queueRun(n, runId);
      const { statements } = statementsOf(path.join(dir, runId));
      q.push(r);
      console.log(`BullMQ, ${n} worker${n > 1 ? 's' : ''}: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, ${rateOf(count, r.wall)} records/s, ${statements} statements; peak RSS run ${MB(r.peak)}, worker${n > 1 ? 's' : ''} ${r.workerPeaks.map(MB).join(', ')}`);
      console.log(`  ${phasesOf(path.join(dir, runId))}`);
      rmSync(path.join(dir, runId), { recursive: true, force: true });
    }
    console.log(`2 workers against 1${pin ? ' (each pinned to a CPU of its own)' : ''}: ${q[0].wall.toFixed(1)} s → ${q[1].wall.toFixed(1)} s = ${(q[0].wall / q[1].wall).toFixed(2)}× (goal ≥ 1.8×)`);
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
    return;
  }
  const rows = [];

  const inProc = `bench-inproc-${stamp}`;
  const a = await timed(['run', '--extract', extract, '--ticket', ticket, '--out', dir, '--run-id', inProc, '--concurrency', threads]);
  const s = statementsOf(path.join(dir, inProc));
  rows.push({ what: `in-process, ${threads} render threads`, cores: Number(threads), wall: a.wall, cpu: a.cpu, statements: s.statements, rss: `run ${MB(a.peak)}` });
  console.log(`statements ${s.statements} in ${s.packages} packages`);

  const rr = renderRate(path.join(dir, inProc));
  const rate = rr.pieces / rr.wall;
  const cpuRate = rr.pieces / rr.cpu;
  console.log(`single-core render rate (one CPU, all ${rr.parts} parts of the run): ${rr.pieces} statements + envelopes in ${rr.wall.toFixed(1)} s wall (${rr.cpu.toFixed(1)} s CPU) = ${rate.toFixed(0)}/s wall, ${cpuRate.toFixed(0)}/s CPU`);
  // with every core busy a run's rate per core is at most render CPU / (render CPU + everything else);
  // the ingest is the largest part of everything else
  const ing = await ingestAlone(path.join(dir, inProc));
  console.log(
    `ingest alone (same extract and settings): ${ing.wall.toFixed(1)} s wall, ${ing.cpu.toFixed(1)} s CPU = ${((ing.cpu / rr.cpu) * 100).toFixed(0)}% of the render's CPU; ` +
      `so at most ${((rr.cpu / (rr.cpu + ing.cpu)) * 100).toFixed(0)}% of the render rate per core, before packaging`,
  );

  if (!skipQueue) {
    for (const n of [1, 2]) {
      const runId = `bench-queue${n}-${stamp}`;
      const q = await queueRun(n, runId);
      const qs = statementsOf(path.join(dir, runId));
      rows.push({ what: `BullMQ, ${n} worker process${n > 1 ? 'es' : ''} (--concurrency 1)`, cores: n, wall: q.wall, cpu: q.cpu, statements: qs.statements, rss: `run ${MB(q.peak)}; worker${n > 1 ? 's' : ''} ${q.workerPeaks.map(MB).join(', ')}` });
    }
  }
  for (const r of rows) {
    const perSec = r.statements / r.wall;
    const perCpu = r.statements / r.cpu;
    console.log(
      `${r.what}: wall ${r.wall.toFixed(1)} s, ${perSec.toFixed(0)} statements/s (${((perSec / r.cores / rate) * 100).toFixed(0)}% of the wall render rate per core); ` +
        `CPU ${r.cpu.toFixed(0)} s, ${perCpu.toFixed(0)} statements per CPU-second (${((perCpu / cpuRate) * 100).toFixed(0)}% of the render rate per CPU-second: ` +
        `rendering alone would take ${(r.statements / cpuRate).toFixed(0)} s of it); peak RSS ${r.rss}`,
    );
  }
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
  for (const r of [inProc, `bench-queue1-${stamp}`, `bench-queue2-${stamp}`]) rmSync(path.join(dir, r), { recursive: true, force: true });
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
