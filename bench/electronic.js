#!/usr/bin/env node
/**
 * bench/electronic: what an electronic statement (one PDF per person, docs/delivery.md §7) costs against
 * the same statements in one PDF (a print part), on one core, in the same process, alternating:
 *   one  — renderer.writeStatements(part): one PDF, fonts subset and fixed parts drawn once per part
 *   each — renderer.writeElectronic(part): a PDF per piece, each with its own font subset
 * The statements are a generated extract's (`siprint generate`), judged as the run's ingest judges
 * them. CPU time of this process per round; the best round of each. Needs `npm run build` first.
 * Usage: node bench/electronic.js [--count 1000] [--rounds 5]
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const count = opt('count', 1000);
const rounds = opt('rounds', 5);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function pieces() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siprint-bench-el-'));
  const file = path.join(dir, 'x.jsonl');
  execFileSync(path.join(root, 'bin/siprint'), ['generate', '--count', String(Math.ceil(count * 1.2)), '--year', '2025', '--seed', '20', '--out', file], { stdio: 'ignore' });
  const { validateExtract } = dist('extract');
  const { recipientOf } = dist('domain/presort');
  const { loadPostcodeTable } = dist('assets');
  const out = [];
  for await (const item of validateExtract(file, { year: 2025, tmpDir: dir, postcodes: loadPostcodeTable(root).table })) {
    if (item.type !== 'record' || item.record.kind !== 'employee' || out.length >= count) continue;
    const seq = out.length + 1;
    out.push({ pieceId: `E${String(seq).padStart(8, '0')}`, batch: 'E', part: 1, seq, record: item.record, recipient: recipientOf(item.record, 2025) });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

async function main() {
  const { loadRenderAssets } = dist('assets');
  const { createRenderer } = dist('render');
  const renderer = createRenderer(loadRenderAssets(root));
  const part = await pieces();
  const ctx = { runId: 'BENCH', year: 2025, printDate: '2026-01-15', verificationKey: 'bench-key-0123456789' };
  const ways = {
    one: () => {
      let bytes = 0;
      renderer.writeStatements(part, ctx, (c) => (bytes += c.length));
      return bytes;
    },
    each: () => {
      let bytes = 0;
      renderer.writeElectronic(part, ctx, (_p, pdf) => (bytes += pdf.length));
      return bytes;
    },
  };
  ways.one();
  ways.each(); // warm-up: fonts' tables, JIT
  const best = { one: Infinity, each: Infinity };
  const size = {};
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 ? ['each', 'one'] : ['one', 'each']) {
      const t0 = cpu();
      size[name] = ways[name]();
      const ms = cpu() - t0;
      best[name] = Math.min(best[name], ms);
      process.stderr.write(`round ${r + 1} ${name}: ${ms.toFixed(0)} ms CPU\n`);
    }
  }
  const rate = (ms) => Math.round((part.length * 1000) / ms);
  console.log(`${part.length} employee statements, best of ${rounds} rounds (CPU time of one core)`);
  console.log(`one PDF:        ${best.one.toFixed(0)} ms, ${rate(best.one)} statements/s, ${(size.one / part.length / 1024).toFixed(1)} KB a statement`);
  console.log(`a PDF each:     ${best.each.toFixed(0)} ms, ${rate(best.each)} statements/s, ${(size.each / part.length / 1024).toFixed(1)} KB a statement`);
  console.log(`ratio each/one: ${(best.each / best.one).toFixed(2)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
