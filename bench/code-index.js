#!/usr/bin/env node
'use strict';
// The verification index of a finished run, written as finalize writes it: from the parts' shares that
// the render jobs leave (tmp/index/<partId>.bin), and from the archive alone (as before the shares),
// in turns; wall, CPU, and the shares' own cost (made here from the archive; the render jobs, spread
// over the workers, make them from the pieces in hand, for less). The
// run's archive is copied to a scratch run directory (not sealed), so the run itself is not touched.
//   npm run build && node bench/code-index.js RUN_DIR [rounds=3]
const { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { writeCodeIndex, writePartIndex } = require('../dist/run-dir/code-index');
const { partPaths } = require('../dist/run-dir/paths');

const [runDir, roundsArg] = process.argv.slice(2);
if (!runDir) {
  process.stderr.write('usage: node bench/code-index.js RUN_DIR [rounds=3]\n');
  process.exit(2);
}
const timed = async (fn) => {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await fn();
  const cpu = process.cpuUsage(cpu0);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
};
const fmt = (t) => `${t.ms.toFixed(0)} ms wall, ${t.cpuMs.toFixed(0)} ms CPU`;

(async () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'siprint-bench-index-'));
  const dir = path.join(scratch, path.basename(path.resolve(runDir)));
  try {
    cpSync(path.join(runDir, 'archive'), path.join(dir, 'archive'), { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8'));
    const parts = readdirSync(path.join(dir, 'archive')).filter((f) => f.endsWith('.jsonl.gz')).map((f) => f.slice(0, -'.jsonl.gz'.length));
    // as finalize names them: from each part's package marker
    const packages = new Map(parts.map((partId) => [partId, path.basename(JSON.parse(readFileSync(partPaths(runDir, partId).packaged, 'utf8')).path)]));
    const packageOf = (partId) => packages.get(partId);
    const sha = (f) => require('node:crypto').createHash('sha256').update(readFileSync(path.join(dir, 'index', f))).digest('hex');
    let reference;
    for (let round = 1; round <= Number(roundsArg || 3); round++) {
      rmSync(path.join(dir, 'tmp'), { recursive: true, force: true });
      const alone = await timed(() => writeCodeIndex(dir, manifest.runId, packageOf));
      reference ??= [sha('codes.bin'), sha('pieces.jsonl')];
      const shares = await timed(async () => {
        for (const partId of parts) await writePartIndex(dir, partId, packageOf(partId));
      });
      const joined = await timed(() => writeCodeIndex(dir, manifest.runId, packageOf));
      const same = sha('codes.bin') === reference[0] && sha('pieces.jsonl') === reference[1];
      console.log(`round ${round}, ${parts.length} parts: from the archive ${fmt(alone)}; from the shares ${fmt(joined)} (the shares themselves, from the archive: ${fmt(shares)}); same bytes: ${same}`);
      if (!same) process.exitCode = 1;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
