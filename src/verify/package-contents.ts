/** The inside of one unencrypted package: its manifest, and statements, envelopes and mailing list agreeing piece by piece. */
import { parse as parseCsv } from 'csv-parse/sync';
import { FULL_SSN_IN_TEXT } from '../domain/ssn';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { BUNDLES_FILE, PACKAGE_FILES } from '../package/build-package';
import { BUNDLE_COLUMN, MAILING_CSV_HEADER, unneutralizeCell } from '../package/mailing-csv';
import { readZip } from '../package/zip';
import { t } from '../i18n';
import { sha256 } from '../run-dir/hash';
import type { z } from 'zod';
import { partManifestSchema, zodProblem, type PackageEntryRead } from './schemas';

/** The piece ID and page numbering a page carries in /PieceInfo /siprint /Private (src/render/pdf.ts writes it). */
function pieceOfPage(doc: PDFDocument, index: number): { piece: string; n: number; m: number } | null {
  const page = doc.getPage(index);
  const info = page.node.lookupMaybe(PDFName.of('PieceInfo'), PDFDict);
  const app = info?.lookupMaybe(PDFName.of('siprint'), PDFDict);
  const priv = app?.lookupMaybe(PDFName.of('Private'), PDFDict);
  if (!priv) return null;
  const piece = priv.lookup(PDFName.of('Piece'));
  const n = priv.lookup(PDFName.of('Page'));
  const m = priv.lookup(PDFName.of('Of'));
  if (!(piece instanceof PDFString || piece instanceof PDFHexString)) return null;
  return {
    piece: piece.decodeText(),
    n: n instanceof PDFNumber ? n.asNumber() : 1,
    m: m instanceof PDFNumber ? m.asNumber() : 1,
  };
}

interface PdfPieces {
  pages: number;
  /** Piece IDs in order, one per piece (a piece's pages collapsed). */
  pieces: string[];
  /** Pages per piece, same order. */
  pagesOf: number[];
}

async function readPdfPieces(bytes: Uint8Array, where: string, problems: string[], onePagePerPiece: boolean): Promise<PdfPieces | null> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (err) {
    problems.push(t('verify.notPdf', { file: where, error: err instanceof Error ? err.message : String(err) }));
    return null;
  }
  const pages = doc.getPageCount();
  const pieces: string[] = [];
  const pagesOf: number[] = [];
  let expectNext = 1;
  let current: { piece: string; m: number } | null = null;
  let reported = 0;
  const report = (text: string): void => {
    // one damaged file should not flood the report: the first few pages say enough
    if (reported++ < 3) problems.push(t('verify.at', { where, text }));
  };
  for (let i = 0; i < pages; i++) {
    const tag = pieceOfPage(doc, i);
    if (!tag) {
      report(t('verify.pageNoTag', { page: i + 1 }));
      continue;
    }
    if (onePagePerPiece && (tag.n !== 1 || tag.m !== 1)) report(t('verify.envelopeOnePage', { page: i + 1, piece: tag.piece, n: tag.n, m: tag.m }));
    if (current && tag.piece === current.piece && tag.n === expectNext && !onePagePerPiece) {
      pagesOf[pagesOf.length - 1]!++;
    } else {
      if (current && expectNext <= current.m) report(t('verify.pieceEnds', { piece: current.piece, page: expectNext - 1, m: current.m }));
      if (tag.n !== 1) report(t('verify.pieceStarts', { page: i + 1, piece: tag.piece, n: tag.n, m: tag.m }));
      current = { piece: tag.piece, m: tag.m };
      pieces.push(tag.piece);
      pagesOf.push(1);
    }
    expectNext = tag.n + 1;
  }
  if (current && expectNext <= current.m) report(t('verify.pieceEnds', { piece: current.piece, page: expectNext - 1, m: current.m }));
  if (reported > 3) problems.push(t('verify.morePages', { where, n: reported - 3 }));
  return { pages, pieces, pagesOf };
}

function firstDifference(a: string[], b: string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

interface CsvRows {
  pieces: string[];
  sheets: number[];
  /** Each piece's bundle ('' mailed home): only in a run through employers. */
  bundles?: string[];
}

function readMailingCsv(bytes: Uint8Array, where: string, batch: string, problems: string[]): CsvRows | null {
  const text = Buffer.from(bytes).toString('utf8');
  if (FULL_SSN_IN_TEXT.test(text)) problems.push(t('verify.csvSsn', { where }));
  let rows: string[][];
  try {
    const parsed: unknown = parseCsv(text, { bom: true });
    rows = parsed as string[][];
  } catch (err) {
    problems.push(t('verify.notCsv', { file: where, error: err instanceof Error ? err.message : String(err) }));
    return null;
  }
  const [header, ...body] = rows;
  const withBundle = [...MAILING_CSV_HEADER, BUNDLE_COLUMN].join(',');
  if (!header || (header.join(',') !== MAILING_CSV_HEADER.join(',') && header.join(',') !== withBundle)) {
    problems.push(t('verify.csvHeader', { where, header: JSON.stringify(header?.join(',') ?? ''), expected: MAILING_CSV_HEADER.join(','), bundle: BUNDLE_COLUMN }));
    return null;
  }
  const out: CsvRows = { pieces: [], sheets: [], ...(header.length > MAILING_CSV_HEADER.length ? { bundles: [] } : {}) };
  let reported = 0;
  body.forEach((r, i) => {
    const row = i + 2;
    const cell = (k: number): string => unneutralizeCell(r[k] ?? '');
    const bad = (text: string): void => {
      if (reported++ < 3) problems.push(t('verify.row', { where, row, text }));
    };
    if (cell(1) !== batch) bad(t('verify.rowBatch', { batch: cell(1), want: batch }));
    if (cell(4) !== 'self' && cell(4) !== 'guardian') bad(t('verify.rowRole', { role: JSON.stringify(cell(4)) }));
    // a postcode may start with 0 (Inner Mongolia, Shanxi, Hebei: domain.md)
    if (!/^\d{6}$/.test(cell(5))) bad(t('verify.rowPostcode', { postcode: JSON.stringify(cell(5)) }));
    const sheets = Number(cell(7));
    if (!Number.isInteger(sheets) || sheets < 1) bad(t('verify.rowSheets', { sheets: JSON.stringify(cell(7)) }));
    out.pieces.push(cell(0));
    out.sheets.push(sheets);
    out.bundles?.push(cell(8));
  });
  if (reported > 3) problems.push(t('verify.moreRows', { where, n: reported - 3 }));
  return out;
}

export interface PackageCounts {
  pieces: number;
  statementPages: number;
  envelopePages: number;
}

/** A package's ZIP entries, or null with one problem line (electronic and print packages alike). */
export function readPackageZip(bytes: Uint8Array, rel: string, problems: string[]): ReturnType<typeof readZip> | null {
  try {
    return readZip(bytes);
  } catch (err) {
    problems.push(t('verify.at', { where: rel, text: err instanceof Error ? err.message : String(err) }));
    return null;
  }
}

/** A package's inner manifest.json checked against its schema, or null with one problem line. */
export function parseInnerManifest<S extends z.ZodType>(bytes: Uint8Array, rel: string, schema: S, problems: string[]): z.infer<S> | null {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    if (parsed.success) return parsed.data;
    problems.push(zodProblem(t('verify.inPackage', { path: rel, file: 'manifest.json' }), parsed.error));
  } catch {
    problems.push(t('verify.innerNotJson', { path: rel }));
  }
  return null;
}

/** Checks the inside of one unencrypted package; returns what it actually holds (or null). */
export async function verifyPackageContents(bytes: Uint8Array, entry: PackageEntryRead, runId: string | undefined, problems: string[]): Promise<PackageCounts | null> {
  const rel = entry.path;
  const files = readPackageZip(bytes, rel, problems);
  if (!files) return null;
  const names = files.map((f) => f.name);
  const expected = [...PACKAGE_FILES, ...(names.includes(BUNDLES_FILE) ? [BUNDLES_FILE] : []), 'manifest.json'];
  if (names.join(',') !== expected.join(',')) problems.push(t('verify.holds', { path: rel, names: names.join(', '), expected: expected.join(', ') }));
  const get = (name: string): Uint8Array | undefined => files.find((f) => f.name === name)?.data;
  const manifestBytes = get('manifest.json');
  if (!manifestBytes) return null;
  const part = parseInnerManifest(manifestBytes, rel, partManifestSchema, problems);
  if (!part) return null;
  if (part.runId !== undefined && runId !== undefined && part.runId !== runId) problems.push(t('verify.otherRun', { path: rel, runId: part.runId, want: runId }));
  for (const k of ['batch', 'part', 'pieces', 'statementPages', 'envelopePages'] as const)
    if (part[k] !== entry[k]) problems.push(t('verify.innerSays', { path: rel, key: k, inner: String(part[k]), outer: String(entry[k]) }));
  if (names.includes(BUNDLES_FILE) !== (part.files[BUNDLES_FILE] !== undefined)) problems.push(t('verify.bundlesDisagree', { path: rel, file: BUNDLES_FILE }));
  for (const name of [...PACKAGE_FILES, BUNDLES_FILE] as const) {
    const data = get(name);
    const ref = part.files[name];
    if (!data || !ref) continue;
    if (data.length !== ref.bytes) problems.push(t('verify.entryBytes', { path: rel, name, n: data.length, want: ref.bytes }));
    const h = sha256(data);
    if (h !== ref.sha256) problems.push(t('verify.entrySha', { path: rel, name, got: h, want: ref.sha256 }));
  }
  const st = get('statements.pdf');
  const env = get('envelopes.pdf');
  const csv = get('mailing.csv');
  const stmt = st ? await readPdfPieces(st, t('verify.inPackage', { path: rel, file: 'statements.pdf' }), problems, false) : null;
  const envl = env ? await readPdfPieces(env, t('verify.inPackage', { path: rel, file: 'envelopes.pdf' }), problems, true) : null;
  const mail = csv ? readMailingCsv(csv, t('verify.inPackage', { path: rel, file: 'mailing.csv' }), entry.batch, problems) : null;
  const bundlesBytes = get(BUNDLES_FILE);
  if (bundlesBytes || mail?.bundles) {
    // each bundle of mailing.csv once, in print order, is one bundle of bundles.pdf (its label and list)
    const inCsv = mail?.bundles ? [...new Set(mail.bundles.filter((b) => b !== ''))] : [];
    const inPdf = bundlesBytes ? await readPdfPieces(bundlesBytes, t('verify.inPackage', { path: rel, file: BUNDLES_FILE }), problems, false) : { pages: 0, pieces: [], pagesOf: [] };
    if (inPdf) {
      const d = firstDifference(inCsv, inPdf.pieces);
      if (d >= 0) problems.push(t('verify.bundlesPairing', { path: rel, file: BUNDLES_FILE, at: d + 1, ...(inPdf.pieces[d] !== undefined && { inPdf: inPdf.pieces[d] }), ...(inCsv[d] !== undefined && { inCsv: inCsv[d] }) }));
      if ((part.bundles ?? 0) !== inPdf.pieces.length || (part.bundlePages ?? 0) !== inPdf.pages)
        problems.push(t('verify.bundlesCount', { path: rel, file: BUNDLES_FILE, bundles: inPdf.pieces.length, pages: inPdf.pages, wantBundles: part.bundles ?? 0, wantPages: part.bundlePages ?? 0 }));
    }
  }
  if (stmt && stmt.pages !== part.statementPages) problems.push(t('verify.pdfPages', { path: rel, name: 'statements.pdf', n: stmt.pages, want: part.statementPages }));
  if (envl && envl.pages !== part.envelopePages) problems.push(t('verify.pdfPages', { path: rel, name: 'envelopes.pdf', n: envl.pages, want: part.envelopePages }));
  const lists: [string, string[]][] = [];
  if (stmt) lists.push(['statements.pdf', stmt.pieces]);
  if (envl) lists.push(['envelopes.pdf', envl.pieces]);
  if (mail) lists.push(['mailing.csv', mail.pieces]);
  for (const [name, ids] of lists)
    if (ids.length !== part.pieces) problems.push(t('verify.listPieces', { path: rel, name, n: ids.length, want: part.pieces }));
  for (let i = 1; i < lists.length; i++) {
    const [aName, a] = lists[0]!;
    const [bName, b] = lists[i]!;
    const d = firstDifference(a, b);
    if (d >= 0) problems.push(t('verify.pairing', { path: rel, a: aName, b: bName, at: d + 1, ...(a[d] !== undefined && { inA: a[d] }), ...(b[d] !== undefined && { inB: b[d] }) }));
  }
  if (stmt && mail && firstDifference(stmt.pieces, mail.pieces) < 0) {
    // duplex or simplex, a piece of m pages needs between ceil(m/2) and m sheets
    const i = stmt.pagesOf.findIndex((m, k) => {
      const s = mail.sheets[k] ?? 0;
      return s < Math.ceil(m / 2) || s > m;
    });
    if (i >= 0) problems.push(t('verify.csvSheets', { path: rel, row: i + 2, sheets: String(mail.sheets[i]), piece: String(stmt.pieces[i]), pages: String(stmt.pagesOf[i]) }));
  }
  return { pieces: stmt?.pieces.length ?? part.pieces, statementPages: stmt?.pages ?? part.statementPages, envelopePages: envl?.pages ?? part.envelopePages };
}

