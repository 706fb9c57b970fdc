#!/usr/bin/env node
'use strict';
// Benchmark: stream a generated extract through `check` as the CLI runs it (validateExtract with the
// renderer's printability check + counting), one process, one core. Prints records/s and peak RSS for
// 100k and 1M records (RSS should stay flat).
// Usage: npm run build && node bench/check.js [--compare] [counts...]   (default: 100000 1000000)
// --compare also runs check without the printability check and with the full-layout reference
// (renderer.printableFull), to show what the printability check costs.
// The extracts are generated once into $BENCH_DIR (default: the OS temp dir) and reused.
const { spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');

async function child(file, mode) {
  const { runCheck } = require(path.join(dist, 'cli', 'check.js'));
  const { createRenderer } = require(path.join(dist, 'render', 'index.js'));
  const { loadRenderAssets, loadPostcodeTable } = require(path.join(dist, 'assets'));
  const opts = { year: 2025 };
  // the postcode prefix table (issue 17); a build from before it has none
  if (loadPostcodeTable) opts.postcodes = loadPostcodeTable().table;
  if (mode !== 'none') {
    const renderer = createRenderer(loadRenderAssets());
    opts.printable = mode === 'full' ? renderer.printableFull : renderer.printable;
  }
  const t0 = process.hrtime.bigint();
  const s = await runCheck(file, opts);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage();
  process.stdout.write(
    JSON.stringify({
      records: s.input,
      seconds,
      recordsPerSec: Math.round(s.input / seconds),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }) + '\n',
  );
}

/** The floor for any JSONL checker on this machine: split lines and JSON.parse each, nothing else. */
async function baseline(file) {
  const { createReadStream } = require('node:fs');
  const t0 = process.hrtime.bigint();
  let rest = '';
  let n = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop();
    for (const l of parts) {
      try {
        JSON.parse(l);
      } catch {
        // the generated faults include cut-off lines
      }
      n++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(JSON.stringify({ records: n, seconds, recordsPerSec: Math.round(n / seconds) }) + '\n');
}

async function main() {
  if (process.argv[2] === '--child') return child(process.argv[3], process.argv[4]);
  if (process.argv[2] === '--baseline') return baseline(process.argv[3]);
  const compare = process.argv.includes('--compare');
  const counts = process.argv.slice(2).filter((a) => a !== '--compare').map(Number);
  const dir = process.env.BENCH_DIR || os.tmpdir();
  const { generateExtract } = require(path.join(dist, 'generate', 'generate.js'));
  console.log(`node ${process.version}, ${os.cpus()[0].model}, load ${os.loadavg()[0].toFixed(1)}`);
  for (const count of counts.length ? counts : [100_000, 1_000_000]) {
    const file = path.join(dir, `siprint-bench-${count}.jsonl`);
    if (!existsSync(file)) {
      const t0 = Date.now();
      await generateExtract(file, { count, year: 2025, seed: 'bench', format: 'jsonl', encoding: 'utf8', faults: 0.01 });
      console.log(`generate ${count}: ${((Date.now() - t0) / 1000).toFixed(1)} s, ${Math.round(count / ((Date.now() - t0) / 1000))} records/s`);
    }
    const b = JSON.parse(spawnSync(process.execPath, [__filename, '--baseline', file], { encoding: 'utf8' }).stdout);
    console.log(`baseline ${count}: split + JSON.parse only, ${b.recordsPerSec} records/s`);
    for (const mode of compare ? ['none', 'fast', 'full'] : ['fast']) {
      const r = spawnSync(process.execPath, [__filename, '--child', file, mode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status !== 0) throw new Error(`check child failed with status ${r.status}`);
      const m = JSON.parse(r.stdout);
      const label = { none: 'without printability', fast: 'printable', full: 'printableFull (reference)' }[mode];
      console.log(
        `check ${count} records (${(statSync(file).size / 1e6).toFixed(0)} MB), ${label}: ${m.seconds.toFixed(1)} s wall, ${m.cpuSeconds.toFixed(1)} s CPU, ` +
          `${m.recordsPerSec} records/s, peak RSS ${m.peakRssMB} MB`,
      );
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
