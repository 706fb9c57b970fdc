/**
 * The renderer: layouts + fonts (values) in, PDF bytes out. Pure: no file system, no clock.
 * One PDF per part; fonts parsed once per process; fixed page parts as Form XObjects per document.
 */
import type { Agency, BatchCode, Distribution, InsuredRecord, LayoutRef, Piece, PrintabilityCheck, Recipient } from '../domain/types';
import type { Bundle } from '../domain/bundle';
import { t } from '../i18n';
import { dataMatrix, qrCode } from './barcodes';
import { FontSet, SharedFonts, type Style } from './fonts';
import { Fitter, layoutFlow, placeText, PT_MM, type ItemText, type Op, type TextDefaults, type TextOp } from './flow';
import type { BundleLayout, EnvelopeLayout, StatementLayout } from './layout-schema';
import { type ByteSink, type ContentWriter, PdfBuilder, SharedParts, collectBytes } from './pdf';
import { formatVerificationCode, verificationCode, verifyUrl } from './verification';
import { fill, type Scope, statementView, VIEW_WORDS } from './view';
import { addressText } from '../domain/address';
import { Coverage, PrintabilityProbe } from './probe';
import { formatDateCn } from '../domain/format';
import { assetRefs, type RenderAssets } from './assets';



export interface StatementContext {
  runId: string;
  year: number;
  printDate: string; // YYYY-MM-DD
  verificationKey: string;
  reprint?: { date: string; seq: number };
  /** An electronic statement: no inserter DataMatrix (nothing is inserted into an envelope). */
  electronic?: boolean;
  /** A make-up piece (docs/delivery.md §4): the DataMatrix carries `|MU<k>`, nothing else changes. */
  makeup?: number;
  /** The ticket's `verifyBaseUrl`: the QR encodes `<verifyBaseUrl>/v/<code>`; absent, the printed code. */
  verifyBaseUrl?: string;
}
export interface EnvelopeContext {
  runId: string;
  postagePermit: string;
  makeup?: number;
}
/** A bundle to draw (its 交接清单 and parcel label), with the agency that sends it. */
export type BundleToDraw = Bundle & { agency: Agency };

/** The inserter's code: `<runId>|<pieceId>|<n>/<m>`, and `|MU<k>` on a make-up piece. */
function pieceCode(runId: string, pieceId: string, n: number, m: number, makeup: number | undefined): string {
  return `${runId}|${pieceId}|${n}/${m}${makeup !== undefined ? `|MU${makeup}` : ''}`;
}

export interface Renderer {
  /** What a run mailing home draws with; a run through employers adds `bundleLayouts`. */
  layouts: LayoutRef[];
  bundleLayouts: LayoutRef[];
  fonts: { file: string; sha256: string }[];
  /** Fast: a conservative probe answers "printable" for clean records, the full layout answers the rest. */
  printable: PrintabilityCheck;
  /** The reference: lays out the whole statement, footer and envelope(s). Same verdicts, ~20× slower. */
  printableFull: PrintabilityCheck;
  /** Lays the statement out (without drawing it) to count its pages / sheets of paper. */
  statementPages(record: InsuredRecord, batch: BatchCode): number;
  statementSheets(record: InsuredRecord, batch: BatchCode): number;
  renderStatements(pieces: StatementPiece[], ctx: StatementContext): Uint8Array;
  renderEnvelopes(pieces: Piece[], ctx: EnvelopeContext): Uint8Array;
  /** The same PDFs, handed to `sink` as they are made (a part's never held whole). */
  writeStatements(pieces: StatementPiece[], ctx: StatementContext, sink: ByteSink): WrittenStatements;
  writeEnvelopes(pieces: Piece[], ctx: EnvelopeContext, sink: ByteSink): number;
  /** Distribution through employers: per bundle its parcel label, then its 交接清单 page(s); returns the pages. */
  writeBundles(bundles: BundleToDraw[], ctx: { runId: string }, sink: ByteSink): number;
  renderBundles(bundles: BundleToDraw[], ctx: { runId: string }): Uint8Array;
  /** Electronic statements: one PDF per piece (same layout, data and code; no DataMatrix), each handed to `onPdf` whole. */
  writeElectronic(pieces: StatementPiece[], ctx: StatementContext, onPdf: (piece: StatementPiece, pdf: Uint8Array) => void): WrittenStatements;
}

/** What writing a part's statements made: its size, and each piece's pages and sheets of paper, in order. */
export interface WrittenStatements {
  bytes: number;
  pages: number[];
  sheets: number[];
}

/**
 * A piece to print; with the verification code its ingest computed for the archive (HMAC of the
 * statement's content under the run's key: made once per piece, not again here).
 */
export type StatementPiece = Piece & { verificationCode?: string };

/** A value that does not fit even after its layout's wrap/shrink rule (a DOES_NOT_FIT record). */
export class DoesNotFitError extends Error {
  constructor(readonly recordId: string, readonly field: string) {
    super(`record ${recordId}: ${field} does not fit its box even after wrapping/shrinking: hold it as DOES_NOT_FIT`);
    this.name = 'DoesNotFitError';
  }
}

/** Lengths of the per-page values (used for fitting before a run has IDs): long on purpose. */
/** The document values the printability check lays out with (their lengths are those of any real run). */
export const PRINTABLE_DOC = { year: 2000, printDate: '2000-12-31' };
const SAMPLE_PAGE = { pieceId: 'S-unemployment-0000000000', page: 9, pages: 9, runId: 'R0000000000000000000000' };

export function createRenderer(assets: RenderAssets): Renderer {
  const fonts = new FontSet(assets.fonts.files, assets.fonts.fallback);
  const fitter = new Fitter(fonts);
  const statementLayouts = assets.layouts.map((l) => l.layout).filter((l): l is StatementLayout => l.type === 'statement');
  const envelope = assets.layouts.map((l) => l.layout).find((l): l is EnvelopeLayout => l.type === 'envelope');
  const bundle = assets.layouts.map((l) => l.layout).find((l): l is BundleLayout => l.type === 'bundle');
  const bundleLayout = (): BundleLayout => {
    if (!bundle) throw new Error(t('layout.noBundle', { file: 'layouts/employer-bundle.json' }));
    return bundle;
  };

  const layoutFor = (batch: BatchCode): StatementLayout => {
    const l = statementLayouts.find((x) => x.batches.includes(batch));
    if (!l) throw new Error(t('layout.noStatement', { batch }));
    return l;
  };
  const envelopeLayout = (): EnvelopeLayout => {
    if (!envelope) throw new Error(t('layout.noEnvelope'));
    return envelope;
  };

  const sheetsOf = (batch: BatchCode, pages: number): number => (layoutFor(batch).page.duplex ? Math.ceil(pages / 2) : pages);
  const statementPages = (record: InsuredRecord, batch: BatchCode): number =>
    layoutFlow(layoutFor(batch), [statementView(record, batch, { year: 0 })], fitter, () => undefined).length;
  const statementSheets = (record: InsuredRecord, batch: BatchCode): number => sheetsOf(batch, statementPages(record, batch));

  // footer and envelope texts of the printability check (sample page values): shared by the full check and the probe
  const printablePage = footerPage({ printDate: PRINTABLE_DOC.printDate }, SAMPLE_PAGE);
  const extraTexts = (record: InsuredRecord, view: Scope, distribution: Distribution): ItemText[] => {
    const texts = footerTexts(layoutFor(record.kind === 'employee' ? 'E' : 'R'), view, printablePage);
    if (!envelope) return texts;
    const recipients: Recipient[] = [];
    if (record.address) recipients.push({ role: 'self', name: record.person.name, address: record.address });
    if (record.guardian) recipients.push({ role: 'guardian', name: record.guardian.name, address: record.guardian.address, relation: record.guardian.relation });
    const employer = record.employer;
    if (distribution === 'employer' && record.kind === 'employee' && employer?.address) {
      const via: Recipient = { role: 'self', name: record.person.name, address: employer.address, via: { code: employer.code, name: employer.name } };
      recipients.push(via);
      // the employer's name and address on its 交接清单 and parcel label must fit as well
      const b = bundleLayout();
      const scope = bundleScope({ bundleId: SAMPLE_BUNDLE, employer: { ...employer, address: employer.address }, pieces: [], agency: record.agency }, SAMPLE_PAGE.runId, 9999, 9, 9);
      for (const item of [...b.list.texts, ...b.label.texts]) texts.push({ item, text: fill(item.text, [scope]), defaults: ENVELOPE_DEFAULTS });
    }
    for (const r of recipients) texts.push(...envelopeItemTexts(envelope, r, record.agency, 'X', bundle));
    return texts;
  };

  const printableFull: PrintabilityCheck = (record, distribution = 'home') => {
    const batch: BatchCode = record.kind === 'employee' ? 'E' : 'R';
    const misfits: string[] = [];
    const ops: Op[] = [];
    const layout = layoutFor(batch);
    const view = statementView(record, batch, PRINTABLE_DOC);
    for (const page of layoutFlow(layout, [view], fitter, (f) => misfits.push(f))) ops.push(...page);
    for (const t of extraTexts(record, view, distribution)) ops.push(...placeText(fitter, t.item, t.text, t.defaults, (f) => misfits.push(f)));
    for (const op of ops) {
      if (op.t !== 'text') continue;
      const ch = fonts.missing(op.text, op.style);
      if (ch !== null) {
        const cp = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase();
        return { reason: 'UNPRINTABLE_CHARACTER', message: t('exc.unprintable', { field: fieldName(op.src), cp, fonts: chainNames(fonts, op.style) }) };
      }
    }
    if (misfits.length > 0) {
      return { reason: 'DOES_NOT_FIT', message: t('exc.doesNotFit', { field: fieldName(misfits[0]), layout: layout.id }) };
    }
    return null;
  };

  // check and ingest ask this of every record: the probe clears the clean majority without laying out
  const probe = new PrintabilityProbe(fitter, new Coverage(fonts), extraTexts, PRINTABLE_DOC);
  const printable: PrintabilityCheck = (record, distribution = 'home') => {
    const batch: BatchCode = record.kind === 'employee' ? 'E' : 'R';
    return probe.clean(record, batch, layoutFor(batch), distribution) ? null : printableFull(record, distribution);
  };

  // electronic statements, a PDF each: what every statement of a layout draws is subset once per renderer
  const shared = new Map<string, SharedParts>();
  const sharedParts = (layout: StatementLayout): SharedParts => {
    let f = shared.get(layout.id);
    if (!f) {
      const words = layoutWords(layout);
      f = new SharedParts(new SharedFonts(fonts, { regular: [...words.regular, ...VIEW_WORDS, PRINTABLE_ASCII], bold: [...words.bold, ...VIEW_WORDS, BOLD_FIGURES] }));
      shared.set(layout.id, f);
    }
    return f;
  };

  const writeStatements = (pieces: StatementPiece[], ctx: StatementContext, sink: ByteSink): WrittenStatements => {
    const first = pieces[0];
    if (!first) throw new Error('renderStatements: no pieces (a part has at least one)');
    const firstLayout = layoutFor(first.batch);
    const pageSize = firstLayout.page;
    const pdf = new PdfBuilder(fonts, pageSize.width, pageSize.height, sink, ctx.electronic ? sharedParts(firstLayout) : undefined);
    const piecePages: number[] = [];
    for (const piece of pieces) {
      const layout = layoutFor(piece.batch);
      const record = piece.record;
      const view = statementView(record, piece.batch, { year: ctx.year, printDate: ctx.printDate });
      const misfit = (f: string): never => {
        throw new DoesNotFitError(record.recordId, fieldName(f));
      };
      const pages = layoutFlow(layout, [view], fitter, misfit);
      piecePages.push(pages.length);
      const raw = piece.verificationCode ?? verificationCode(record, piece.batch, ctx.year, ctx.verificationKey);
      const code = formatVerificationCode(raw);
      const title = fill(layout.frame.title.text, [view]);
      const fixed = { size: layout.body.size, minSize: layout.body.minSize, lineHeight: layout.body.lineHeight };
      pages.forEach((ops, i) => {
        const firstPage = i === 0;
        // the key names all the frame draws (its fixed texts take the year): electronic documents share it
        const frameName = pdf.form(`${layout.id}|${title}|${firstPage ? 1 : 2}|${ctx.year}`, () => frameContent(pdf, layout, title, firstPage, ctx.year, fitter));
        const content = pdf.writer().form(frameName);
        const pageValues = { pieceId: piece.pieceId, page: i + 1, pages: pages.length, runId: ctx.runId };
        if (firstPage) {
          const v = layout.frame.verification;
          for (const t of placeText(fitter, v.text, fill(v.text.text, [{ code }, view]), fixed, misfit)) textOp(content, t);
          content.matrix(v.qr.x, v.qr.y, v.qr.size, qrCode(ctx.verifyBaseUrl ? verifyUrl(ctx.verifyBaseUrl, raw) : code));
          if (ctx.reprint) {
            const r = layout.frame.reprint;
            const text = fill(r.text, [{ reprint: { date: ctx.reprint.date, seq: ctx.reprint.seq } }, view]);
            for (const t of placeText(fitter, r, text, fixed, misfit)) textOp(content, t);
          }
        }
        for (const t of footerOps(layout, view, pageValues, fitter, misfit)) textOp(content, t);
        // the inserter's code: on every sheet (on the front side when printed duplex)
        if (!ctx.electronic && (!layout.page.duplex || i % 2 === 0)) {
          const dm = layout.frame.dataMatrix;
          const sheet = layout.page.duplex ? Math.floor(i / 2) + 1 : i + 1;
          const sheets = layout.page.duplex ? Math.ceil(pages.length / 2) : pages.length;
          content.matrix(dm.x, dm.y, dm.size, dataMatrix(pieceCode(ctx.runId, piece.pieceId, sheet, sheets, ctx.makeup)));
        }
        // headings, labels, headers, rules and notes repeat on every statement of the same structure:
        // one Form XObject per distinct structure and document, only the values go on the page
        content.form(pdf.form(`${layout.id}|fixed|${fixedOpsKey(ops)}`, () => drawOps(pdf.writer(), ops, true)));
        drawOps(content, ops, false);
        pdf.addPage(content, { pieceId: piece.pieceId, page: i + 1, of: pages.length });
      });
    }
    const seed = ['statements', ctx.runId, ctx.year, ctx.printDate, ctx.reprint?.date ?? '', ...(ctx.makeup !== undefined ? [`MU${ctx.makeup}`] : []), ...(ctx.electronic ? ['electronic'] : []), ...pieces.map((p) => p.pieceId)].join('|');
    const bytes = pdf.finish('社会保险个人权益记录单', seed);
    return { bytes, pages: piecePages, sheets: pieces.map((p, i) => sheetsOf(p.batch, piecePages[i] ?? 0)) };
  };

  const writeElectronic = (pieces: StatementPiece[], ctx: StatementContext, onPdf: (piece: StatementPiece, pdf: Uint8Array) => void): WrittenStatements => {
    const out: WrittenStatements = { bytes: 0, pages: [], sheets: [] };
    for (const piece of pieces) {
      const chunks: Uint8Array[] = [];
      const one = writeStatements([piece], { ...ctx, electronic: true }, (c) => chunks.push(c));
      out.bytes += one.bytes;
      out.pages.push(...one.pages);
      out.sheets.push(...one.sheets);
      onPdf(piece, chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks));
    }
    return out;
  };

  const writeEnvelopes = (pieces: Piece[], ctx: EnvelopeContext, sink: ByteSink): number => {
    if (pieces.length === 0) throw new Error('renderEnvelopes: no pieces (a part has at least one)');
    const layout = envelopeLayout();
    const pdf = new PdfBuilder(fonts, layout.page.width, layout.page.height, sink);
    const fixed = { size: 10, minSize: 9, lineHeight: 5 };
    const frameName = (): string =>
      pdf.form(`${layout.id}|frame`, () => {
        const c = pdf.writer();
        for (const item of layout.fixed) for (const t of placeText(fitter, item, item.text, fixed, () => undefined)) textOp(c, t);
        const b = layout.postcodeBoxes;
        for (let i = 0; i < 6; i++) c.rectCmyk(b.x + i * (b.width + b.gap), b.y, b.width, b.height, b.lineWidth, b.cmyk);
        const p = layout.postage;
        c.rect(p.x, p.y, p.width, p.height, 0.6, 0);
        return c;
      });
    for (const piece of pieces) {
      const misfit = (f: string): never => {
        throw new DoesNotFitError(piece.record.recordId, fieldName(f));
      };
      const content = pdf.writer().form(frameName());
      const b = layout.postcodeBoxes;
      [...piece.recipient.address.postcode].slice(0, 6).forEach((digit, i) => {
        const w = fonts.width(digit, 'regular', b.digitSize);
        const x = b.x + i * (b.width + b.gap) + (b.width - w) / 2;
        content.text(x, b.y + b.height / 2 + b.digitSize * PT_MM * 0.36, b.digitSize, 'regular', digit);
      });
      for (const item of layout.postage.lines) {
        const permitMisfit = (): never => {
          throw new Error(t('layout.permitTooLong', { chars: ctx.postagePermit.length, layout: layout.id }));
        };
        for (const t of placeText(fitter, item, fill(item.text, [{ postagePermit: ctx.postagePermit }]), fixed, permitMisfit)) textOp(content, t);
      }
      for (const t of envelopeTexts(layout, piece.recipient, piece.record.agency, piece.pieceId, fitter, misfit, bundle)) textOp(content, t);
      const pc = layout.pieceCode;
      content.matrix(pc.x, pc.y, pc.size, dataMatrix(pieceCode(ctx.runId, piece.pieceId, 1, 1, ctx.makeup)));
      pdf.addPage(content, { pieceId: piece.pieceId, page: 1, of: 1 });
    }
    const seed = ['envelopes', ctx.runId, ctx.postagePermit, ...(ctx.makeup !== undefined ? [`MU${ctx.makeup}`] : []), ...pieces.map((p) => p.pieceId)].join('|');
    return pdf.finish('社会保险个人权益记录单 信封', seed);
  };

  const writeBundles = (bundles: BundleToDraw[], ctx: { runId: string }, sink: ByteSink): number => {
    if (bundles.length === 0) throw new Error('writeBundles: no bundles');
    const b = bundleLayout();
    const { list, label } = b;
    const pdf = new PdfBuilder(fonts, list.page.width, list.page.height, sink);
    const defaults = { size: 10, minSize: 9, lineHeight: 5 };
    const perPage = list.table.rows * list.table.columns;
    for (const one of bundles) {
      const misfit = (f: string): never => {
        throw new Error(t('layout.bundleMisfit', { bundleId: one.bundleId, field: fieldName(f), layout: b.id }));
      };
      const pages = Math.max(1, Math.ceil(one.pieces.length / perPage));
      // the parcel label first: it goes on the outside of the bundle
      const lc = pdf.writer(label.page.height);
      const labelScope = bundleScope(one, ctx.runId, one.pieces.length, 1, 1);
      for (const r of label.rules) lc.line(r.x1, r.y1, r.x2, r.y2, r.width ?? 0.3, 0.4);
      for (const item of label.texts) for (const t of placeText(fitter, item, fill(item.text, [labelScope]), defaults, misfit)) textOp(lc, t);
      lc.matrix(label.code.x, label.code.y, label.code.size, dataMatrix(`${ctx.runId}|${one.bundleId}`));
      pdf.addPage(lc, { pieceId: one.bundleId, page: 1, of: pages + 1 }, label.page);
      for (let p = 0; p < pages; p++) {
        const c = pdf.writer();
        const scope = bundleScope(one, ctx.runId, one.pieces.length, p + 1, pages);
        for (const r of list.rules) c.line(r.x1, r.y1, r.x2, r.y2, r.width ?? 0.3, 0.4);
        for (const item of list.texts) for (const t of placeText(fitter, item, fill(item.text, [scope]), defaults, misfit)) textOp(c, t);
        const tb = list.table;
        const entries = one.pieces.slice(p * perPage, (p + 1) * perPage);
        const columns = Math.min(tb.columns, Math.max(1, Math.ceil(entries.length / tb.rows)));
        for (let col = 0; col < columns; col++) {
          const dx = tb.x + col * tb.columnWidth;
          for (const item of tb.header) for (const t of placeText(fitter, { ...item, x: dx + item.x }, item.text, defaults, misfit)) textOp(c, t);
        }
        entries.forEach((e, i) => {
          const dx = tb.x + Math.floor(i / tb.rows) * tb.columnWidth;
          const y = tb.y + (i % tb.rows) * tb.rowHeight;
          const row = { n: p * perPage + i + 1, pieceId: e.pieceId, name: e.maskedName };
          for (const item of tb.cells) for (const t of placeText(fitter, { ...item, x: dx + item.x, y }, fill(item.text, [row]), defaults, misfit)) textOp(c, t);
        });
        if (p === pages - 1) for (const item of list.lastPage) for (const t of placeText(fitter, item, item.text, defaults, misfit)) textOp(c, t);
        pdf.addPage(c, { pieceId: one.bundleId, page: p + 2, of: pages + 1 });
      }
    }
    const seed = ['bundles', ctx.runId, ...bundles.map((x) => `${x.bundleId}:${x.pieces.length}`)].join('|');
    pdf.finish('社会保险个人权益记录单 交接清单', seed);
    return pdf.pageCount;
  };

  const refs = assetRefs(assets, 'employer');
  const home = new Set(assetRefs(assets).layouts.map((l) => l.id));
  return {
    layouts: refs.layouts.filter((l) => home.has(l.id)),
    bundleLayouts: refs.layouts.filter((l) => !home.has(l.id)),
    fonts: refs.fonts,
    writeBundles,
    renderBundles: (bundles, ctx) => collectBytes((sink) => void writeBundles(bundles, ctx, sink)),
    printable,
    printableFull,
    statementPages,
    statementSheets,
    renderStatements: (pieces, ctx) => collectBytes((sink) => writeStatements(pieces, ctx, sink).bytes),
    renderEnvelopes: (pieces, ctx) => collectBytes((sink) => writeEnvelopes(pieces, ctx, sink)),
    writeStatements,
    writeEnvelopes,
    writeElectronic,
  };
}

/** Digits, Latin letters and ASCII punctuation: amounts, dates, codes and IDs are made of them. */
const PRINTABLE_ASCII = String.fromCharCode(...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i));
/** What bold values (the closing balances) are made of. */
const BOLD_FIGURES = '0123456789.,-—';

/**
 * Every text of a layout without its `{…}` fields: the headings, labels and notes each of its statements
 * draws; bold, the titles (the page's and the sections') and the items styled bold.
 */
function layoutWords(layout: StatementLayout): Record<Style, string[]> {
  const out: Record<Style, string[]> = { regular: [], bold: [] };
  const walk = (v: unknown, bold: boolean): void => {
    if (typeof v === 'string') out[bold ? 'bold' : 'regular'].push(v.replace(/\{[^}]*\}/g, ''));
    else if (Array.isArray(v)) v.forEach((x) => walk(x, bold));
    else if (v && typeof v === 'object') {
      const styled = bold || (v as { style?: unknown }).style === 'bold';
      for (const [key, x] of Object.entries(v)) walk(x, styled || key === 'title' || key === 'continued');
    }
  };
  walk(layout, false);
  return out;
}

/** Everything the fixed ops draw, unrounded: pages (and electronic documents) share a form by this key, so it must fix every byte. */
function fixedOpsKey(ops: readonly Op[]): string {
  let key = '';
  for (const op of ops) {
    if (!op.fixed) continue;
    key += op.t === 'text' ? `${op.text}@${op.x},${op.y},${op.size},${op.style};` : `-${op.x1},${op.y1},${op.x2},${op.y2},${op.width},${op.gray};`;
  }
  return key;
}

function drawOps(w: ContentWriter, ops: readonly Op[], fixed: boolean): ContentWriter {
  for (const op of ops) {
    if ((op.fixed === true) !== fixed) continue;
    if (op.t === 'text') textOp(w, op);
    else w.line(op.x1, op.y1, op.x2, op.y2, op.width, op.gray);
  }
  return w;
}

function textOp(w: ContentWriter, t: TextOp): void {
  w.text(t.x, t.y, t.size, t.style, t.text);
}

function fieldName(src: string | undefined): string {
  const fields = src ? [...src.matchAll(/\{([a-zA-Z0-9_.]+)/g)].map((m) => m[1]) : [];
  return fields.length > 0 ? `field ${fields.join(', ')}` : `text "${src ?? '?'}"`;
}

function chainNames(fonts: FontSet, style: Style): string {
  return [...new Set(fonts.faces.map((f) => f.postscriptName))].join(', ') + (style === 'bold' ? ' (bold)' : '');
}

/** The page's fixed parts, drawn once per document: title, fixed texts (document values only), rules. */
function frameContent(pdf: PdfBuilder, layout: StatementLayout, title: string, first: boolean, year: number, fitter: Fitter): ContentWriter {
  const t = layout.frame.title;
  const text = first ? title : `${title}${t.continued}`;
  const w = fitter.fonts.width(text, 'bold', t.size);
  const c = pdf.writer().text(layout.page.width / 2 - w / 2, t.y, t.size, 'bold', text);
  const fixed = { size: layout.body.size, minSize: layout.body.minSize, lineHeight: layout.body.lineHeight };
  for (const item of layout.frame.fixed) for (const op of placeText(fitter, item, fill(item.text, [{ year }]), fixed, () => undefined)) textOp(c, op);
  for (const r of layout.frame.rules) c.line(r.x1, r.y1, r.x2, r.y2, r.width ?? layout.body.ruleWidth, layout.body.ruleGray);
  return c;
}

const FOOTER_DEFAULTS = (layout: StatementLayout): TextDefaults => ({ size: layout.body.size, minSize: layout.body.minSize, lineHeight: layout.body.lineHeight });

/** The footer's page scope: per-page values plus the print date as printed. */
function footerPage(view: Scope, page: Scope): Scope {
  return { ...page, printDateCn: typeof view.printDate === 'string' ? formatDateCn(view.printDate) : '' };
}

function footerTexts(layout: StatementLayout, view: Scope, pageScope: Scope): ItemText[] {
  const defaults = FOOTER_DEFAULTS(layout);
  return layout.frame.footer.map((item) => ({ item, text: fill(item.text, [pageScope, view]), defaults }));
}

function footerOps(layout: StatementLayout, view: Scope, page: Scope, fitter: Fitter, misfit: (f: string) => void): TextOp[] {
  return footerTexts(layout, view, footerPage(view, page)).flatMap((t) => placeText(fitter, t.item, t.text, t.defaults, misfit));
}

const ENVELOPE_DEFAULTS: TextDefaults = { size: 10, minSize: 9, lineHeight: 6 };

const SAMPLE_BUNDLE = 'EL-S-unemployment-0000-B000';

/** What the bundle layout's templates bind (domain/bundle.ts): the employer, the count, the page — no ssn, no amounts. */
function bundleScope(b: BundleToDraw, runId: string, count: number, page: number, pages: number): Scope {
  const e = b.employer;
  return { employer: { name: e.name, code: e.code, address: addressText(e.address), postcode: e.address.postcode }, agency: b.agency, bundleId: b.bundleId, runId, count, page, pages };
}

/**
 * The envelope's variable texts: recipient address and name, sender, piece ID. No ssn, no amounts.
 * A piece through the employer takes the bundle layout's name line 「<单位名称>转 <姓名> 收」.
 */
function envelopeItemTexts(layout: EnvelopeLayout, r: Recipient, agency: Agency, pieceId: string, bundle?: BundleLayout): ItemText[] {
  const scope = {
    recipient: { name: r.name, address: addressText(r.address), postcode: r.address.postcode, mark: r.role === 'guardian' ? layout.recipient.guardianSuffix : layout.recipient.selfSuffix },
    agency,
    pieceId,
    ...(r.via ? { employer: r.via } : {}),
  };
  let name = layout.recipient.name;
  if (r.via) {
    if (!bundle) throw new Error(t('layout.noBundle', { file: 'layouts/employer-bundle.json' }));
    name = bundle.envelopeName;
  }
  const items = [layout.recipient.address, name, ...layout.sender, layout.pieceCode.text];
  return items.map((item) => ({ item, text: fill(item.text, [scope]), defaults: ENVELOPE_DEFAULTS }));
}

function envelopeTexts(layout: EnvelopeLayout, r: Recipient, agency: Agency, pieceId: string, fitter: Fitter, misfit: (f: string) => void, bundle?: BundleLayout): TextOp[] {
  return envelopeItemTexts(layout, r, agency, pieceId, bundle).flatMap((t) => placeText(fitter, t.item, t.text, t.defaults, misfit));
}
