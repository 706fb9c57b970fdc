#!/usr/bin/env node
'use strict';
// The sharded ingest's serial merge alone: a run prepared up to the merge (plan, keys, duplicates and
// judge stages of EXTRACT in RANGES ranges, kept in WORK for the next call), then mergeStage timed
// ROUNDS times, each on a fresh copy of it; prints wall and CPU ms (CPU: every thread of the process,
// zlib's included) and a digest of the ingest's outputs (the parts, archive, state/ingest.json).
// DIST: the build to time (default this tree's dist/); WORK must be prepared by the same build.
//   npm run build && node bench/merge.js /tmp/ex50k.jsonl /tmp/merge-bench 4 3 [DIST]
const { cpSync, existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { createHash } = require('node:crypto');
const path = require('node:path');

const [extract, work, rangesArg = '4', roundsArg = '3', dist = path.join(__dirname, '..', 'dist')] = process.argv.slice(2);
if (!extract || !work) {
  console.error('usage: node bench/merge.js EXTRACT WORK [RANGES] [ROUNDS] [DIST]');
  process.exit(2);
}
const { initRun, resolveRunConfig, planIngest, pendingShards, keysStage, duplicatesStage, judgeRangeStage, mergeStage } = require(path.resolve(dist, 'pipeline'));
const KEY = 'bench-merge-verification-key-0001';
const opts = { verificationKey: KEY, now: () => new Date('2026-01-20T02:00:00Z') };
const prepared = path.join(work, 'prepared', 'MERGE');

async function prepare() {
  const config = resolveRunConfig({ year: 2025, extract, runId: 'MERGE', ingestRanges: rangesArg, postagePermit: '京邮资许可证第2025-0107号', env: { SIPRINT_VERIFY_KEY: KEY }, now: new Date('2026-01-15T00:00:00Z') });
  const runDir = await initRun(path.join(work, 'prepared'), config, { resume: false });
  if (!(await planIngest(runDir, opts))) throw new Error('the extract is one range: nothing to merge');
  for (let next = await pendingShards(runDir); next; next = await pendingShards(runDir)) {
    for (const i of next.indexes) {
      if (next.layer === 'keys') await keysStage(runDir, i, opts);
      else if (next.layer === 'duplicates') await duplicatesStage(runDir, i);
      else await judgeRangeStage(runDir, i, opts);
    }
  }
}

function digest(runDir) {
  const h = createHash('sha256');
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const files = ['state/ingest.json', ...['parts', 'archive'].flatMap((d) => walk(path.join(runDir, d)).map((f) => path.relative(runDir, f)))].sort();
  for (const f of files) h.update(f).update(readFileSync(path.join(runDir, f)));
  return `${files.length} files ${h.digest('hex').slice(0, 16)}`;
}

(async () => {
  if (!existsSync(prepared)) {
    const t0 = Date.now();
    await prepare();
    console.log(`prepared ${prepared} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  for (let round = 1; round <= Number(roundsArg); round++) {
    const runDir = path.join(work, `round-${process.pid}`, 'MERGE');
    rmSync(path.dirname(runDir), { recursive: true, force: true });
    cpSync(prepared, runDir, { recursive: true });
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const state = await mergeStage(runDir, opts);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    console.log(`merge ${round}: ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU, ${state.parts.length} parts, ${digest(runDir)}, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    rmSync(path.dirname(runDir), { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
