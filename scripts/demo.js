#!/usr/bin/env node
'use strict';
// `npm run demo`: generates a ~2,000-person extract, adds a few faulty records (so the exception
// report has something to show), runs it in this process and prints the summary and where it went.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
// the launcher operators run (`npx siprint`): it sets glibc's malloc up for a run's threads
const bin = path.join(root, 'bin', 'siprint');
// SIPRINT_DEMO_OUT: somewhere else than out/demo (the demo's own test)
const outDir = process.env.SIPRINT_DEMO_OUT || path.join(root, 'out', 'demo');
const extract = path.join(outDir, 'extract-2025.jsonl');
const runId = `demo-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;

// in-process on purpose (a REDIS_URL in the shell would send the run to BullMQ workers);
// a demo-only key unless the operator set a real one
const env = { ...process.env, REDIS_URL: '', SIPRINT_VERIFY_KEY: process.env.SIPRINT_VERIFY_KEY || 'demo-only-verification-key-not-secret' };

// the demo speaks the machine's language, as siprint does (SIPRINT_LANG, else LANG/LC_ALL)
const t = (...args) => require(path.join(root, 'dist', 'i18n')).t(...args);

function siprint(args) {
  const r = spawnSync(bin, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`${t('demo.failed', { command: args[0], status: String(r.status) })}\n`);
    process.exit(r.status || 1);
  }
}

if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
  const b = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status || 1);
}
mkdirSync(outDir, { recursive: true });
siprint(['generate', '--count', '1994', '--year', '2025', '--seed', '2025', '--out', extract]);

// six faults the run must hold out (and report), whatever the generator already did
const lines = readFileSync(extract, 'utf8').split('\n').filter(Boolean);
const first = JSON.parse(lines[0]);
// each faulty copy is another person (a fresh ssn, same sex and birth date): only its own fault holds it,
// and the record it was copied from still prints
const { makeSsn } = require(path.join(root, 'dist', 'generate', 'generate.js'));
const copy = (i, change) => {
  const r = JSON.parse(lines[i]);
  const s = r.person.ssn;
  r.person.ssn = makeSsn(s.slice(0, 6), s.slice(6, 14), (Number(s.slice(14, 17)) + 500) % 1000);
  change(r);
  return JSON.stringify(r);
};
const bad = [
  copy(1, (r) => { r.recordId = 'DEMO-BAD-SSN'; r.person.ssn = r.person.ssn.slice(0, 17) + (r.person.ssn.endsWith('1') ? '2' : '1'); }),
  copy(2, (r) => { r.recordId = 'DEMO-BAD-POSTCODE'; if (r.address) r.address.postcode = '090001'; }), // prefix 09 is no province's
  copy(3, (r) => { r.recordId = first.recordId; }), // a second record with an existing recordId
  copy(4, (r) => { r.recordId = 'DEMO-BAD-AMOUNT'; if (r.pensionAccount) r.pensionAccount.closingBalance = '1280.499999'; else r.schemes = {}; }),
  copy(5, (r) => { r.recordId = 'DEMO-ELECTRONIC'; r.delivery = 'electronic'; }),
  '{"recordId":"DEMO-TRUNCATED","kind":"employee","person":{"name":',
];
writeFileSync(extract, [...lines, ...bad].join('\n') + '\n');
const { formatCount } = require(path.join(root, 'dist', 'i18n'));
process.stdout.write(`${t('demo.faultsAdded', { faults: bad.length, records: formatCount(lines.length + bad.length) })}\n`);

siprint(['run', '--extract', extract, '--year', '2025', '--out', outDir, '--run-id', runId, '--ticket', path.join(root, 'jobs', 'annual-2025.json')]);
const runDir = path.relative(root, path.join(outDir, runId));
process.stdout.write(`\n${t('demo.where', { extract: path.relative(root, extract), runDir })}\n`);
process.stdout.write(`${t('demo.tryStatus', { command: `npx siprint status ${runDir}` })}\n`);
