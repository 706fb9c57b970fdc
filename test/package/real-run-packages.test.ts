/**
 * The print-house packages of a real (small) run, opened with the tools a print house would use:
 * `unzip -t`, `pdftotext`, `pdftoppm` + `dmtxread`. Per part: mailing.csv rows = statement piece IDs
 * (text and a DataMatrix sample) = envelope piece IDs, in the same order; no ssn outside the statements;
 * a minor's envelope names the guardian; postcodes ascend within a part.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { dmtx, rasterize } from '../render/tools';
import { KEY, cliEnv, manifestOf, siprint, tempDir } from '../reliability/helpers';

jest.setTimeout(240_000);

interface MailingRow {
  pieceId: string;
  batch: string;
  recordId: string;
  recipientName: string;
  recipientRole: string;
  postcode: string;
  address: string;
  sheets: string;
}

const SSN_RE = /\d{17}[\dX]/;
const PIECE_RE = /\b[ER]\d{8}\b/g;

/** The piece IDs printed on each page of a PDF, page by page (pages split on form feed). */
function pieceIdsPerPage(pdf: string): string[][] {
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const pages = text.split('\f');
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages.map((p) => [...new Set(p.match(PIECE_RE) ?? [])]);
}

describe('packages of a real run', () => {
  let dir: string;
  let runDir: string;
  let ssns: string[];

  beforeAll(() => {
    dir = tempDir('packages');
    const extract = path.join(dir, 'extract.jsonl');
    expect(siprint(['generate', '--count', '90', '--year', '2025', '--seed', 'packages', '--out', extract]).status).toBe(0);
    ssns = readFileSync(extract, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { person: { ssn: string } }).person.ssn);
    const base = JSON.parse(readFileSync(path.join(__dirname, '../../jobs/annual-2025.json'), 'utf8')) as Record<string, unknown>;
    const ticket = path.join(dir, 'ticket.json');
    writeFileSync(ticket, JSON.stringify({ ...base, piecesPerFile: 25 }));
    const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', dir, '--run-id', 'pkg', '--ticket', ticket], cliEnv({ SIPRINT_VERIFY_KEY: KEY }));
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    runDir = path.join(dir, 'pkg');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every package passes unzip -t and agrees piece by piece across mailing.csv, statements and envelopes', () => {
    const manifest = manifestOf(runDir);
    expect(manifest.packages.length).toBeGreaterThanOrEqual(3);
    let guardianEnvelopes = 0;
    for (const pkg of manifest.packages) {
      const zip = path.join(runDir, pkg.path);
      expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
      // electronic-statement packages (a PDF per person, no envelopes): test/pipeline/electronic.test.ts
      if (pkg.path.includes('-EL-')) continue;
      const into = path.join(dir, 'open', path.basename(pkg.path, '.zip'));
      mkdirSync(into, { recursive: true });
      execFileSync('unzip', ['-q', '-o', zip, '-d', into]);

      const csv = readFileSync(path.join(into, 'mailing.csv'), 'utf8');
      const rows = parse<MailingRow>(csv, { columns: true });
      expect(rows).toHaveLength(pkg.pieces);
      const ids = rows.map((r) => r.pieceId);
      expect(new Set(ids).size).toBe(ids.length);

      // statements: each page names its piece; in order, one run of pages per piece
      const statementPages = pieceIdsPerPage(path.join(into, 'statements.pdf'));
      const statementOrder = statementPages.map((p) => p[0]).filter((id, i, all) => id !== all[i - 1]);
      expect(statementOrder).toEqual(ids);
      // envelopes: exactly one page per piece, same order
      const envelopePages = pieceIdsPerPage(path.join(into, 'envelopes.pdf'));
      expect(envelopePages.map((p) => p[0])).toEqual(ids);

      // the inserter's DataMatrix (bottom right corner of the sheet) carries the first piece
      const png = rasterize(path.join(into, 'statements.pdf'), 1, 150, { x: 150, y: 250, w: 60, h: 47 });
      expect(dmtx(png)).toContainEqual(`pkg|${ids[0]}|1/${statementPages.filter((p) => p[0] === ids[0]).length}`);

      // nothing from the statement on the outside, nor in the mailing list
      const envelopeText = execFileSync('pdftotext', [path.join(into, 'envelopes.pdf'), '-'], { encoding: 'utf8' });
      expect(envelopeText).not.toMatch(SSN_RE);
      expect(csv).not.toMatch(SSN_RE);
      for (const ssn of ssns) expect(envelopeText.includes(ssn) || csv.includes(ssn)).toBe(false);

      // a minor's envelope is addressed to the guardian, marked as such
      const envelopeTexts = execFileSync('pdftotext', ['-layout', path.join(into, 'envelopes.pdf'), '-'], { encoding: 'utf8' }).split('\f');
      rows.forEach((r, i) => {
        if (r.recipientRole !== 'guardian') return;
        guardianEnvelopes++;
        const page = (envelopeTexts[i] ?? '').replace(/\s+/g, '');
        expect(page).toContain(r.recipientName);
        expect(page).toContain('（监护人）');
      });

      // presorted: postcodes ascend within a part
      const postcodes = rows.map((r) => r.postcode);
      expect(postcodes).toEqual([...postcodes].sort());
    }
    expect(guardianEnvelopes).toBeGreaterThan(0);
  });

  it('siprint verify passes on the fresh run', () => {
    const r = siprint(['verify', runDir]);
    expect(r.stdout).toMatch(/^OK pkg: /);
    expect(r.status).toBe(0);
  });
});
