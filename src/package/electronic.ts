/**
 * Electronic-statement packages (docs/delivery.md §7): `<runId>-EL-<batch>-p<NNN>.zip` holding one PDF
 * per person `<pieceId>.pdf`, `index.csv` and `manifest.json`, for the agency's website or app to
 * serve. Stored entries, fixed dates and order: the same pieces give the same bytes. Never encrypted
 * to the print house's key: the print house never receives them.
 */
import { InputError } from '../domain/errors';
import type { BatchCode, FontRef, LayoutRef } from '../domain/types';
import { sha256 } from '../run-dir/hash';
import { jsonBytes } from '../run-dir/json';
import { neutralizeCell } from './mailing-csv';
import { storedZipChunks, type ZipEntryInput } from './zip';

export const INDEX_CSV_HEADER = ['pieceId', 'recordId', 'batch', 'verificationCode', 'sha256'] as const;

/** One row of index.csv: a person's PDF, the code printed on it (as printed, with dashes) and its SHA-256. */
export interface IndexRow {
  pieceId: string;
  recordId: string;
  batch: BatchCode;
  verificationCode: string;
  sha256: string;
}

/** index.csv: UTF-8, header row, CRLF (as mailing.csv); no name, no ssn, no amount. */
export function electronicIndexCsv(rows: readonly IndexRow[]): string {
  const lines = [INDEX_CSV_HEADER.join(',')];
  for (const r of rows) lines.push([r.pieceId, r.recordId, r.batch, r.verificationCode, r.sha256].map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : neutralizeCell(c))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** `manifest.json` inside an electronic package: its counts and the SHA-256 of index.csv (which hashes every PDF). */
export interface ElectronicManifest {
  format: 'siprint-electronic/1';
  runId: string;
  batch: BatchCode;
  part: number;
  pieces: number;
  statementPages: number;
  files: { 'index.csv': { sha256: string; bytes: number } };
  layouts: LayoutRef[];
  fonts: FontRef[];
}

export interface ElectronicPackageInput {
  runId: string;
  batch: BatchCode;
  part: number;
  /** In index order; each PDF's bytes, read when the ZIP comes to it (one PDF in memory at a time). */
  pdfs: { pieceId: string; data: () => Promise<Uint8Array> }[];
  indexCsv: Uint8Array;
  statementPages: number;
  layouts: LayoutRef[];
  fonts: FontRef[];
}

/** `<runId>-EL-<batch>-p001.zip`. */
export function electronicPackageName(runId: string, batch: BatchCode, part: number): string {
  return `${runId}-EL-${batch}-p${String(part).padStart(3, '0')}.zip`;
}

/** The package's name, manifest, and `writeTo`, which makes the ZIP into `write` as it reads the PDFs. */
export interface ElectronicPackage {
  fileName: string;
  manifest: ElectronicManifest;
  writeTo: (write: (chunk: Uint8Array) => void) => Promise<void>;
}

export function buildElectronicPackage(input: ElectronicPackageInput): ElectronicPackage {
  const where = `electronic package ${input.batch} part ${input.part}`;
  if (input.pdfs.length === 0) throw new InputError(`${where}: no pieces; a package holds at least one`);
  if (!/^[A-Za-z0-9._-]+$/.test(input.runId)) throw new InputError(`${where}: runId ${JSON.stringify(input.runId)} may hold only letters, digits, . _ -`);
  const manifest: ElectronicManifest = {
    format: 'siprint-electronic/1',
    runId: input.runId,
    batch: input.batch,
    part: input.part,
    pieces: input.pdfs.length,
    statementPages: input.statementPages,
    files: { 'index.csv': { sha256: sha256(input.indexCsv), bytes: input.indexCsv.length } },
    layouts: input.layouts,
    fonts: input.fonts,
  };
  async function* entries(): AsyncGenerator<ZipEntryInput> {
    for (const pdf of input.pdfs) yield { name: `${pdf.pieceId}.pdf`, data: await pdf.data() };
    yield { name: 'index.csv', data: input.indexCsv };
    yield { name: 'manifest.json', data: jsonBytes(manifest) };
  }
  const writeTo = async (write: (chunk: Uint8Array) => void): Promise<void> => {
    for await (const chunk of storedZipChunks(entries())) write(chunk);
  };
  return { fileName: electronicPackageName(input.runId, input.batch, input.part), manifest, writeTo };
}
