#!/usr/bin/env node
'use strict';
// Packaging one printed part of a finished run again (the package stage alone): wall, CPU and this
// process's peak RSS per round, and the package's SHA-256 against the run's. Works on a copy of what
// the stage reads (run.json, audit.jsonl, the part's rendered files, marker and archive), so the run is left
// as it was. --key FILE: encrypt to that armored public key (the copy's run config gets it; the
// sealed bytes then differ every round). To compare two builds, give each its dist/.
//   npm run build && node bench/package-part.js RUN_DIR [PART-ID] [rounds=3] [DIST=dist] [--key FILE]
const { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
const keyAt = args.indexOf('--key');
const keyFile = keyAt >= 0 ? args.splice(keyAt, 2)[1] : undefined;
const [runDir, partArg, roundsArg, distArg] = args;
if (!runDir) {
  process.stderr.write('usage: node bench/package-part.js RUN_DIR [PART-ID] [rounds=3] [DIST=dist] [--key FILE]\n');
  process.exit(2);
}
const dist = path.resolve(distArg || path.join(__dirname, '..', 'dist'));
const { packagePartStage } = require(path.join(dist, 'pipeline', 'package-stage'));
const { partPaths } = require(path.join(dist, 'run-dir', 'paths'));
const partId = partArg || readdirSync(path.join(runDir, 'parts')).find((d) => /^[A-Z]+-\d+$/.test(d) && !d.startsWith('EL-'));
const status = () => readFileSync('/proc/self/status', 'utf8');
const peakMb = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(status())[1]) / 1024);
// writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0): a peak per round
const resetPeak = () => writeFileSync('/proc/self/clear_refs', '5');

(async () => {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'siprint-package-part-'));
  try {
    const config = JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8'));
    if (keyFile) config.printHousePublicKey = readFileSync(keyFile, 'utf8');
    writeFileSync(path.join(copy, 'run.json'), JSON.stringify(config, null, 2));
    cpSync(path.join(runDir, 'audit.jsonl'), path.join(copy, 'audit.jsonl'));
    cpSync(path.join(runDir, 'parts', partId), path.join(copy, 'parts', partId), { recursive: true });
    // the part's archive (the stage of an older build wrote the part's index share from it)
    cpSync(path.join(runDir, 'archive', `${partId}.jsonl.gz`), path.join(copy, 'archive', `${partId}.jsonl.gz`));
    mkdirSync(path.join(copy, 'print'), { mode: 0o700 });
    const pp = partPaths(copy, partId);
    const original = JSON.parse(readFileSync(pp.packaged, 'utf8'));
    const rendered = JSON.parse(readFileSync(pp.rendered, 'utf8'));
    const mb = (n) => (n / 1048576).toFixed(1);
    console.log(`${partId}: ${rendered.pieces} pieces, statements.pdf ${mb(rendered.statements.bytes)} MB, envelopes.pdf ${mb(rendered.envelopes.bytes)} MB, mailing.csv ${mb(rendered.mailing.bytes)} MB${keyFile ? ', encrypted' : ''}; RSS before ${peakMb()} MB`);
    rmSync(pp.packaged);
    for (let round = 1; round <= Number(roundsArg || 3); round++) {
      global.gc?.();
      resetPeak();
      const t0 = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      await packagePartStage(copy, partId);
      const cpu = process.cpuUsage(cpu0);
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      const peak = peakMb();
      const sealed = JSON.parse(readFileSync(pp.packaged, 'utf8'));
      const same = keyFile ? 'encrypted (differs by design)' : String(sealed.sha256 === original.sha256);
      console.log(`round ${round}: ${wall.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU, peak RSS ${peak} MB, same bytes as the run: ${same}`);
      if (!keyFile && sealed.sha256 !== original.sha256) process.exitCode = 1;
      rmSync(pp.packaged);
      rmSync(path.join(copy, sealed.path));
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
