#!/usr/bin/env node
/**
 * bench/serve: `siprint serve` lookups against an N-piece run's verification index, over loopback, with
 * autocannon; and, for comparison, the archive scan `verify-code` did before the index (read every
 * archive part, parse every line, compare the code).
 *
 * The run is synthesized, not a full `siprint run` (10^6 statements would take hours on a small box):
 * archive/<part>.jsonl.gz files holding the fields the index reads (piece ID, batch, record ID, name,
 * ssn, agency, code), a run.json, then the real index writer (writeCodeIndex, as finalize calls it).
 * The server runs in a child process (its own event loop); autocannon here asks for random valid codes,
 * a tenth of them changed (未找到 404), the JSON route and the page alternating.
 * Needs `npm run build` first.
 * Usage: node bench/serve.js [--pieces 1000000] [--seconds 10] [--connections 10] [--scans 3] [--keep DIR]
 */
'use strict';
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const autocannon = require('autocannon');

const root = path.resolve(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const pieces = Number(opt('pieces', 1_000_000));
const seconds = Number(opt('seconds', 10));
const connections = Number(opt('connections', 10));
const scans = Number(opt('scans', 3));
const keep = opt('keep', undefined);
const PER_PART = 5000;
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const codeOf = (i) => {
  const h = createHash('sha256').update(`bench-${i}`).digest();
  let s = '';
  for (let k = 0; k < 16; k++) s += B32[h[k] & 31];
  return s;
};

async function synthesize(runDir) {
  fs.mkdirSync(path.join(runDir, 'archive'), { recursive: true });
  fs.writeFileSync(
    path.join(runDir, 'run.json'),
    JSON.stringify({ format: 'siprint-run-config/1', runId: 'BENCH', year: 2025, mode: 'annual', extract: '/dev/null', encoding: 'utf8', printDate: '2026-01-15', piecesPerFile: PER_PART, leadDays: 15, postagePermit: '', verificationKeyId: '0'.repeat(16), deadline: '2026-03-31', handoffBy: '2026-03-16' }),
  );
  const agency = { code: '110105', name: '北京市朝阳区社会保险事业管理中心', address: '北京市朝阳区工体北路1号', postcode: '100020', phone: '12333' };
  for (let p = 0; p * PER_PART < pieces; p++) {
    const lines = [];
    for (let i = p * PER_PART; i < Math.min(pieces, (p + 1) * PER_PART); i++) {
      const n = String(i + 1).padStart(8, '0');
      const record = { recordId: `E-${n}`, person: { name: `王${'一二三四五六七八九'[i % 9]}明`, ssn: `11010519800315${n.slice(-4)}` }, agency };
      lines.push(JSON.stringify({ pieceId: `E${n}`, batch: 'E', part: p + 1, seq: (i % PER_PART) + 1, record, verificationCode: codeOf(i) }));
    }
    fs.writeFileSync(path.join(runDir, 'archive', `E-${String(p + 1).padStart(4, '0')}.jsonl.gz`), zlib.gzipSync(`${lines.join('\n')}\n`, { level: 1 }));
  }
  const t0 = Date.now();
  const meta = await dist('run-dir/code-index').writeCodeIndex(runDir, 'BENCH', (partId) => `BENCH-${partId}.zip`);
  return { indexMs: Date.now() - t0, meta };
}

/** What verify-code did before the index: every archive line parsed until the code turns up (here: a code not there, the worst and the 未找到 case). */
async function archiveScan(runDir, code) {
  const { readArchive } = dist('run-dir/archive');
  const t0 = process.hrtime.bigint();
  let seen = 0;
  for await (const a of readArchive(runDir)) {
    seen++;
    if (a.verificationCode === code) break;
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, seen };
}

function startServer(runs) {
  const script = `const { startServe } = require(${JSON.stringify(path.join(root, 'dist/serve'))});
startServe({ runs: ${JSON.stringify(runs)}, port: 0, ratePerMinute: 1e9, accessLog: () => {} }).then((s) => process.stdout.write(s.url + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve({ child, url: String(d).trim() }));
    child.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

async function main() {
  const tmp = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'siprint-bench-serve-'));
  const runs = path.join(tmp, 'runs');
  const runDir = path.join(runs, 'BENCH');
  let built = { indexMs: 0 };
  if (!fs.existsSync(path.join(runDir, 'index', 'codes.bin'))) {
    const t0 = Date.now();
    built = await synthesize(runDir);
    process.stderr.write(`synthesized ${pieces} pieces in ${((Date.now() - t0) / 1000).toFixed(1)} s (index writer ${(built.indexMs / 1000).toFixed(1)} s)\n`);
  }
  const codes = Array.from({ length: 10_000 }, (_, k) => codeOf(Math.floor((k * 7919.123) % pieces)));
  const { child, url } = await startServer(runs);
  try {
    let k = 0;
    const result = await autocannon({
      url,
      connections,
      duration: seconds,
      requests: [
        {
          setupRequest: (req) => {
            k++;
            let code = codes[k % codes.length];
            if (k % 10 === 0) code = `${code.slice(0, 15)}${code[15] === 'A' ? 'B' : 'A'}`;
            return { ...req, path: k % 2 ? `/api/v1/verify/${code}` : `/v/${code}` };
          },
        },
      ],
    });
    const statuses = { '2xx': result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts };
    const scan = [];
    for (let i = 0; i < scans; i++) scan.push(await archiveScan(runDir, 'AAAAAAAAAAAAAAAA'));
    const out = {
      pieces,
      node: process.version,
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
      index: { codesBytes: fs.statSync(path.join(runDir, 'index', 'codes.bin')).size, piecesBytes: fs.statSync(path.join(runDir, 'index', 'pieces.jsonl')).size, writeMs: built.indexMs || undefined },
      http: { connections, seconds, requests: result.requests.total, reqPerSec: result.requests.average, latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max }, statuses },
      archiveScan: { lookups: scan.length, msEach: scan.map((s) => Math.round(s.ms)), linesRead: scan[0]?.seen },
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    child.kill('SIGTERM');
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench/serve: ${err.message}\n`);
  process.exit(1);
});
