/**
 * Small, real fixtures for the package tests: pieces and PDFs made with pdf-lib whose pages carry
 * /PieceInfo /siprint /Private /Piece like the renderer's (CONTRACTS.md). The real renderer arrives at merge.
 */
import { PDFDocument, PDFName, PDFNumber, PDFString, StandardFonts } from 'pdf-lib';
import type { BatchCode, InsuredRecord, SheetedPiece } from '../../src/domain/types';
import type { BuiltPackage } from '../../src/package/build-package';
import { mailingCsv } from '../../src/package/mailing-csv';

/** A built package's bytes in one buffer (what the package stage writes to print/). */
export async function packageBytes(built: BuiltPackage): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  await built.writeTo((c) => chunks.push(Buffer.from(c))); // a copy: blocks may share a buffer
  return Buffer.concat(chunks);
}

export function makeRecord(i: number, over: Partial<InsuredRecord> = {}): InsuredRecord {
  return {
    recordId: `R${String(i).padStart(6, '0')}`,
    kind: 'employee',
    line: i,
    person: { name: `张伟${i}`, ssn: '34052419800101001X', gender: 'M', birthDate: '1980-01-01' },
    address: { postcode: '100020', province: '北京市', city: '北京市', district: '朝阳区', line: `建国路${i}号` },
    delivery: 'mail',
    agency: { code: 'BJ01', name: '北京市朝阳区社会保险事业管理中心', address: '朝阳区', postcode: '100020', phone: '12333' },
    schemes: {},
    benefits: [],
    ...over,
  };
}

export function makePieces(batch: BatchCode, part: number, n: number, sheetsOf: (i: number) => number = () => 1): SheetedPiece[] {
  const pieces: SheetedPiece[] = [];
  for (let i = 1; i <= n; i++) {
    const record = makeRecord(part * 1000 + i);
    pieces.push({
      pieceId: `T1-${batch}-${String(part).padStart(3, '0')}-${String(i).padStart(5, '0')}`,
      batch,
      part,
      seq: i,
      record,
      recipient: { role: 'self', name: record.person.name, address: record.address! },
      sheets: sheetsOf(i),
    });
  }
  return pieces;
}

function tagPage(doc: PDFDocument, page: ReturnType<PDFDocument['addPage']>, pieceId: string, n: number, m: number): void {
  const ctx = doc.context;
  const priv = ctx.obj({});
  priv.set(PDFName.of('Piece'), PDFString.of(pieceId));
  priv.set(PDFName.of('Page'), PDFNumber.of(n));
  priv.set(PDFName.of('Of'), PDFNumber.of(m));
  const app = ctx.obj({});
  app.set(PDFName.of('LastModified'), PDFString.of('D:20000101000000Z'));
  app.set(PDFName.of('Private'), priv);
  const info = ctx.obj({});
  info.set(PDFName.of('siprint'), app);
  page.node.set(PDFName.of('PieceInfo'), info);
}

async function pdf(pages: { pieceId: string; n: number; m: number }[], size: [number, number]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const p of pages) {
    const page = doc.addPage(size);
    page.drawText(`${p.pieceId} ${p.n}/${p.m}`, { x: 40, y: size[1] - 60, size: 12, font });
    tagPage(doc, page, p.pieceId, p.n, p.m);
  }
  return doc.save({ useObjectStreams: false });
}

/**
 * A part's files as the render stage leaves them — statements.pdf (`pagesOf(i)` pages per piece, default
 * its sheets), envelopes.pdf (one page per piece), mailing.csv — with the counts buildPackage takes.
 */
export async function makePdfs(
  pieces: SheetedPiece[],
  pagesOf: (p: SheetedPiece) => number = (p) => p.sheets,
): Promise<{ statementsPdf: Uint8Array; envelopesPdf: Uint8Array; mailingCsv: Uint8Array; pieces: number; statementPages: number; envelopePages: number; sheets: number[] }> {
  const st: { pieceId: string; n: number; m: number }[] = [];
  for (const p of pieces) {
    const m = pagesOf(p);
    for (let n = 1; n <= m; n++) st.push({ pieceId: p.pieceId, n, m });
  }
  const statementsPdf = await pdf(st, [595.28, 841.89]);
  const envelopesPdf = await pdf(pieces.map((p) => ({ pieceId: p.pieceId, n: 1, m: 1 })), [623.62, 311.81]);
  const sheets = pieces.map((p) => p.sheets);
  const mailing = Buffer.from(mailingCsv(pieces, sheets));
  return { statementsPdf, envelopesPdf, mailingCsv: mailing, pieces: pieces.length, statementPages: st.length, envelopePages: pieces.length, sheets };
}

/** Held and suppressed entries counted as the reconciliation takes them: batch ("" = none) → reason → n. */
export function notPrintedOf(entries: readonly { reason: string; batch?: string }[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const e of entries) {
    const m = (out[e.batch ?? ''] ??= {});
    m[e.reason] = (m[e.reason] ?? 0) + 1;
  }
  return out;
}
