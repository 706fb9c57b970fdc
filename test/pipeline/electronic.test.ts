/**
 * Electronic statements (docs/delivery.md §7), through the real CLI: `delivery: electronic` records get
 * a PDF each in print/<runId>-EL-<batch>-p<NNN>.zip (with index.csv and manifest.json), the counts
 * balance with them, verify checks them (a flipped byte fails it), and the PDFs carry the QR with the
 * 校验码 and no inserter DataMatrix.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readZip, storedZip } from '../../src/package/zip';
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
});
