/**
 * Node lines: one fixed extract and run ID, run by the CLI under the reference node (SIPRINT_REFERENCE_NODE,
 * the Node 20 the whole suite runs on) and under the node running this test (22, 24), give the same
 * packages, byte for byte (SHA-256 of every ZIP in print/), and the same exceptions. The generator's
 * extract is compared too. Plain CommonJS: .ci/ is neither type-checked nor linted.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'siprint.js');
const RUN_ID = 'NODE-LINES-2025';
const REFERENCE = process.env.SIPRINT_REFERENCE_NODE;

jest.setTimeout(180_000);

/** `siprint …` with the given node binary (first on PATH too, for anything the CLI spawns). */
function siprint(node, args) {
  const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`, REDIS_URL: '', SIPRINT_VERIFY_KEY: 'node-lines-test-key-0123456789abcdef' };
  const r = spawnSync(node, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 150_000 });
  if (r.status !== 0) throw new Error(`${node} bin/siprint.js ${args[0]} exited ${r.status}: ${r.stderr || r.error}`);
  return r;
}
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
function major(node) {
  const r = spawnSync(node, ['--version'], { encoding: 'utf8' });
  const m = /^v(\d+)\./.exec(r.stdout ?? '');
  if (!m) throw new Error(`${node} --version said ${JSON.stringify(r.stdout)} ${r.error ?? r.stderr}`);
  return Number(m[1]);
}

/** Every package of a finished run: its file name and SHA-256 (as read back from the file). */
function packages(runDir) {
  const print = path.join(runDir, 'print');
  return readdirSync(print)
    .filter((f) => f.endsWith('.zip'))
    .sort()
    .map((f) => ({ file: f, sha256: sha256(path.join(print, f)) }));
}

let dir;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-node-lines-'));
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe(`package hashes: node ${process.version} against the reference node`, () => {
  it('the reference is set and is another major line than this node', () => {
    if (!REFERENCE) throw new Error('SIPRINT_REFERENCE_NODE is not set (.ci/smoke-node sets it to the Node 20 the suite runs on)');
    expect(major(REFERENCE)).not.toBe(major(process.execPath));
  });

  it('a fixed extract and run ID: the same extract, the same packages (SHA-256 of each ZIP) and exceptions', () => {
    if (!REFERENCE) throw new Error('SIPRINT_REFERENCE_NODE is not set');
    // several parts per batch, faults held as exceptions: every stage has work
    const extract = path.join(dir, 'extract.jsonl');
    const generate = ['generate', '--count', '600', '--year', '2025', '--seed', 'node-lines', '--faults', '0.05'];
    siprint(REFERENCE, [...generate, '--out', extract]);
    siprint(process.execPath, [...generate, '--out', path.join(dir, 'extract-here.jsonl')]);
    expect(sha256(path.join(dir, 'extract-here.jsonl'))).toBe(sha256(extract));

    const ticket = path.join(dir, 'ticket.json');
    writeFileSync(ticket, JSON.stringify({ ...JSON.parse(readFileSync(path.join(ROOT, 'jobs', 'annual-2025.json'), 'utf8')), piecesPerFile: 150 }));
    const runs = {};
    for (const [name, node] of [['reference', REFERENCE], ['here', process.execPath]]) {
      siprint(node, ['run', '--extract', extract, '--ticket', ticket, '--out', path.join(dir, name), '--run-id', RUN_ID]);
      const runDir = path.join(dir, name, RUN_ID);
      const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8'));
      runs[name] = { runDir, packages: packages(runDir), manifest: manifest.packages.map((p) => ({ file: path.basename(p.path), sha256: p.sha256 })).sort((a, b) => a.file.localeCompare(b.file)) };
    }
    const { reference, here } = runs;
    expect(reference.packages.length).toBeGreaterThanOrEqual(4);
    expect(reference.manifest).toEqual(reference.packages); // the files are what the manifest says
    expect(here.packages).toEqual(reference.packages);
    expect(here.manifest).toEqual(reference.manifest);
    const exceptions = (r) => readFileSync(path.join(r.runDir, 'exceptions.jsonl'), 'utf8');
    expect(exceptions(reference).trim().split('\n').length).toBeGreaterThan(5);
    expect(exceptions(here)).toBe(exceptions(reference));
  });
});
