/**
 * The release gate: a requireApproval run (real modules, small extract) ends with every package
 * `pending`; only `siprint release --approved-by` naming another operator releases them.
 */
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
const env = { ...process.env, SIPRINT_VERIFY_KEY: KEY, REDIS_URL: '', USER: 'should-not-be-used' };
const siprint = (args: string[]) => spawnSync('node', [bin, ...args], { cwd: root, env, encoding: 'utf8' });

interface Manifest {
  packages: { path: string; status?: string }[];
}
const read = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const auditLines = (runDir: string) => readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; operator: string; details?: Record<string, unknown> });

describe('release gate (ticket requireApproval)', () => {
  let tmp: string;
  let runDir: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-release-'));
    const extract = path.join(tmp, 'x.jsonl');
    expect(siprint(['generate', '--count', '40', '--year', '2025', '--seed', '5', '--out', extract]).status).toBe(0);
    const ticket = path.join(tmp, 'approval.json');
    writeFileSync(ticket, JSON.stringify({ ...read<object>(path.join(root, 'jobs/annual-2025.json')), piecesPerFile: 15, requireApproval: true }));
    const r = siprint(['run', '--extract', extract, '--out', tmp, '--run-id', 'gated', '--ticket', ticket, '--operator', 'wang.li', '--concurrency', '1']);
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    expect(r.stdout).toMatch(/release: packages PENDING approval \(started by wang\.li\)/);
    runDir = path.join(tmp, 'gated');
  }, 120_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const verifyOk = () => {
    const v = siprint(['verify', runDir]);
    expect(`${v.status} ${v.stdout}${v.stderr}`).toMatch(/^0 OK gated:/);
  };

  it('finishes with every package sealed but pending, the starter recorded, and verify passing', () => {
    const m = read<Manifest>(path.join(runDir, 'manifest.json'));
    expect(m.packages.length).toBeGreaterThanOrEqual(2);
    expect(m.packages.map((p) => p.status)).toEqual(m.packages.map(() => 'pending'));
    expect(read(path.join(runDir, 'release.json'))).toMatchObject({ status: 'pending', startedBy: 'wang.li', packages: m.packages.map((p) => ({ path: p.path })) });
    expect(auditLines(runDir).find((l) => l.action === 'run.created')?.operator).toBe('wang.li');
    expect(auditLines(runDir).some((l) => l.action === 'release.pending')).toBe(true);
    expect(readFileSync(path.join(runDir, 'report.html'), 'utf8')).toContain('pending approval');
    expect(siprint(['status', runDir]).stdout).toMatch(/release: PENDING approval, packages not for the print house yet \(started by wang\.li;/);
    verifyOk();
  });

  it('refuses the operator who started the run (exit 2, one line) and changes nothing', () => {
    const before = readFileSync(path.join(runDir, 'manifest.json'));
    const auditBefore = readFileSync(path.join(runDir, 'audit.jsonl'));
    for (const who of ['wang.li', 'WANG.LI']) {
      const r = siprint(['release', runDir, '--approved-by', who]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`siprint: run gated was started by wang.li: a release needs a second operator (--approved-by someone else)`]);
    }
    expect(siprint(['release', runDir]).status).toBe(2); // no --approved-by at all
    expect(readFileSync(path.join(runDir, 'manifest.json')).equals(before)).toBe(true);
    expect(readFileSync(path.join(runDir, 'audit.jsonl')).equals(auditBefore)).toBe(true);
    expect(read<{ status: string }>(path.join(runDir, 'release.json')).status).toBe('pending');
  });

  it('a second operator releases every package, audited and re-sealed; verify still passes', () => {
    const r = siprint(['release', runDir, '--approved-by', 'zhao.min']);
    expect(`${r.status} ${r.stdout}`).toMatch(/^0 released gated: \d+ packages approved by zhao\.min \(started by wang\.li\)/);
    const m = read<Manifest>(path.join(runDir, 'manifest.json'));
    expect(m.packages.map((p) => p.status)).toEqual(m.packages.map(() => 'released'));
    expect(read(path.join(runDir, 'release.json'))).toMatchObject({ status: 'released', startedBy: 'wang.li', approvedBy: 'zhao.min' });
    const audit = auditLines(runDir);
    const approved = audit.findIndex((l) => l.action === 'release.approved');
    expect(audit[approved]).toMatchObject({ operator: 'zhao.min', details: { runId: 'gated', startedBy: 'wang.li' } });
    // the manifest is sealed again after the decision
    expect(audit.slice(approved + 1).map((l) => [l.action, l.operator])).toContainEqual(['run.records', 'zhao.min']);
    expect(readFileSync(path.join(runDir, 'report.html'), 'utf8')).toContain('released by zhao.min');
    expect(siprint(['status', runDir]).stdout).toContain('release: released by zhao.min (started by wang.li)');
    verifyOk();
    // a second release changes nothing
    const again = siprint(['release', runDir, '--approved-by', 'chen.jie']);
    expect(`${again.status} ${again.stdout}`).toMatch(/^0 gated was already released by zhao\.min/);
    expect(auditLines(runDir).length).toBe(audit.length);
  });
});

describe('release of runs that cannot be released (exit 2)', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-release-fake-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  async function fakeRun(requireApproval: boolean, finish: boolean): Promise<string> {
    const extract = path.join(tmp, 'x.jsonl');
    await writeExtract(extract, 12);
    const config = { ...resolveRunConfig({ year: 2025, extract, runId: 'f', postagePermit: '京邮资许可证第2025-0107号', operator: 'li.na', env: { SIPRINT_VERIFY_KEY: KEY } }), requireApproval };
    const runDir = await initRun(tmp, config, { resume: false });
    const opts = { verificationKey: KEY };
    const { parts } = await ingestStage(runDir, opts);
    if (finish) {
      for (const p of parts) await renderPartStage(runDir, p.partId, opts);
      for (const p of parts) await packagePartStage(runDir, p.partId, opts);
      await finalizeStage(runDir, opts);
    }
    return runDir;
  }

  it('a run still going', async () => {
    const r = siprint(['release', await fakeRun(true, false), '--approved-by', 'zhao.min']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^siprint: run f is not finished: release it once `siprint status` says done\n$/);
  });

  it('a run whose ticket needs no approval (its packages have no status)', async () => {
    const runDir = await fakeRun(false, true);
    expect(read<Manifest>(path.join(runDir, 'manifest.json')).packages.every((p) => p.status === undefined)).toBe(true);
    const r = siprint(['release', runDir, '--approved-by', 'zhao.min']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/needs no approval/);
  });

  it('a finalize run again (marker removed) puts a released run back to pending', async () => {
    const runDir = await fakeRun(true, true);
    const file = path.join(runDir, 'release.json');
    expect(read<{ status: string; startedBy: string }>(file)).toMatchObject({ status: 'pending', startedBy: 'li.na' });
    writeFileSync(file, JSON.stringify({ ...read<object>(file), status: 'released', approvedBy: 'zhao.min' }));
    rmSync(path.join(runDir, 'state/finalized.json'));
    await finalizeStage(runDir, { verificationKey: KEY });
    expect(read<{ status: string }>(file).status).toBe('pending');
    expect(read<Manifest>(path.join(runDir, 'manifest.json')).packages.every((p) => p.status === 'pending')).toBe(true);
  });

  it('not a run directory', () => {
    expect(siprint(['release', tmp, '--approved-by', 'zhao.min']).status).toBe(2);
  });
});
