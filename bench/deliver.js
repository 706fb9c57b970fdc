#!/usr/bin/env node
'use strict';
// Delivery throughput to loopback: the packages of a real run sent by `siprint deliver` (ssh2-sftp-client,
// parallel writes) against `scp` of the same files (OpenSSH's client; SFTP protocol, as scp is since 9.0),
// to the same sshd (test/delivery/sshd.ts: a throwaway user, internal-sftp), alternating, ROUNDS times each,
// a fresh remote directory every time. The run is generated once and kept in bench/results/deliver-COUNT/.
//   npm run build && node bench/deliver.js [count=104000] [rounds=3]     (as root: it starts sshd)
// 104,000 records give ≈ 100,000 statements (≈ 96% of a generated extract without faults is printed).
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, chownSync, statSync, rmSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.join(__dirname, '..');
const [count = 104000, rounds = 3] = process.argv.slice(2).map(Number);
const dir = path.join(root, 'bench', 'results', `deliver-${count}`);
const bin = path.join(root, 'bin', 'siprint');
const env = { ...process.env, REDIS_URL: '', SIPRINT_VERIFY_KEY: process.env.SIPRINT_VERIFY_KEY || 'bench-only-verification-key-000', USER: 'bench' };

/** The tests' sshd harness, compiled from TypeScript on the fly (bench/ is plain node). */
function requireTs(file) {
  const { code } = swc.transformFileSync(file, { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m._compile(code, file);
  return m.exports;
}

/** Wall time and the client's CPU time (user + system, its children included: scp's ssh) of one command. */
function run(cmd, args) {
  const cpuFile = path.join(dir, 'cpu.txt');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, cmd, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args[0]} exited ${r.status}: ${r.stderr}`);
  const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { s: Number(process.hrtime.bigint() - t0) / 1e9, cpu: user + sys, stdout: r.stdout };
}

(async () => {
  const runDir = path.join(dir, 'bench');
  if (!existsSync(path.join(runDir, 'state', 'finalized.json'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const extract = path.join(dir, 'extract.jsonl');
    run(bin, ['generate', '--count', String(count), '--year', '2025', '--seed', 'bench-deliver', '--out', extract]);
    const r = run(bin, ['run', '--extract', extract, '--ticket', path.join(root, 'jobs', 'annual-2025.json'), '--out', dir, '--run-id', 'bench']);
    process.stdout.write(`run of ${count} records: ${r.s.toFixed(0)} s\n`);
  }
  const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8'));
  const files = manifest.packages.map((p) => path.join(runDir, p.path));
  const bytes = manifest.packages.reduce((a, p) => a + p.bytes, 0);
  const MB = bytes / 1048576;
  process.stdout.write(`${manifest.counts.printed} statements in ${files.length} packages, ${MB.toFixed(1)} MB\n`);

  const { startSshd } = requireTs(path.join(root, 'test', 'delivery', 'sshd.ts'));
  const sshd = await startSshd();
  const owner = statSync(sshd.inbox);
  const fresh = (name) => {
    const d = path.join(sshd.inbox, name);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d);
    chownSync(d, owner.uid, owner.gid);
    return d;
  };
  const results = { deliver: [], scp: [], deliverCpu: [], scpCpu: [], idle: [] };
  try {
    for (let i = 0; i < rounds; i++) {
      fresh('d');
      rmSync(path.join(runDir, 'delivery'), { recursive: true, force: true }); // a first delivery each time
      const d = run(bin, ['deliver', runDir, '--to', `${sshd.url}/d`, '--identity', sshd.identity, '--known-hosts', sshd.knownHosts]);
      results.deliver.push(MB / d.s);
      results.deliverCpu.push(d.cpu);
      // the same command with nothing left to send: start-up, the run's files, the report — no upload
      results.idle.push(run(bin, ['deliver', runDir, '--to', `${sshd.url}/d`, '--identity', sshd.identity, '--known-hosts', sshd.knownHosts]).s);
      const sd = fresh('s');
      const s = run('scp', ['-q', '-B', '-i', sshd.identity, '-o', `UserKnownHostsFile=${sshd.knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-P', String(sshd.port), ...files, `${sshd.user}@127.0.0.1:${sd}/`]);
      results.scp.push(MB / s.s);
      results.scpCpu.push(s.cpu);
      process.stdout.write(`round ${i + 1}: siprint deliver ${(MB / d.s).toFixed(1)} MB/s (${d.s.toFixed(1)} s wall, ${d.cpu.toFixed(2)} s CPU), scp ${(MB / s.s).toFixed(1)} MB/s (${s.s.toFixed(1)} s wall, ${s.cpu.toFixed(2)} s CPU)\n`);
    }
  } finally {
    await sshd.stop();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const dm = median(results.deliver);
  const sm = median(results.scp);
  process.stdout.write(`median of ${rounds}: siprint deliver ${dm.toFixed(1)} MB/s, scp ${sm.toFixed(1)} MB/s (deliver/scp ${(dm / sm).toFixed(2)}); ` +
    `client CPU deliver ${median(results.deliverCpu).toFixed(2)} s, scp ${median(results.scpCpu).toFixed(2)} s; deliver with nothing to send ${median(results.idle).toFixed(2)} s\n`);
})().catch((err) => {
  process.stderr.write(`bench/deliver: ${err.message}\n`);
  process.exit(1);
});
