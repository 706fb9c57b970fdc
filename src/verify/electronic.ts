/** The inside of one electronic-statement package: its manifest, index.csv, and each person's PDF against both. */
import { parse as parseCsv } from 'csv-parse/sync';
import { FULL_SSN_IN_TEXT } from '../domain/ssn';
import { PDFDocument } from 'pdf-lib';
import { INDEX_CSV_HEADER } from '../package/electronic';
import { unneutralizeCell } from '../package/mailing-csv';
import { t } from '../i18n';
import { sha256 } from '../run-dir/hash';
import { parseInnerManifest, readPackageZip, type PackageCounts } from './package-contents';
import { electronicManifestSchema, type PackageEntryRead } from './schemas';

const CODE = /^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/;

export async function verifyElectronicContents(bytes: Uint8Array, entry: PackageEntryRead, runId: string | undefined, problems: string[]): Promise<PackageCounts | null> {
  const rel = entry.path;
  const files = readPackageZip(bytes, rel, problems);
  if (!files) return null;
  const byName = new Map(files.map((f) => [f.name, f.data]));
  const manifestBytes = byName.get('manifest.json');
  const indexBytes = byName.get('index.csv');
  if (!manifestBytes || !indexBytes) {
    problems.push(t('verify.elMissing', { path: rel, missing: manifestBytes ? 'index.csv' : 'manifest.json' }));
    return null;
  }
  const part = parseInnerManifest(manifestBytes, rel, electronicManifestSchema, problems);
  if (!part) return null;
  if (runId !== undefined && part.runId !== runId) problems.push(t('verify.otherRun', { path: rel, runId: part.runId, want: runId }));
  for (const k of ['batch', 'part', 'pieces', 'statementPages'] as const)
    if (part[k] !== entry[k]) problems.push(t('verify.innerSays', { path: rel, key: k, inner: String(part[k]), outer: String(entry[k]) }));
  const ref = part.files['index.csv'];
  if (indexBytes.length !== ref.bytes || sha256(indexBytes) !== ref.sha256) problems.push(t('verify.indexDiffers', { path: rel }));

  const text = Buffer.from(indexBytes).toString('utf8');
  if (FULL_SSN_IN_TEXT.test(text)) problems.push(t('verify.indexSsn', { path: rel }));
  let rows: string[][];
  try {
    const parsed: unknown = parseCsv(text, { bom: true });
    rows = parsed as string[][];
  } catch (err) {
    problems.push(t('verify.indexInvalid', { path: rel, error: err instanceof Error ? err.message : String(err) }));
    return null;
  }
  const [header, ...body] = rows;
  if (header?.join(',') !== INDEX_CSV_HEADER.join(',')) {
    problems.push(t('verify.indexHeader', { path: rel, header: JSON.stringify(header?.join(',') ?? ''), expected: INDEX_CSV_HEADER.join(',') }));
    return null;
  }
  const expected = new Set([...body.map((r) => `${unneutralizeCell(r[0] ?? '')}.pdf`), 'index.csv', 'manifest.json']);
  for (const name of byName.keys()) if (!expected.has(name)) problems.push(t('verify.notInIndex', { path: rel, name }));
  if (body.length !== part.pieces) problems.push(t('verify.indexPieces', { path: rel, n: body.length, want: part.pieces }));
  let pages = 0;
  let reported = 0;
  const bad = (line: string): void => {
    if (reported++ < 3) problems.push(t('verify.at', { where: rel, text: line }));
  };
  for (const [i, r] of body.entries()) {
    const [pieceId = '', , batch = '', code = '', hash = ''] = r.map(unneutralizeCell);
    const where = t('verify.indexRow', { row: i + 2, piece: pieceId });
    if (batch !== entry.batch) bad(t('verify.at', { where, text: t('verify.rowBatch', { batch, want: entry.batch }) }));
    if (!CODE.test(code)) bad(t('verify.at', { where, text: t('verify.codeFormat', { code: JSON.stringify(code) }) }));
    const pdf = byName.get(`${pieceId}.pdf`);
    if (!pdf) {
      bad(t('verify.at', { where, text: t('verify.pdfMissing', { name: `${pieceId}.pdf` }) }));
      continue;
    }
    const h = sha256(pdf);
    if (h !== hash) {
      bad(t('verify.shaDiffers', { file: `${pieceId}.pdf`, got: h, want: hash, against: 'index.csv' }));
      continue;
    }
    try {
      pages += (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
    } catch (err) {
      bad(t('verify.notPdf', { file: `${pieceId}.pdf`, error: err instanceof Error ? err.message : String(err) }));
    }
  }
  if (reported > 3) problems.push(t('verify.more', { path: rel, n: reported - 3 }));
  if (reported === 0 && pages !== part.statementPages) problems.push(t('verify.elPages', { path: rel, n: pages, want: part.statementPages }));
  return { pieces: body.length, statementPages: reported === 0 ? pages : part.statementPages, envelopePages: 0 };
}
