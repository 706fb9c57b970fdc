/**
 * `siprint proof`: one PDF for the operators to approve before a run — a cover page saying which piece
 * shows which edge, then each chosen statement followed by its envelope, rendered by the production
 * renderer exactly as the run will, each page stamped PROOF so a proof can never be mailed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { degrees, PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { loadPostcodeTable, loadRenderAssets } from '../assets';
import { batchesFor } from '../domain/batch';
import { recipientOf } from '../domain/presort';
import type { BatchCode, Distribution, Piece, SchemeName } from '../domain/types';
import { bundlesOf } from '../domain/bundle';
import { validateExtract } from '../extract';
import { createRenderer, type RenderAssets } from '../render';
import { fontkitForPdfLib } from '../render/fontkit-adapter';
import { tFor, type Lang } from '../i18n';
import { ProofSelector, type ProofSelection } from './select';


export interface ProofOptions {
  extract: string;
  year: number;
  encoding?: 'utf8' | 'gb18030';
  mode?: 'annual' | 'scheme';
  schemes?: SchemeName[];
  assetsRoot?: string;
  verificationKey: string;
  printDate: string;
  postagePermit: string;
  /** the ticket's: the proof's QR leads where the run's will */
  verifyBaseUrl?: string;
  /** the ticket's: through employers, the proof shows an employer's envelope and its bundle */
  distribution?: Distribution;
  /** the cover's language (the run's: --lang, the ticket's, the operator's) */
  lang?: Lang;
}

export interface ProofResult {
  pdf: Uint8Array;
  selection: ProofSelection;
  /** Records read, and how many of them could be printed (held ones are never in a proof). */
  records: number;
  printable: number;
  pages: number;
}

const PROOF_RUN_ID = 'PROOF';
/** Proof piece IDs cannot be taken for real ones: real IDs are a batch tag + 8 digits. */
const proofPieceId = (i: number) => `PROOF-${String(i + 1).padStart(3, '0')}`;
/** Helvetica (WinAnsi) draws ASCII only: anything else on the stamp becomes "?". */
const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

function stamp(page: PDFPage, font: PDFFont, line: string): void {
  const { width, height } = page.getSize();
  page.drawText(ascii(line), { x: 14, y: height - 10, size: 6.5, font, color: rgb(0.75, 0.1, 0.1) });
  page.drawText('PROOF', { x: width * 0.3, y: height * 0.35, size: Math.min(width, height) / 4.5, font, color: rgb(0.85, 0.1, 0.1), opacity: 0.1, rotate: degrees(35) });
}

/** The cover is in the run's language, drawn with the pinned Noto faces (Helvetica cannot draw Chinese). */
function cover(doc: PDFDocument, font: PDFFont, bold: PDFFont, o: ProofOptions, r: Omit<ProofResult, 'pdf' | 'pages'>): void {
  const t = tFor(o.lang ?? 'en');
  const page = doc.addPage([595.28, 841.89]);
  let y = 800;
  const line = (text: string, f = font, size = 10) => {
    page.drawText(text, { x: 50, y, size, font: f, color: rgb(0.1, 0.1, 0.15) });
    y -= size + 6;
  };
  line(t('proof.coverTitle'), bold, 16);
  y -= 4;
  line(t('proof.coverRun', { extract: path.basename(o.extract), year: o.year, mode: o.mode ?? 'annual', printDate: o.printDate }));
  line(t('proof.coverCounts', { records: r.records, printable: r.printable, pieces: r.selection.picks.length }));
  y -= 6;
  r.selection.picks.forEach((p, i) => {
    line(t('proof.coverPiece', { n: i + 1, pieceId: proofPieceId(i), batch: p.piece.batch, recordId: p.piece.record.recordId, line: p.piece.record.line, sheets: p.piece.sheets }), bold);
    for (const c of p.covers) line(`      - ${c}`);
  });
  if (r.selection.absent.length) {
    y -= 6;
    line(t('proof.coverAbsent'), bold);
    for (const a of r.selection.absent) line(`      - ${a}`);
  }
  y -= 6;
  line(t('proof.coverFooter1'));
  line(t('proof.coverFooter2'));
}

/** A face of the pinned set by its place in the fallback chain (fonts/fonts.json). */
function face(assets: RenderAssets, style: 'regular' | 'bold'): Uint8Array {
  const id = assets.fonts.fallback[style][0];
  const f = assets.fonts.files.find((x) => x.id === id);
  if (!f) throw new Error(`proof: font face ${id} (fallback.${style}) is not loaded`);
  return f.bytes;
}

export async function buildProof(o: ProofOptions): Promise<ProofResult> {
  const assets = loadRenderAssets(o.assetsRoot);
  const renderer = createRenderer(assets);
  const mode = o.mode ?? 'annual';
  const selector = new ProofSelector(o.lang ?? 'en');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'siprint-proof-'));
  let records = 0;
  let printable = 0;
  try {
    for await (const item of validateExtract(o.extract, { year: o.year, postcodes: loadPostcodeTable(o.assetsRoot).table, ...(o.encoding ? { encoding: o.encoding } : {}), printable: renderer.printable, tmpDir: scratch, ...(o.distribution ? { distribution: o.distribution } : {}) })) {
      records += 1;
      if (item.type !== 'record') continue;
      const record = item.record;
      const batches: BatchCode[] = batchesFor(record, mode, o.schemes);
      if (!batches.length) continue;
      printable += 1;
      const recipient = recipientOf(record, o.year, o.distribution);
      for (const batch of batches) selector.offer({ pieceId: '', batch, part: 1, seq: 0, record, recipient, sheets: renderer.statementSheets(record, batch) });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const selection = selector.result();
  const pieces: Piece[] = selection.picks.map((p, i) => ({ ...p.piece, pieceId: proofPieceId(i), seq: i + 1 }));

  const doc = await PDFDocument.create();
  doc.setTitle(`siprint proof ${path.basename(o.extract)} ${o.year}`);
  doc.setProducer('siprint');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.registerFontkit(fontkitForPdfLib());
  cover(doc, await doc.embedFont(face(assets, 'regular'), { subset: true }), await doc.embedFont(face(assets, 'bold'), { subset: true }), o, { selection, records, printable });
  if (pieces.length) {
    // one statements PDF and one envelopes PDF for all pieces (fonts embedded once), then interleaved
    const statements = await PDFDocument.load(renderer.renderStatements(pieces, { runId: PROOF_RUN_ID, year: o.year, printDate: o.printDate, verificationKey: o.verificationKey, ...(o.verifyBaseUrl ? { verifyBaseUrl: o.verifyBaseUrl } : {}) }));
    const envelopes = await PDFDocument.load(renderer.renderEnvelopes(pieces, { runId: PROOF_RUN_ID, postagePermit: o.postagePermit }));
    const pageCounts = pieces.map((p) => renderer.statementPages(p.record, p.batch));
    if (pageCounts.reduce((a, b) => a + b, 0) !== statements.getPageCount() || envelopes.getPageCount() !== pieces.length) {
      throw new Error(`proof: the renderer gave ${statements.getPageCount()} statement and ${envelopes.getPageCount()} envelope pages for ${pieces.length} pieces (expected ${pageCounts.join('+')} and ${pieces.length})`);
    }
    const sPages = await doc.copyPages(statements, statements.getPageIndices());
    const ePages = await doc.copyPages(envelopes, envelopes.getPageIndices());
    let at = 0;
    pieces.forEach((p, i) => {
      // the stamp is drawn in Helvetica (ASCII): the edges' codes, whatever the language
      const covers = selection.picks[i]?.edges.join('; ') ?? '';
      for (let k = 0; k < (pageCounts[i] ?? 0); k++) {
        const src = sPages[at++];
        if (!src) throw new Error(`proof: statement page ${at} missing`);
        const page = doc.addPage(src);
        stamp(page, font, `PROOF - NOT FOR MAILING - ${p.pieceId} statement page ${k + 1}/${pageCounts[i]} - record ${p.record.recordId} - ${covers}`);
      }
      const envPage = ePages[i];
      if (!envPage) throw new Error(`proof: envelope ${i + 1} missing`);
      const env = doc.addPage(envPage);
      stamp(env, font, `PROOF - ${p.pieceId} envelope - record ${p.record.recordId}`);
    });
    // through employers: the first such piece's bundle as the run would lead it (parcel label, 交接清单)
    const via = pieces.find((p) => p.recipient.via);
    const bundle = via ? bundlesOf('PROOF', [via])[0] : undefined;
    if (via && bundle) {
      const bundles = await PDFDocument.load(renderer.renderBundles([{ ...bundle, agency: via.record.agency }], { runId: PROOF_RUN_ID }));
      for (const page of await doc.copyPages(bundles, bundles.getPageIndices())) stamp(doc.addPage(page), font, `PROOF - bundle ${bundle.bundleId} of ${via.pieceId} - record ${via.record.recordId}`);
    }
  }
  const pdf = await doc.save({ useObjectStreams: true });
  return { pdf, selection, records, printable, pages: doc.getPageCount() };
}
