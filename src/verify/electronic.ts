/** The inside of one electronic-statement package: its manifest, index.csv, and each person's PDF against both. */
import { parse as parseCsv } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { INDEX_CSV_HEADER } from '../package/electronic';
import { unneutralizeCell } from '../package/mailing-csv';
import { sha256 } from '../run-dir/hash';
import { parseInnerManifest, readPackageZip, type PackageCounts } from './package-contents';
import { FULL_SSN, electronicManifestSchema, type PackageEntryRead } from './schemas';

const CODE = /^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/;

export async function verifyElectronicContents(bytes: Uint8Array, entry: PackageEntryRead, runId: string | undefined, problems: string[]): Promise<PackageCounts | null> {
  const rel = entry.path;
  const files = readPackageZip(bytes, rel, problems);
  if (!files) return null;
  const byName = new Map(files.map((f) => [f.name, f.data]));
  const manifestBytes = byName.get('manifest.json');
  const indexBytes = byName.get('index.csv');
  if (!manifestBytes || !indexBytes) {
    problems.push(`${rel}: holds no ${manifestBytes ? 'index.csv' : 'manifest.json'}; an electronic package has <pieceId>.pdf files, index.csv and manifest.json`);
    return null;
  }
  const part = parseInnerManifest(manifestBytes, rel, electronicManifestSchema, problems);
  if (!part) return null;
  if (runId !== undefined && part.runId !== runId) problems.push(`${rel}: manifest.json belongs to run ${part.runId}, not ${runId}`);
  for (const k of ['batch', 'part', 'pieces', 'statementPages'] as const)
    if (part[k] !== entry[k]) problems.push(`${rel}: manifest.json says ${k} ${part[k]}, the run manifest says ${entry[k]}`);
  const ref = part.files['index.csv'];
  if (indexBytes.length !== ref.bytes || sha256(indexBytes) !== ref.sha256) problems.push(`${rel}: index.csv differs from its manifest.json (size or SHA-256)`);

  const text = Buffer.from(indexBytes).toString('utf8');
  if (FULL_SSN.test(text)) problems.push(`${rel}: index.csv holds what looks like an 18-digit ssn; the index must not carry it`);
  let rows: string[][];
  try {
    const parsed: unknown = parseCsv(text, { bom: true });
    rows = parsed as string[][];
  } catch (err) {
    problems.push(`${rel}: index.csv is not valid CSV (${err instanceof Error ? err.message : String(err)})`);
    return null;
  }
  const [header, ...body] = rows;
  if (header?.join(',') !== INDEX_CSV_HEADER.join(',')) {
    problems.push(`${rel}: index.csv header is ${JSON.stringify(header?.join(',') ?? '')}, expected ${INDEX_CSV_HEADER.join(',')}`);
    return null;
  }
  const expected = new Set([...body.map((r) => `${unneutralizeCell(r[0] ?? '')}.pdf`), 'index.csv', 'manifest.json']);
  for (const name of byName.keys()) if (!expected.has(name)) problems.push(`${rel}: holds ${name}, which index.csv does not list`);
  if (body.length !== part.pieces) problems.push(`${rel}: index.csv lists ${body.length} pieces, manifest.json says ${part.pieces}`);
  let pages = 0;
  let reported = 0;
  const bad = (line: string): void => {
    if (reported++ < 3) problems.push(`${rel}: ${line}`);
  };
  for (const [i, r] of body.entries()) {
    const [pieceId = '', , batch = '', code = '', hash = ''] = r.map(unneutralizeCell);
    const where = `index.csv row ${i + 2} (${pieceId})`;
    if (batch !== entry.batch) bad(`${where}: batch ${batch} in a package of batch ${entry.batch}`);
    if (!CODE.test(code)) bad(`${where}: verificationCode ${JSON.stringify(code)} is not XXXX-XXXX-XXXX-XXXX`);
    const pdf = byName.get(`${pieceId}.pdf`);
    if (!pdf) {
      bad(`${where}: ${pieceId}.pdf is missing`);
      continue;
    }
    const h = sha256(pdf);
    if (h !== hash) {
      bad(`${pieceId}.pdf: SHA-256 ${h} differs from index.csv (${hash}); the file was changed`);
      continue;
    }
    try {
      pages += (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
    } catch (err) {
      bad(`${pieceId}.pdf: cannot be read as a PDF (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  if (reported > 3) problems.push(`${rel}: ${reported - 3} more problems`);
  if (reported === 0 && pages !== part.statementPages) problems.push(`${rel}: its PDFs have ${pages} pages, manifest.json says ${part.statementPages}`);
  return { pieces: body.length, statementPages: reported === 0 ? pages : part.statementPages, envelopePages: 0 };
}
