import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveRunConfig } from '../../src/pipeline/config';
import { initRun } from '../../src/pipeline/init';
import { ingestStage } from '../../src/pipeline/ingest';
import { packagePartStage, renderPartStage } from '../../src/pipeline';
import { runInProcess, type PipelineEvent } from '../../src/pipeline/run-in-process';
import type { RunManifest } from '../../src/package';
import { KEY, writeExtract } from './fixture';

// Render workers load dist/ (scripts/test.sh builds it first).
describe('runInProcess (worker threads, real modules)', () => {
  let tmp: string;
  let extract: string;
  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-run-'));
    extract = path.join(tmp, 'extract.jsonl');
    await writeExtract(extract, 40, { faults: 0.1 });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const config = (runId: string) => ({
    ...resolveRunConfig({ year: 2025, extract, runId, postagePermit: '京邮资许可证第2025-0107号', env: { SIPRINT_VERIFY_KEY: KEY }, now: new Date('2026-01-15T00:00:00Z') }),
    piecesPerFile: 5,
  });
  const opts = { verificationKey: KEY };
  const packagesOf = (runDir: string) => (JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as RunManifest).packages;

  it('renders on 2 threads and gives the same packages as the stages called one by one', async () => {
    await writeExtract(extract, 150, { faults: 0.1 }); // ~25 parts: the first are rendered while ingest goes on
    const out = path.join(tmp, 'out');
    const events: PipelineEvent[] = [];
    const a = await initRun(out, config('a'), { resume: false, ...opts });
    const summary = await runInProcess(a, { ...opts, concurrency: 2, onEvent: (e) => events.push(e) });
    expect(summary.counts.input).toBe(150);

    // same run ID in another out dir, stage by stage on this thread
    const b = await initRun(path.join(tmp, 'out2'), config('a'), { resume: false, ...opts });
    const { parts } = await ingestStage(b, opts);
    for (const p of parts) await renderPartStage(b, p.partId, opts);
    for (const p of parts) await packagePartStage(b, p.partId, opts);
    await runInProcess(b, opts); // only finalize is left
    expect(packagesOf(a)).toEqual(packagesOf(b));
    expect(readdirSync(path.join(a, 'print')).sort()).toEqual(packagesOf(a).map((p) => path.basename(p.path)).sort());

    // parts are rendered while the ingest thread is still cutting later ones, but shown only once the
    // number of parts is known; no package is sealed before the ingest has finished
    const ingestedAt = events.findIndex((e) => e.type === 'ingested');
    expect(ingestedAt).toBeGreaterThanOrEqual(0);
    expect(events.slice(0, ingestedAt).some((e) => e.type === 'part-rendered' || e.type === 'part-packaged')).toBe(false);
    expect(events.filter((e) => e.type === 'part-rendered').length).toBe(parts.length);
    expect(events.filter((e) => e.type === 'part-packaged').length).toBe(parts.length);
    expect(events.at(-1)).toEqual({ type: 'finalized' });
  });

  it('seals no package before the ingest has finished, even for a part that is ready before it ends', async () => {
    // every part already rendered: as the ingest thread (run again) writes each one, it could be sealed at
    // once — but a package's manifest needs the finished ingest's layouts and fonts
    await writeExtract(extract, 600, { faults: 0.02 });
    const runDir = await initRun(path.join(tmp, 'out'), { ...config('o'), piecesPerFile: 20 }, { resume: false, ...opts });
    const { parts } = await ingestStage(runDir, opts);
    for (const p of parts) await renderPartStage(runDir, p.partId, opts);
    rmSync(path.join(runDir, 'state', 'ingest.json'));
    const summary = await runInProcess(runDir, { ...opts, concurrency: 2 });
    expect(summary.counts.input).toBe(600);
    const ingestDone = statSync(path.join(runDir, 'state', 'ingest.json')).mtimeMs;
    const packagedAt = parts.map((p) => statSync(path.join(runDir, 'parts', p.partId, 'packaged.json')).mtimeMs);
    expect(packagedAt.every((t) => t >= ingestDone)).toBe(true);
    expect(packagesOf(runDir)).toHaveLength(parts.length);
  }, 60_000);

  it('resumes without redoing finished parts (their files keep their modification times)', async () => {
    const runDir = await initRun(path.join(tmp, 'out'), config('r'), { resume: false, ...opts });
    const { parts } = await ingestStage(runDir, opts);
    const half = parts.slice(0, Math.ceil(parts.length / 2));
    for (const p of half) await renderPartStage(runDir, p.partId, opts);
    for (const p of half.slice(0, 1)) await packagePartStage(runDir, p.partId, opts);
    const pdf = (id: string) => path.join(runDir, 'parts', id, 'statements.pdf');
    const mtimes = half.map((p) => statSync(pdf(p.partId)).mtimeMs);
    const firstZip = path.join(runDir, 'print', readdirSync(path.join(runDir, 'print'))[0]!);
    const zipMtime = statSync(firstZip).mtimeMs;

    await initRun(path.join(tmp, 'out'), config('r'), { resume: true, ...opts });
    await runInProcess(runDir, { ...opts, concurrency: 2 });
    expect(half.map((p) => statSync(pdf(p.partId)).mtimeMs)).toEqual(mtimes);
    expect(statSync(firstZip).mtimeMs).toBe(zipMtime);
    expect(packagesOf(runDir)).toHaveLength(parts.length);
  });

  it('fails with the worker\'s one-line error and lists no package for an unfinished part', async () => {
    const runDir = await initRun(path.join(tmp, 'out'), config('f'), { resume: false, ...opts });
    const { parts } = await ingestStage(runDir, opts);
    writeFileSync(path.join(runDir, 'parts', `${parts[1]!.partId}.json.gz`), 'not gzip');
    await expect(runInProcess(runDir, { ...opts, concurrency: 2 })).rejects.toThrow(/^part R?E?-000\d: .* is damaged/);
    expect(() => readFileSync(path.join(runDir, 'manifest.json'))).toThrow();
  });
});
