#!/usr/bin/env node
'use strict';
// Presort memory: N synthetic pieces (a key and record-sized JSON, ~1.5 KB) through the external merge sort that
// ingest uses; prints wall time and peak RSS. `npm run build && node bench/run-sort.js 1000000`
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { externalSort } = require('../dist/pipeline/external-sort.js');

const n = Number(process.argv[2] || 200000);
const chunkSize = Number(process.argv[3] || 20000);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-bench-sort-'));
const filler = '某'.repeat(400);

// what ingest sorts: the key (batch, postcode, recordId here) and the piece's text
async function* pieces() {
  for (let i = 0; i < n; i++) {
    const postcode = String(100000 + ((i * 7919) % 899999));
    const recordId = `R${String(i).padStart(9, '0')}`;
    const batch = i % 3 ? 'E' : 'R';
    const body = JSON.stringify({
      record: { recordId, filler },
      recipient: { role: 'self', name: '张伟', address: { postcode, province: '北京市', line: `建国路${i % 1000}号` } },
    });
    yield { key: `${batch}\0\0${postcode}\0\0${recordId}`, text: Buffer.from(`${batch}\t\tcode\t${body.slice(1, -1)}`) };
    if ((i & 4095) === 0) await new Promise((r) => setImmediate(r));
  }
}

(async () => {
  const t0 = Date.now();
  let count = 0;
  let prev;
  for await (const p of externalSort(pieces(), { tmpDir: tmp, chunkSize })) {
    if (prev && prev.key > p.key) throw new Error(`out of order at ${count}`);
    prev = p;
    count++;
  }
  const s = (Date.now() - t0) / 1000;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`sorted ${count} pieces (chunk ${chunkSize}) in ${s.toFixed(1)} s (${Math.round(count / s)}/s), peak RSS ${rss.toFixed(0)} MB`);
  rmSync(tmp, { recursive: true, force: true });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
