#!/usr/bin/env node
'use strict';
// Presort memory: N synthetic pieces (record-sized JSON, ~1.5 KB) through the external merge sort that
// ingest uses; prints wall time and peak RSS. `npm run build && node bench/run-sort.js 1000000`
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { externalSort } = require('../dist/pipeline/external-sort.js');

const n = Number(process.argv[2] || 200000);
const chunkSize = Number(process.argv[3] || 20000);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-bench-sort-'));
const filler = '某'.repeat(400);

async function* pieces() {
  for (let i = 0; i < n; i++) {
    const postcode = String(100000 + ((i * 7919) % 899999));
    yield {
      pieceId: '', batch: i % 3 ? 'E' : 'R', part: 0, seq: 0,
      recipient: { role: 'self', name: '张伟', address: { postcode, province: '北京市', line: `建国路${i % 1000}号` } },
      record: { recordId: `R${String(i).padStart(9, '0')}`, filler },
    };
    if ((i & 4095) === 0) await new Promise((r) => setImmediate(r));
  }
}
const cmp = (a, b) =>
  (a.batch < b.batch ? -1 : a.batch > b.batch ? 1 : 0) ||
  (a.recipient.address.postcode < b.recipient.address.postcode ? -1 : a.recipient.address.postcode > b.recipient.address.postcode ? 1 : 0) ||
  (a.record.recordId < b.record.recordId ? -1 : 1);

(async () => {
  const t0 = Date.now();
  let count = 0;
  let prev;
  for await (const p of externalSort(pieces(), cmp, { tmpDir: tmp, chunkSize })) {
    if (prev && cmp(prev, p) > 0) throw new Error(`out of order at ${count}`);
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
