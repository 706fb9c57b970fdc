/**
 * Electronic statements (docs/delivery.md §7), through the real CLI: `delivery: electronic` records get
 * a PDF each in print/<runId>-EL-<batch>-p<NNN>.zip (with index.csv and manifest.json), the counts
 * balance with them, verify checks them (a flipped byte fails it), and the PDFs carry the QR with the
 * 校验码 and no inserter DataMatrix.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readZip, storedZip } from '../../src/package/zip';
import { packagePartStage } from '../../src/pipeline/package-stage';
import { readArchive, type ArchivedPiece } from '../../src/run-dir/archive';
import { readReprints } from '../../src/run-dir/code-index';
import { partPaths } from '../../src/run-dir/paths';
import { checkable, type Missing } from '../prerequisites';
import { cliEnv, manifestOf, siprint, tempDir } from '../reliability/helpers';
import { rasterize, zbar } from '../render/tools';

const toolsMissing: Missing = ['pdftoppm', 'zbarimg', 'dmtxread'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0).join(', ') || null;
const KEY = 'electronic-test-verification-key-01';

interface Manifest {
  counts: { input: number; printed: number; electronic: number; exceptions: number; suppressed: number; byBatch: Record<string, number>; electronicByBatch: Record<string, number> };
  packages: { path: string; sha256: string; pieces: number; batch: string; electronic?: boolean; envelopePages: number }[];
}

describe('electronic statements', () => {
  let dir: string;
  let runDir: string;
  let extract: string;
  beforeAll(() => {
    dir = tempDir('electronic');
    extract = path.join(dir, 'extract.jsonl');
    expect(siprint(['generate', '--count', '200', '--year', '2025', '--seed', 'electronic', '--faults', '0.05', '--out', extract]).status).toBe(0);
    const ticket = path.join(dir, 'ticket.json');
    const base = JSON.parse(readFileSync(path.join(__dirname, '../../jobs/annual-2025.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(ticket, JSON.stringify({ ...base, piecesPerFile: 60, printDate: '2026-01-15' }));
    const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', dir, '--run-id', 'el', '--ticket', ticket], cliEnv({ SIPRINT_VERIFY_KEY: KEY }));
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    runDir = path.join(dir, 'el');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const manifest = (): Manifest => manifestOf(runDir) as unknown as Manifest;
  const electronicRecords = (): { recordId: string; ssn: string; name: string }[] =>
    readFileSync(extract, 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as { recordId: string; delivery?: string; person?: { ssn: string; name: string } }];
        } catch {
          return []; // the generator's faulty lines
        }
      })
      .filter((r): r is { recordId: string; delivery: string; person: { ssn: string; name: string } } => r.delivery === 'electronic' && r.person !== undefined)
      .map((r) => ({ recordId: r.recordId, ssn: r.person.ssn, name: r.person.name }));

  it('balances: input = printed + electronic + held + suppressed, in the manifest and the reconciliation', () => {
    const c = manifest().counts;
    expect(c.electronic).toBeGreaterThan(0);
    expect(c.input).toBe(c.printed + c.electronic + c.exceptions + c.suppressed);
    const rec = JSON.parse(readFileSync(path.join(runDir, 'reconciliation.json'), 'utf8')) as { overall: Record<string, number>; byBatch: Record<string, { input: number; printed: number; electronic: number; exceptions: number; suppressed: number }> };
    expect(rec.overall.electronic).toBe(c.electronic);
    for (const b of Object.values(rec.byBatch)) expect(b.input).toBe(b.printed + b.electronic + b.exceptions + b.suppressed);
    // the electronic records are no longer exceptions
    expect(readFileSync(path.join(runDir, 'exceptions.jsonl'), 'utf8')).not.toContain('DELIVERY_ELECTRONIC');
    const summary = siprint(['status', runDir], cliEnv({ SIPRINT_VERIFY_KEY: KEY }));
    expect(summary.stdout).toContain(`electronic statements: ${c.electronic} records`);
  });

  it('makes one PDF per person in print/<runId>-EL-<batch>-p<NNN>.zip, with index.csv and manifest.json', () => {
    const m = manifest();
    const el = m.packages.filter((p) => p.electronic);
    expect(el.map((p) => p.path).sort()).toEqual(Object.keys(m.counts.electronicByBatch).map((b) => `print/el-EL-${b}-p001.zip`).sort());
    const people = electronicRecords();
    const listed: string[] = [];
    for (const p of el) {
      const files = readZip(readFileSync(path.join(runDir, p.path)));
      const names = files.map((f) => f.name);
      expect(names.slice(-2)).toEqual(['index.csv', 'manifest.json']);
      const index = Buffer.from(files.find((f) => f.name === 'index.csv')?.data ?? []).toString('utf8');
      const rows = index.trim().split('\r\n');
      expect(rows[0]).toBe('pieceId,recordId,batch,verificationCode,sha256');
      expect(names.slice(0, -2)).toEqual(rows.slice(1).map((r) => `${r.split(',')[0]}.pdf`));
      for (const r of rows.slice(1)) listed.push(r.split(',')[1] as string);
      // no ssn, no name in the index
      for (const person of people) {
        expect(index).not.toContain(person.ssn);
        expect(index).not.toContain(person.name);
      }
      expect(p.envelopePages).toBe(0);
    }
    expect(listed.sort()).toEqual(people.map((x) => x.recordId).sort());
  });

  it('draws the QR with the 校验码 and no inserter DataMatrix', () => {
    if (!checkable(toolsMissing, 'the electronic PDF\'s barcodes')) return;
    const p = manifest().packages.find((x) => x.electronic);
    const files = readZip(readFileSync(path.join(runDir, p?.path ?? '')));
    const index = Buffer.from(files.find((f) => f.name === 'index.csv')?.data ?? []).toString('utf8');
    const [pieceId, , , code] = (index.trim().split('\r\n')[1] ?? '').split(',');
    const pdf = path.join(dir, `${pieceId}.pdf`);
    writeFileSync(pdf, files.find((f) => f.name === `${pieceId}.pdf`)?.data ?? new Uint8Array());
    const png = rasterize(pdf, 1, 200);
    expect(zbar(png).map((s) => s.replace(/-/g, ''))).toContain((code ?? '').replace(/-/g, ''));
    const dataMatrices = (file: string) => spawnSync('dmtxread', ['-m', '8000', file], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(dataMatrices(png)).toEqual([]);
    // the same reading finds the inserter's code on a printed statement of the run
    const printed = manifest().packages.find((x) => !x.electronic);
    const statements = readZip(readFileSync(path.join(runDir, printed?.path ?? ''))).find((f) => f.name === 'statements.pdf');
    const printedPdf = path.join(dir, 'printed.pdf');
    writeFileSync(printedPdf, statements?.data ?? new Uint8Array());
    expect(dataMatrices(rasterize(printedPdf, 1, 200)).join('\n')).toMatch(/^el\|E\d{8}\|1\/1$/m);
  });

  it('verifies, and a flipped byte in one PDF fails verify', () => {
    expect(siprint(['verify', runDir]).status).toBe(0);
    const p = manifest().packages.find((x) => x.electronic);
    const file = path.join(runDir, p?.path ?? '');
    const original = readFileSync(file);
    try {
      // flip a byte inside the first PDF's data (after its local header), keep the ZIP readable
      const bytes = Buffer.from(original);
      const at = 30 + 'ELE00000001.pdf'.length + 200;
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      writeFileSync(file, bytes);
      const r = siprint(['verify', runDir]);
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).toContain(`${p?.path}: SHA-256`);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('finds a PDF changed inside a rebuilt package by its index.csv hash', async () => {
    // the package rebuilt around a changed PDF (valid ZIP, new CRCs): only index.csv can tell
    const p = manifest().packages.find((x) => x.electronic);
    const file = path.join(runDir, p?.path ?? '');
    const original = readFileSync(file);
    try {
      const files = readZip(original).map((f, i) => (i === 0 ? { name: f.name, data: Buffer.concat([f.data, Buffer.from('%tampered\n')]) } : { name: f.name, data: f.data }));
      writeFileSync(file, await storedZip(files));
      const r = siprint(['verify', runDir]);
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).toContain(`${files[0]?.name}: SHA-256`);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('packages an electronic part one PDF at a time: the same bytes again, and a PDF changed since rendering seals nothing', async () => {
    const copy = path.join(dir, 'el-copy');
    cpSync(runDir, copy, { recursive: true });
    const p = manifest().packages.find((x) => x.electronic);
    const partId = readdirSync(path.join(copy, 'parts')).find((d) => d.startsWith('EL-')) ?? '';
    const pp = partPaths(copy, partId);
    const packaged = JSON.parse(readFileSync(pp.packaged, 'utf8')) as { path: string; sha256: string };
    const again = async (): Promise<void> => {
      rmSync(pp.packaged);
      rmSync(path.join(copy, packaged.path));
      await packagePartStage(copy, partId);
    };
    await again();
    expect(createHash('sha256').update(readFileSync(path.join(copy, packaged.path))).digest('hex')).toBe(packaged.sha256);
    if (packaged.path === p?.path) expect(packaged.sha256).toBe(p.sha256);
    // one byte of the second PDF changed in the rendered file: found when the ZIP comes to it
    const rendered = JSON.parse(readFileSync(pp.rendered, 'utf8')) as { pdfs: { bytes: number }[] };
    const pdfs = readFileSync(pp.pdfs);
    const flip = (b: Buffer, at: number): void => void b.writeUInt8(b.readUInt8(at) ^ 1, at);
    flip(pdfs, (rendered.pdfs[0]?.bytes ?? 0) + 100);
    writeFileSync(pp.pdfs, pdfs);
    await expect(again()).rejects.toThrow(`part ${partId}: the rendered files no longer match their render marker`);
    expect(readdirSync(path.join(copy, 'print')).filter((f) => f.includes(`-${partId}-`) || f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(pp.packaged)).toBe(false);
    // bytes added after the last PDF (the render marker's check of sizes finds it first)
    flip(pdfs, (rendered.pdfs[0]?.bytes ?? 0) + 100);
    writeFileSync(pp.pdfs, Buffer.concat([pdfs, Buffer.from('%extra\n')]));
    await expect(packagePartStage(copy, partId)).rejects.toThrow(`part ${partId}: `);
    expect(existsSync(pp.packaged)).toBe(false);
  });

  describe('reprinted (补打)', () => {
    let archived: ArchivedPiece[];
    beforeAll(async () => {
      archived = [];
      for await (const a of readArchive(runDir)) archived.push(a);
    });
    const reprint = (args: string[]) => siprint(['reprint', '--run', runDir, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'self', '--date', '2026-03-05', ...args], cliEnv({ SIPRINT_VERIFY_KEY: KEY }));

    it('as a new PDF with the 补打 mark, the same code and no inserter code, in <runId>-EL-RP-….zip', () => {
      const a = archived.find((x) => x.electronic);
      if (!a) throw new Error('the run has no electronic piece');
      const out = path.join(dir, 'rp-el');
      const r = reprint(['--ssn', a.record.person.ssn, '--out', out]);
      expect([r.status, r.stderr]).toEqual([0, '']);
      const pieceId = /as (RP-\d{6})/.exec(r.stdout)?.[1] ?? '';
      const file = path.join(out, `el-EL-${pieceId}.zip`);
      expect(r.stdout).toContain(`package ${file} sha256 `);
      const files = readZip(readFileSync(file));
      expect(files.map((f) => f.name)).toEqual([`${pieceId}.pdf`, 'index.csv', 'manifest.json']);
      const pdfBytes = files[0]?.data ?? new Uint8Array();
      const code = a.verificationCode.replace(/(.{4})(?=.)/g, '$1-');
      const index = Buffer.from(files[1]?.data ?? []).toString('utf8');
      expect(index).toBe(`pieceId,recordId,batch,verificationCode,sha256\r\n${pieceId},${a.record.recordId},${a.batch},${code},${createHash('sha256').update(pdfBytes).digest('hex')}\r\n`);
      const m = JSON.parse(Buffer.from(files[2]?.data ?? []).toString('utf8')) as { electronic: boolean; envelopePages: number; reprints: { originalPieceId: string }[] };
      expect([m.electronic, m.envelopePages, m.reprints.map((x) => x.originalPieceId)]).toEqual([true, 0, [a.pieceId]]);
      const pdf = path.join(dir, `${pieceId}.pdf`);
      writeFileSync(pdf, pdfBytes);
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
      expect(text).toMatch(/补打（2026年3月5日，第\d+次）/);
      expect(text).toContain(`校验码：${code}`);
      // the served page counts it
      expect(readReprints(runDir).get(a.pieceId)?.last.pieceId).toBe(pieceId);
      if (!checkable(toolsMissing, 'the reprinted PDF has no DataMatrix')) return;
      expect(spawnSync('dmtxread', ['-m', '8000', rasterize(pdf, 1, 200)], { encoding: 'utf8' }).stdout).toBe('');
    });

    it('on paper when the request gives an address; an electronic and a mailed one together are refused in one line', () => {
      const e = archived.find((x) => x.electronic && x.record.address);
      const mailed = archived.find((x) => !x.electronic && x.recipient.role === 'self');
      if (!e || !mailed) throw new Error('the run lacks an electronic piece with an address or a mailed one');
      const addr = path.join(dir, 'addr.json');
      writeFileSync(addr, JSON.stringify(e.record.address));
      const out = path.join(dir, 'rp-paper');
      // the same person as above, within a day: a second operator approves (issue 16 item 14)
      const paper = reprint(['--ssn', e.record.person.ssn, '--address-json', addr, '--approved-by', 'op.wang', '--out', out]);
      expect([paper.status, paper.stderr]).toEqual([0, '']);
      const pkg = /^package (\S+) /m.exec(paper.stdout)?.[1] ?? '';
      expect(path.basename(pkg)).toMatch(/^el-RP-\d{6}\.zip$/);
      expect(readZip(readFileSync(pkg)).map((f) => f.name)).toEqual(['statements.pdf', 'envelopes.pdf', 'mailing.csv', 'manifest.json']);
      const list = path.join(dir, 'mixed.csv');
      writeFileSync(list, `ssn,reason,requestedBy,relation,approvedBy\n${mailed.record.person.ssn},遗失,op.li,self,\n${e.record.person.ssn},遗失,op.li,self,\n`);
      const mixed = siprint(['reprint', '--run', runDir, '--list', list, '--out', path.join(dir, 'rp-mixed')], cliEnv({ SIPRINT_VERIFY_KEY: KEY }));
      expect(mixed.status).toBe(2);
      expect(mixed.stderr).toMatch(/^siprint: mixed\.csv row 3: ssn \d{6}\*{8}[\dX]{4} had an electronic statement and is reprinted as a new PDF, the others on paper: [^\n]+\n$/);
    });
  });
});
