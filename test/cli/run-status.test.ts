import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveRunConfig } from '../../src/pipeline/config';
import { finalizeStage } from '../../src/pipeline/finalize';
import { ingestStage } from '../../src/pipeline/ingest';
import { initRun } from '../../src/pipeline/init';
import { packagePartStage, renderPartStage } from '../../src/pipeline';
import { KEY, writeExtract } from '../pipeline/fixture';

const root = path.join(__dirname, '../..');
const bin = path.join(root, 'bin/siprint.js');
// without REDIS_URL (scripts/test.sh exports it) `run` stays in this process
const env = { ...process.env, SIPRINT_VERIFY_KEY: KEY, REDIS_URL: '' };
function siprint(args: string[], cwd = root) {
  const r = spawnSync('node', [bin, ...args], { cwd, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('siprint run / status (CLI)', () => {
  let tmp: string;
  let extract: string;
  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-cli-'));
    extract = path.join(tmp, 'extract.jsonl');
    await writeExtract(extract, 30, { faults: 0.1 });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('exits 2 with one line naming the bad ticket field', () => {
    const t = path.join(tmp, 'bad.json');
    writeFileSync(t, JSON.stringify({ mode: 'annual', year: 2025, leadDays: -3 }));
    const r = siprint(['run', '--extract', extract, '--out', tmp, '--ticket', t]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^siprint: ticket .*bad\.json: field "leadDays"/)]);
  });

  it('exits 2 for missing options and a reprint ticket', () => {
    expect(siprint(['run', '--extract', extract, '--year', '2025']).stderr).toMatch(/give --out DIR/);
    const r = siprint(['run', '--extract', extract, '--out', tmp, '--ticket', path.join(root, 'jobs/reprint-2025.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/use `siprint reprint`/);
    expect(siprint(['run', '--extract', extract, '--year', '2025', '--out', tmp, '--concurrency', '0']).status).toBe(2);
  });

  it('refuses to start a run over an existing run ID without --resume (exit 2, one line)', async () => {
    const config = resolveRunConfig({ year: 2025, extract, runId: 'taken', postagePermit: '京邮资许可证第2025-0107号', env: { SIPRINT_VERIFY_KEY: KEY } });
    await initRun(tmp, config, { resume: false });
    const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', tmp, '--run-id', 'taken', '--postage-permit', '京邮资许可证第2025-0107号']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^siprint: run taken already exists in .*: add --resume to continue it, or choose another --run-id$/)]);
  });

  it('status reads a run directory: stage, parts, deadline; exit 2 for a non-run', async () => {
    const config = { ...resolveRunConfig({ year: 2025, extract, runId: 'st', postagePermit: '京邮资许可证第2025-0107号', env: { SIPRINT_VERIFY_KEY: KEY } }), piecesPerFile: 10 };
    const runDir = await initRun(tmp, config, { resume: false });
    const opts = { verificationKey: KEY };
    expect(siprint(['status', runDir]).stdout).toMatch(/run st \(annual 2025\): created/);
    const { parts } = await ingestStage(runDir, opts);
    await renderPartStage(runDir, parts[0]!.partId, opts);
    let out = siprint(['status', 'st', '--out', tmp]).stdout;
    expect(out).toMatch(/: rendering/);
    expect(out).toContain(`parts: ${parts.length} total, 1 rendered, 0 packaged`);
    expect(out).toMatch(/deadline 2026-03-31 \(/);
    for (const p of parts) await renderPartStage(runDir, p.partId, opts);
    for (const p of parts) await packagePartStage(runDir, p.partId, opts);
    await finalizeStage(runDir, opts);
    out = siprint(['status', runDir]).stdout;
    expect(out).toMatch(/: done/);
    expect(out).toMatch(/held per reason: MISSING_FIELD 1, PARSE_ERROR 1; suppressed: DELIVERY_HOLD 1/);
    const json = JSON.parse(siprint(['status', runDir, '--json']).stdout) as { stage: string };
    expect(json.stage).toBe('done');
    const bad = siprint(['status', path.join(tmp, 'nope')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/is not a run directory/);
  });

  it('runs a generated extract in-process: exit 0, summary, balanced counts, no personal data in the log', () => {
    const gen = path.join(tmp, 'gen.jsonl');
    expect(siprint(['generate', '--count', '200', '--year', '2025', '--seed', '3', '--out', gen]).status).toBe(0);
    const r = siprint(['run', '--extract', gen, '--year', '2025', '--out', tmp, '--run-id', 'e2e', '--ticket', path.join(root, 'jobs/annual-2025.json'), '--concurrency', '2']);
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    expect(r.stdout).toMatch(/run e2e \(annual 2025\) done/);
    const runDir = path.join(tmp, 'e2e');
    const rec = JSON.parse(readFileSync(path.join(runDir, 'reconciliation.json'), 'utf8')) as { balanced: boolean; overall: { input: number } };
    expect(rec).toMatchObject({ balanced: true, overall: { input: 200 } });
    const verify = siprint(['verify', runDir]);
    if (verify.status !== 0) throw new Error(`verify exited ${verify.status}: ${verify.stdout}${verify.stderr}`);
    const log = readFileSync(path.join(runDir, 'logs', 'siprint.log'), 'utf8');
    let scanned = 0;
    for (const line of readFileSync(gen, 'utf8').trim().split('\n')) {
      let p: { name?: unknown; ssn?: unknown } | undefined;
      try {
        p = (JSON.parse(line) as { person?: { name?: unknown; ssn?: unknown } }).person;
      } catch {
        continue; // a deliberately broken line of the generator
      }
      for (const v of [p?.name, p?.ssn]) {
        if (typeof v === 'string' && v.length >= 2) {
          expect(log).not.toContain(v);
          scanned += 1;
        }
      }
    }
    expect(scanned).toBeGreaterThan(300);
  });
});
