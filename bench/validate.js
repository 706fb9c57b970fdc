#!/usr/bin/env node
'use strict';
// validateRecord (extract/schema) alone over every line of a JSONL extract, in this process: CPU ms of
// each of `passes` passes, µs a record (best pass) and a digest of the verdicts (equal digests: the same
// verdicts). Give two builds to compare them in turns (each in its own process, `rounds` times).
//   node bench/validate.js EXTRACT [passes=5] [rounds=3] [DIST…]   (default DIST: this tree's dist/)
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
if (process.argv[2] === '--child') {
  const [, , , dist, file, passes] = process.argv;
  const fs = require('node:fs');
  const crypto = require('node:crypto');
  const { validateRecord } = require(path.join(dist, 'extract', 'schema'));
  const { loadPostcodeTable } = require(path.join(dist, 'assets'));
  const postcodes = loadPostcodeTable(root).table;
  const raws = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const ms = [];
  let digest = '';
  for (let p = 0; p < Number(passes); p++) {
    const c0 = process.cpuUsage();
    const out = raws.map((r, i) => validateRecord(r, i + 1, 2025, 'json', postcodes, 'home'));
    const c = process.cpuUsage(c0);
    ms.push(Math.round((c.user + c.system) / 1000));
    const h = crypto.createHash('sha256');
    for (const v of out) h.update(JSON.stringify(v));
    digest = h.digest('hex').slice(0, 16);
  }
  console.log(JSON.stringify({ records: raws.length, cpuMsPerPass: ms, usPerRecord: +((Math.min(...ms) * 1000) / raws.length).toFixed(1), digest }));
} else {
  const [file, passes = '5', rounds = '3', ...dists] = process.argv.slice(2);
  if (!file) throw new Error('usage: node bench/validate.js EXTRACT [passes] [rounds] [DIST…]');
  for (let r = 1; r <= Number(rounds); r++) {
    for (const dist of dists.length ? dists : [path.join(root, 'dist')]) {
      const out = execFileSync(process.execPath, [__filename, '--child', path.resolve(dist), path.resolve(file), passes], { encoding: 'utf8' });
      console.log(`round ${r} ${dist}: ${out.trim()}`);
    }
  }
}
