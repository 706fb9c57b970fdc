/**
 * Render one part: its statements and envelopes (PDFs, written to disk as they are made) and its
 * mailing list, then the marker. Idempotent: a part already rendered is left untouched; a crash before
 * the marker leaves no marker, so the part is redone.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import { electronicIndexCsv, electronicPackageName, type IndexRow } from '../package/electronic';
import { packageFileName } from '../package/build-package';
import { partMailingCsv } from '../package/mailing-csv';
import { bundleColumn, bundlesOf } from '../domain/bundle';
import { formatVerificationCode, verificationCode, type Renderer, type StatementContext, type StatementPiece } from '../render';
import { writeChunksAtomic, writeFileAtomic, writeJsonAtomic } from '../run-dir/atomic';
import type { ArchivedPiece } from '../run-dir/archive';
import { writePartIndex } from '../run-dir/code-index';
import { crc32, sha256 } from '../run-dir/hash';
import type { PieceFileRef, RenderedMarker } from '../run-dir/markers';
import { partPaths, runPaths } from '../run-dir/paths';
import type { StoredRunConfig } from '../run-dir/run-config';
import { resolveVerificationKey } from './config';
import { stageContext, type StageOptions } from './context';
import { rendererFor } from './renderers';
import { renderedDone } from './state';

const gunzip = promisify(zlib.gunzip);

/** A part's pieces in print order, each with its verification code (parts of older runs: without). */
export async function readPartPieces(runDir: string, partId: string): Promise<StatementPiece[]> {
  const pp = partPaths(runDir, partId);
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(pp.pieces);
  } catch {
    throw new InputError(t('part.piecesMissing', { partId, file: pp.pieces }));
  }
  try {
    return JSON.parse((await gunzip(bytes)).toString('utf8')) as StatementPiece[];
  } catch (err) {
    throw new Error(t('part.piecesDamaged', { partId, file: pp.pieces, why: (err as Error).message, ingestState: path.relative(runDir, runPaths(runDir).ingestDone) }));
  }
}

/**
 * The part's share of the verification index, from the pieces in hand, named for the package the part
 * will be sealed into: finalize then only joins the shares (it checks each against the archive and the
 * package's name). A part file of an older run, without the codes, has none: finalize reads its archive.
 */
async function writeIndexShare(runDir: string, stored: StoredRunConfig, partId: string, pieces: StatementPiece[]): Promise<void> {
  const first = pieces[0];
  if (!first || !pieces.every((p) => p.verificationCode)) return;
  const pkg = first.electronic ? electronicPackageName(stored.runId, first.batch, first.part) : packageFileName(stored.runId, first.batch, first.part, Boolean(stored.printHousePublicKey));
  await writePartIndex(runDir, partId, pkg, pieces as ArchivedPiece[]);
}

export async function renderPartStage(runDir: string, partId: string, opts?: StageOptions): Promise<void> {
  if (renderedDone(runDir, partId)) return;
  const { stored, log } = stageContext(runDir, opts);
  const started = Date.now();
  const pp = partPaths(runDir, partId);
  const pieces = await readPartPieces(runDir, partId);
  const first = pieces[0];
  if (!first) throw new Error(`part ${partId} has no pieces`);
  const key = resolveVerificationKey(stored, opts?.verificationKey);
  const renderer = rendererFor(stored.assetsRoot);
  await writeIndexShare(runDir, stored, partId, pieces);
  if (first.electronic) {
    await renderElectronicPart(runDir, partId, pieces, { runId: stored.runId, year: stored.year, printDate: stored.printDate, verificationKey: key, ...(stored.verifyBaseUrl ? { verifyBaseUrl: stored.verifyBaseUrl } : {}) }, renderer);
    log.info('part rendered', { runId: stored.runId, partId, pieces: pieces.length, electronic: pieces.length, ms: Date.now() - started });
    return;
  }
  let layout = { pages: [] as number[], sheets: [] as number[] };
  const statements = await writeChunksAtomic(
    pp.statements,
    (write) => (layout = renderer.writeStatements(pieces, { runId: stored.runId, year: stored.year, printDate: stored.printDate, verificationKey: key, ...(stored.verifyBaseUrl ? { verifyBaseUrl: stored.verifyBaseUrl } : {}) }, write)),
    0o600,
  );
  const envelopes = await writeChunksAtomic(pp.envelopes, (write) => renderer.writeEnvelopes(pieces, { runId: stored.runId, postagePermit: stored.postagePermit }, write), 0o600);
  // through employers: one employer's pieces travel as a bundle behind its 交接清单 and parcel label
  const viaEmployers = stored.distribution === 'employer';
  const bundles = viaEmployers ? bundlesOf(partId, pieces) : [];
  let bundlesRef: RenderedMarker['bundles'];
  if (bundles.length > 0) {
    let pages = 0;
    const agencyOf = new Map(pieces.map((p) => [p.pieceId, p.record.agency]));
    const toDraw = bundles.map((b) => ({ ...b, agency: agencyOf.get(b.pieces[0]?.pieceId ?? '') ?? first.record.agency }));
    const written = await writeChunksAtomic(pp.bundles, (write) => (pages = renderer.writeBundles(toDraw, { runId: stored.runId }, write)), 0o600);
    bundlesRef = { ...written, count: bundles.length, pages };
  }
  const csv = Buffer.from(partMailingCsv(first.batch, first.part, pieces, layout.sheets, viaEmployers ? bundleColumn(pieces, bundles) : undefined));
  await writeFileAtomic(pp.mailing, csv, 0o600);
  const marker: RenderedMarker = {
    partId,
    batch: first.batch,
    part: first.part,
    pieces: pieces.length,
    sheets: layout.sheets,
    statementPages: layout.pages.reduce((a, b) => a + b, 0),
    envelopePages: pieces.length,
    statements,
    envelopes,
    mailing: { sha256: sha256(csv), bytes: csv.length, crc32: crc32(csv) },
    ...(bundlesRef ? { bundles: bundlesRef } : {}),
    layouts: viaEmployers ? [...renderer.layouts, ...renderer.bundleLayouts] : renderer.layouts,
    fonts: renderer.fonts,
  };
  await writeJsonAtomic(pp.rendered, marker);
  log.info('part rendered', { runId: stored.runId, partId, pieces: pieces.length, sheets: marker.sheets.reduce((a, b) => a + b, 0), bytes: statements.bytes + envelopes.bytes, ms: Date.now() - started });
}

/**
 * An electronic part: each piece's PDF (no DataMatrix) one after another in statements.pdfs, their
 * sizes and SHA-256s in the marker, and index.csv (pieceId, recordId, batch, the code as printed, sha256).
 */
async function renderElectronicPart(runDir: string, partId: string, pieces: StatementPiece[], ctx: StatementContext, renderer: Renderer): Promise<void> {
  const pp = partPaths(runDir, partId);
  const first = pieces[0] as StatementPiece;
  const pdfs: PieceFileRef[] = [];
  const rows: IndexRow[] = [];
  let pages: number[] = [];
  const statements = await writeChunksAtomic(
    pp.pdfs,
    (write) => {
      pages = renderer.writeElectronic(pieces, ctx, (piece, pdf) => {
        write(pdf);
        const ref = { pieceId: piece.pieceId, sha256: sha256(pdf), bytes: pdf.length };
        pdfs.push(ref);
        const code = formatVerificationCode(piece.verificationCode ?? verificationCode(piece.record, piece.batch, ctx.year, ctx.verificationKey));
        rows.push({ pieceId: piece.pieceId, recordId: piece.record.recordId, batch: piece.batch, verificationCode: code, sha256: ref.sha256 });
      }).pages;
    },
    0o600,
  );
  const index = Buffer.from(electronicIndexCsv(rows));
  await writeFileAtomic(pp.index, index, 0o600);
  const marker: RenderedMarker = {
    partId,
    batch: first.batch,
    part: first.part,
    pieces: pieces.length,
    electronic: true,
    sheets: pages.map(() => 0),
    statementPages: pages.reduce((a, b) => a + b, 0),
    envelopePages: 0,
    statements,
    pdfs,
    index: { sha256: sha256(index), bytes: index.length },
    layouts: renderer.layouts,
    fonts: renderer.fonts,
  };
  await writeJsonAtomic(pp.rendered, marker);
}
