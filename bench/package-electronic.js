#!/usr/bin/env node
'use strict';
// Packaging one electronic part of a finished run again (the package stage alone): wall, CPU and this
// process's peak RSS, and that the ZIP has the same SHA-256 as before. Repackages in place: use a run
// you can spare (or a copy). To compare two builds, give each its dist/.
//   npm run build && node bench/package-electronic.js RUN_DIR [EL-PART-ID] [rounds=3] [DIST=dist]
const { readFileSync, readdirSync, rmSync } = require('node:fs');
const path = require('node:path');

const [runDir, partArg, roundsArg, distArg] = process.argv.slice(2);
if (!runDir) {
  process.stderr.write('usage: node bench/package-electronic.js RUN_DIR [EL-PART-ID] [rounds=3] [DIST=dist]\n');
  process.exit(2);
}
const dist = path.resolve(distArg || path.join(__dirname, '..', 'dist'));
const { packagePartStage } = require(path.join(dist, 'pipeline', 'package-stage'));
const { partPaths } = require(path.join(dist, 'run-dir', 'paths'));
const partId = partArg || readdirSync(path.join(runDir, 'parts')).find((d) => d.startsWith('EL-'));
const peakMb = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);

(async () => {
  const pp = partPaths(runDir, partId);
  const pieces = JSON.parse(readFileSync(pp.rendered, 'utf8')).pdfs.length;
  console.log(`${partId}: ${pieces} PDFs; before packaging, peak RSS ${peakMb()} MB`);
  for (let round = 1; round <= Number(roundsArg || 3); round++) {
    const before = JSON.parse(readFileSync(pp.packaged, 'utf8'));
    rmSync(pp.packaged);
    rmSync(path.join(runDir, before.path));
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    await packagePartStage(runDir, partId);
    const cpu = process.cpuUsage(cpu0);
    const same = JSON.parse(readFileSync(pp.packaged, 'utf8')).sha256 === before.sha256;
    console.log(`round ${round}: ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU, peak RSS ${peakMb()} MB, same bytes: ${same}`);
    if (!same) process.exitCode = 1;
  }
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
