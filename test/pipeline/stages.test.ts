import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Piece } from '../../src/domain/types';
import { UsageError } from '../../src/domain/errors';
import { resolveRunConfig } from '../../src/pipeline/config';
import { finalizeStage } from '../../src/pipeline/finalize';
import type { Reconciliation, RunManifest } from '../../src/package';
import { ingestStage } from '../../src/pipeline/ingest';
import { initRun } from '../../src/pipeline/init';
import { packagePartStage, renderPartStage } from '../../src/pipeline';
import { readRunState, remainingWork } from '../../src/pipeline/state';
import { findArchivedPieces } from '../../src/run-dir/archive';
import { loadTicket } from '../../src/pipeline/config';
import { comparePieces } from '../../src/domain/presort';
import { validateExtract } from '../../src/extract';
import { createRenderer, verificationCode } from '../../src/render';
import { loadRenderAssets } from '../../src/assets/load';
import { loadPostcodeTable } from '../../src/assets';
import { batchesFor } from '../../src/domain/batch';
import { readZip } from '../../src/package';
import { writeCodeIndex } from '../../src/run-dir/code-index';
import { partPaths } from '../../src/run-dir/paths';
import { KEY, writeExtract, type ExtractPeople } from './fixture';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
function readPart(runDir: string, partId: string): Piece[] {
  return JSON.parse(zlib.gunzipSync(readFileSync(path.join(runDir, 'parts', `${partId}.json.gz`))).toString('utf8')) as Piece[];
}

describe('pipeline stages over a run directory (real modules, 60 generated records)', () => {
  let tmp: string;
  let extract: string;
  let people: ExtractPeople;
  const opts = { verificationKey: KEY, now: () => new Date('2026-01-20T02:00:00Z') };
  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-stages-'));
    extract = path.join(tmp, 'extract.jsonl');
    people = await writeExtract(extract, 60, { faults: 0.15 });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const config = (over: Partial<ReturnType<typeof resolveRunConfig>> = {}) => ({
    ...resolveRunConfig({ year: 2025, extract, runId: 'r1', postagePermit: '京邮资许可证第2025-0107号', env: { SIPRINT_VERIFY_KEY: KEY }, now: new Date('2026-01-15T00:00:00Z') }),
    piecesPerFile: 7,
    ...over,
  });

  async function runAll(runDir: string) {
    const { parts } = await ingestStage(runDir, { ...opts, sortChunkSize: 9 });
    for (const p of parts) await renderPartStage(runDir, p.partId, opts);
    for (const p of parts) await packagePartStage(runDir, p.partId, opts);
    return finalizeStage(runDir, opts);
  }

  it('runs ingest → render → package → finalize with balanced counts, sorted parts and no key on disk', async () => {
    const runDir = await initRun(path.join(tmp, 'out'), config(), { resume: false });
    const summary = await runAll(runDir);
    const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as RunManifest;
    const rec = JSON.parse(readFileSync(path.join(runDir, 'reconciliation.json'), 'utf8')) as Reconciliation;

    // the generator's faults (seed "pipeline-test", 15%): 1 unparseable line, 1 missing field, 1 invalid field, 1 on hold
    expect(manifest.counts.input).toBe(60);
    expect(rec.balanced).toBe(true);
    expect(Object.fromEntries(Object.entries(rec.byReason).filter(([, n]) => n > 0))).toEqual({ PARSE_ERROR: 1, MISSING_FIELD: 1, INVALID_FIELD: 1, DELIVERY_HOLD: 1 });
    expect(rec.overall).toEqual({ input: 60, printed: 56, electronic: 0, exceptions: 3, suppressed: 1, outOfScope: 0 });
    expect(manifest.counts.printed).toBe(56);
    expect(manifest.counts.byBatch).toEqual({ E: 34, R: 22 });
    expect(manifest.counts.guardianAddressed).toBe(1);
    expect(manifest.deadline).toBe('2026-03-31');
    expect(manifest.handoffBy).toBe('2026-03-16');
    expect(manifest.finishedOn).toBe('2026-01-20');
    expect(manifest.finishedLate).toBe(false);
    expect(summary.late).toBe(false);
    expect(summary.packages.map((p) => p.path)).toEqual(manifest.packages.map((p) => p.path));

    // parts: ≤ piecesPerFile, one batch each, presorted by (postcode, address, recordId), IDs by position
    const all: Piece[] = [];
    for (const pk of manifest.packages) {
      const partId = `${pk.batch}-${String(pk.part).padStart(4, '0')}`;
      const pieces = readPart(runDir, partId);
      expect(pieces.length).toBeLessThanOrEqual(7);
      expect(new Set(pieces.map((x) => x.batch))).toEqual(new Set([pk.batch]));
      all.push(...pieces);
    }
    for (const batch of ['E', 'R']) {
      const b = all.filter((x) => x.batch === batch);
      const sorted = [...b].sort(comparePieces);
      expect(b.map((x) => x.record.recordId)).toEqual(sorted.map((x) => x.record.recordId));
      expect(b.map((x) => x.pieceId)).toEqual(b.map((_, i) => `${batch}${String(i + 1).padStart(8, '0')}`));
    }
    expect(new Set(all.map((x) => x.pieceId)).size).toBe(56);
    expect(all.filter((x) => x.recipient.role === 'guardian')).toHaveLength(1);

    // exceptions in input order, ssn masked only
    const exc = readFileSync(path.join(runDir, 'exceptions.jsonl'), 'utf8').trim().split('\n');
    expect(exc).toHaveLength(4);
    const excLines = exc.map((l) => (JSON.parse(l) as { line: number }).line);
    expect(excLines).toEqual([...excLines].sort((x, y) => x - y));
    for (const ssn of people.ssns) expect(readFileSync(path.join(runDir, 'exceptions.jsonl'), 'utf8')).not.toContain(ssn);

    // archive: private, with the verification code reprints need
    const archFile = path.join(runDir, 'archive', 'E-0001.jsonl.gz');
    expect(statSync(archFile).mode & 0o777).toBe(0o600);
    const found = await findArchivedPieces(runDir, { recordId: 'R00000001' });
    expect(found).toHaveLength(1);
    expect(found[0]!.verificationCode).toBe(verificationCode(found[0]!.record, 'E', 2025, KEY));

    // the key is nowhere in the run directory; logs carry no names or ssns
    for (const f of walk(runDir)) {
      const bytes = readFileSync(f);
      const text = f.endsWith('.gz') ? zlib.gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
      expect(text).not.toContain(KEY);
    }
    const log = readFileSync(path.join(runDir, 'logs', 'siprint.log'), 'utf8');
    expect(log).toContain('"partId":"E-0001"');
    for (const s of [...people.names, ...people.ssns]) expect(log).not.toContain(s);

    expect(remainingWork(runDir)).toEqual({ ingest: false, render: [], package: [], finalize: false });
    const st = readRunState(runDir);
    expect(st).toMatchObject({ stage: 'done', finalized: true, parts: { total: manifest.packages.length, rendered: manifest.packages.length, packaged: manifest.packages.length } });
  });

  it("each render leaves its part's index share, named for the package it is sealed into; finalize's index from them = the index from the archive", async () => {
    const runDir = await initRun(path.join(tmp, 'out'), config(), { resume: false });
    const { parts } = await ingestStage(runDir, { ...opts, sortChunkSize: 9 });
    for (const p of parts) await renderPartStage(runDir, p.partId, opts);
    for (const p of parts) await packagePartStage(runDir, p.partId, opts);
    for (const p of parts) {
      const share = readFileSync(path.join(runDir, 'tmp', 'index', `${p.partId}.bin`));
      const packaged = JSON.parse(readFileSync(partPaths(runDir, p.partId).packaged, 'utf8')) as { path: string };
      expect(share.toString('utf8', 50, 50 + share.readUInt16LE(48))).toBe(path.basename(packaged.path));
    }
    const packageOf = new Map(parts.map((p) => [p.partId, path.basename((JSON.parse(readFileSync(partPaths(runDir, p.partId).packaged, 'utf8')) as { path: string }).path)]));
    await finalizeStage(runDir, opts);
    const copy = path.join(tmp, 'from-archive');
    cpSync(path.join(runDir, 'archive'), path.join(copy, 'archive'), { recursive: true });
    await writeCodeIndex(copy, 'r1', (partId) => packageOf.get(partId));
    for (const f of ['codes.bin', 'pieces.jsonl']) expect(readFileSync(path.join(copy, 'index', f)).equals(readFileSync(path.join(runDir, 'index', f)))).toBe(true);
  });

  it('is idempotent: every stage again leaves every file as it was, and no second package or audit event', async () => {
    const runDir = await initRun(path.join(tmp, 'out'), config(), { resume: false });
    await runAll(runDir);
    const before = new Map(walk(runDir).filter((f) => !f.endsWith('siprint.log')).map((f) => [f, `${statSync(f).mtimeMs}:${readFileSync(f).toString('base64')}`]));
    await runAll(runDir);
    const after = new Map(walk(runDir).filter((f) => !f.endsWith('siprint.log')).map((f) => [f, `${statSync(f).mtimeMs}:${readFileSync(f).toString('base64')}`]));
    expect(after).toEqual(before);
  });

  it("takes each statement's sheets from the render (the ingest lays nothing out) into mailing.csv and the summary", async () => {
    // two long statements (25 benefit rows: more than one page) among plain ones
    const long = Array.from({ length: 25 }, (_, i) => ({ scheme: 'medical', item: `门诊医疗费用第${i + 1}笔`, amount: `${1000 + i}.00`, months: 1 }));
    await writeExtract(extract, 30, { edit: (rec, i) => void (i < 2 && (rec.benefits = long)) });
    const runDir = await initRun(path.join(tmp, 'out'), config(), { resume: false });
    const summary = await runAll(runDir);
    const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as RunManifest;
    const renderer = createRenderer(loadRenderAssets());
    let sheets = 0;
    for (const pkg of manifest.packages) {
      const csv = readZip(readFileSync(path.join(runDir, pkg.path))).find((e) => e.name === 'mailing.csv');
      const rows = Buffer.from(csv!.data).toString('utf8').trim().split('\r\n').slice(1);
      const pieces = readPart(runDir, `${pkg.batch}-${String(pkg.part).padStart(4, '0')}`);
      expect(rows).toHaveLength(pieces.length);
      rows.forEach((row, i) => {
        const p = pieces[i]!;
        // a fresh renderer's own count for the same record and batch
        expect(Number(row.split(',').at(-1))).toBe(renderer.statementSheets(p.record, p.batch));
        sheets += Number(row.split(',').at(-1));
      });
    }
    expect(sheets).toBeGreaterThan(summary.counts.pieces);
    expect(summary.sheets).toBe(sheets);
  });

  it('redoes a part whose render was torn, and gives the same bytes', async () => {
    const runDir = await initRun(path.join(tmp, 'out'), config(), { resume: false });
    const { parts } = await ingestStage(runDir, opts);
    const id = parts[0]!.partId;
    await renderPartStage(runDir, id, opts);
    const pdf = path.join(runDir, 'parts', id, 'statements.pdf');
    const good = readFileSync(pdf);
    rmSync(path.join(runDir, 'parts', id, 'rendered.json'));
    await renderPartStage(runDir, id, opts);
    expect(readFileSync(pdf)).toEqual(good);
    await expect(finalizeStage(runDir, opts)).rejects.toThrow(/not packaged yet/);
    expect(remainingWork(runDir)).toEqual({ ingest: false, render: parts.slice(1).map((p) => p.partId), package: parts.map((p) => p.partId), finalize: true });
  });

  it("packages from the render's hashes: a marker without CRC-32s gives the same bytes; a file changed since with the same size seals nothing", async () => {
    const runDir = await initRun(path.join(tmp, 'out'), config(), { resume: false });
    const { parts } = await ingestStage(runDir, opts);
    const id = parts[0]!.partId;
    await renderPartStage(runDir, id, opts);
    await packagePartStage(runDir, id, opts);
    const pp = partPaths(runDir, id);
    const sealed = JSON.parse(readFileSync(pp.packaged, 'utf8')) as { path: string; sha256: string };
    const unseal = (): void => {
      rmSync(pp.packaged);
      rmSync(path.join(runDir, sealed.path));
    };
    const rendered = JSON.parse(readFileSync(pp.rendered, 'utf8')) as Record<string, { crc32?: number }>;
    expect(['statements', 'envelopes', 'mailing'].map((k) => typeof rendered[k]?.crc32)).toEqual(['number', 'number', 'number']);
    // a part rendered before the marker recorded CRC-32s
    for (const k of ['statements', 'envelopes', 'mailing']) delete rendered[k]!.crc32;
    writeFileSync(pp.rendered, JSON.stringify(rendered));
    unseal();
    await packagePartStage(runDir, id, opts);
    expect(createHash('sha256').update(readFileSync(path.join(runDir, sealed.path))).digest('hex')).toBe(sealed.sha256);
    for (const file of [pp.statements, pp.envelopes, pp.mailing]) {
      unseal();
      const good = readFileSync(file);
      const bad = Buffer.from(good);
      bad[bad.length >> 1]! ^= 1; // same size: only the hash can tell
      writeFileSync(file, bad);
      await expect(packagePartStage(runDir, id, opts)).rejects.toThrow(`part ${id}: the rendered files no longer match their render marker; delete ${pp.rendered} to render the part again`);
      expect(readdirSync(path.join(runDir, 'print'))).toEqual([]);
      expect(existsSync(pp.packaged)).toBe(false);
      writeFileSync(file, good);
      await packagePartStage(runDir, id, opts);
    }
  });

  it('refuses an existing run ID unless resumed, and a resume that changes the run', async () => {
    const out = path.join(tmp, 'out');
    await initRun(out, config(), { resume: false });
    await expect(initRun(out, config(), { resume: false })).rejects.toThrow(/run r1 already exists in .*add --resume/);
    await expect(initRun(out, config(), { resume: false })).rejects.toBeInstanceOf(UsageError);
    await expect(initRun(out, config({ year: 2024 }), { resume: true })).rejects.toThrow(/year was 2025, now 2024/);
    await expect(initRun(out, config({ verificationKey: 'another-key-0123456789' }), { resume: true })).rejects.toThrow(/verification key differs/);
    await expect(initRun(out, config({ runId: 'r2' }), { resume: true })).rejects.toThrow(/nothing to resume/);
    expect(await initRun(out, config(), { resume: true })).toBe(path.join(out, 'r1'));
  });

  it('scheme mode makes one batch per ticket scheme', async () => {
    const t = loadTicket(path.join(__dirname, '../../jobs/scheme-2025.json'));
    const c = { ...resolveRunConfig({ ticket: t, extract, runId: 's1', env: { SIPRINT_VERIFY_KEY: KEY } }), piecesPerFile: 100 };
    const runDir = await initRun(path.join(tmp, 'out'), c, { resume: false });
    await runAll(runDir);
    const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as RunManifest;
    expect(manifest.packages.map((p) => p.batch).sort()).toEqual(['S-medical', 'S-pension']);
    // expected per scheme: the mailable records (validated with the renderer's printability check) having it
    const expected: Record<string, number> = {};
    const printable = createRenderer(loadRenderAssets()).printable;
    for await (const item of validateExtract(extract, { year: 2025, postcodes: loadPostcodeTable().table, printable })) {
      if (item.type !== 'record') continue;
      for (const b of batchesFor(item.record, 'scheme', ['pension', 'medical'])) expected[b] = (expected[b] ?? 0) + 1;
    }
    expect(Object.keys(expected).sort()).toEqual(['S-medical', 'S-pension']);
    expect(manifest.counts.byBatch).toEqual(expected);
    expect(readPart(runDir, 'S-pension-0001')[0]!.pieceId).toBe('SP00000001');
  });
});
