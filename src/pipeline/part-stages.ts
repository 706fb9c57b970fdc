/** Render and package one part. Both are idempotent: a part already done is left untouched. */
import { existsSync, promises as fsp, statSync } from 'node:fs';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import path from 'node:path';
import type { StatementPiece } from '../render';
import { InputError } from '../errors';
import { rendererFor, stageContext, type PackagedMarker, type RenderedMarker, type StageOptions } from './common';
import { resolveVerificationKey } from './config';
import { ingestResultOf } from './ingest';
import { partPaths, readJsonIfExists, sha256, writeChunksAtomic, writeJsonAtomic } from './run-dir';

const gunzip = promisify(zlib.gunzip);

/** A part's pieces in print order, each with its verification code (parts of older runs: without). */
export async function readPartPieces(runDir: string, partId: string): Promise<StatementPiece[]> {
  const pp = partPaths(runDir, partId);
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(pp.pieces);
  } catch {
    throw new InputError(`part ${partId}: ${pp.pieces} is missing (was the ingest stage run for this run directory?)`);
  }
  try {
    return JSON.parse((await gunzip(bytes)).toString('utf8')) as StatementPiece[];
  } catch (err) {
    throw new Error(`part ${partId}: ${pp.pieces} is damaged (${(err as Error).message}); delete state/ingest.json in the run directory and resume to ingest again`);
  }
}

/** Done = marker present (of this version: with the sheets per piece) and the files it names are complete (sizes match). */
function renderedDone(runDir: string, partId: string): RenderedMarker | undefined {
  const pp = partPaths(runDir, partId);
  const m = readJsonIfExists<RenderedMarker>(pp.rendered, 'render marker');
  if (!m || !Array.isArray(m.sheets) || m.sheets.length !== m.pieces) return undefined;
  const ok = existsSync(pp.statements) && existsSync(pp.envelopes) && statSync(pp.statements).size === m.statements.bytes && statSync(pp.envelopes).size === m.envelopes.bytes;
  return ok ? m : undefined;
}

export async function renderPartStage(runDir: string, partId: string, opts?: StageOptions): Promise<void> {
  if (renderedDone(runDir, partId)) return;
  const { stored, log } = stageContext(runDir, opts);
  const started = Date.now();
  const pp = partPaths(runDir, partId);
  const pieces = await readPartPieces(runDir, partId);
  const key = resolveVerificationKey(stored, opts?.verificationKey);
  const renderer = rendererFor(stored.assetsRoot);
  // each PDF goes to disk as it is made (a part's is never held whole); the marker last: a crash in
  // between leaves no marker, so the part is redone
  const statements = await writeChunksAtomic(pp.statements, (write) => renderer.writeStatements(pieces, { runId: stored.runId, year: stored.year, printDate: stored.printDate, verificationKey: key }, write), 0o600);
  const envelopes = await writeChunksAtomic(pp.envelopes, (write) => renderer.writeEnvelopes(pieces, { runId: stored.runId, postagePermit: stored.postagePermit }, write), 0o600);
  // the renderer remembers each statement's pages as it lays it out: no second layout
  const statementPages = pieces.reduce((n, pc) => n + renderer.statementPages(pc.record, pc.batch), 0);
  const marker: RenderedMarker = {
    partId,
    pieces: pieces.length,
    sheets: pieces.map((pc) => renderer.statementSheets(pc.record, pc.batch)),
    statementPages,
    envelopePages: pieces.length,
    statements,
    envelopes,
  };
  await writeJsonAtomic(pp.rendered, marker);
  log.info('part rendered', { runId: stored.runId, partId, pieces: pieces.length, sheets: marker.sheets.reduce((a, b) => a + b, 0), bytes: statements.bytes + envelopes.bytes, ms: Date.now() - started });
}

export function packagedDone(runDir: string, partId: string): PackagedMarker | undefined {
  const pp = partPaths(runDir, partId);
  const m = readJsonIfExists<PackagedMarker>(pp.packaged, 'package marker');
  if (!m || typeof m.sheets !== 'number') return undefined;
  const file = path.join(runDir, m.path);
  return existsSync(file) && statSync(file).size === m.bytes ? m : undefined;
}

/** The sheets of paper of the run's packaged parts (the render counts them: the ingest does not lay out). */
export function packagedSheets(runDir: string, parts: readonly { partId: string }[]): number {
  return parts.reduce((n, ref) => n + (packagedDone(runDir, ref.partId)?.sheets ?? 0), 0);
}

export async function packagePartStage(runDir: string, partId: string, opts?: StageOptions): Promise<void> {
  if (packagedDone(runDir, partId)) return;
  const { stored, ports, log } = stageContext(runDir, opts);
  const started = Date.now();
  const pp = partPaths(runDir, partId);
  const rendered = renderedDone(runDir, partId);
  if (!rendered) throw new Error(`part ${partId}: not rendered yet (run the render stage for it first)`);
  const pieces = await readPartPieces(runDir, partId);
  const ingest = ingestResultOf(runDir);
  const [statementsPdf, envelopesPdf] = await Promise.all([fsp.readFile(pp.statements), fsp.readFile(pp.envelopes)]);
  // a PDF changed or torn since rendering must never be sealed into a package
  if (sha256(statementsPdf) !== rendered.statements.sha256 || sha256(envelopesPdf) !== rendered.envelopes.sha256) {
    throw new Error(`part ${partId}: the rendered PDFs no longer match their render marker; delete ${pp.rendered} to render the part again`);
  }
  const first = pieces[0];
  if (!first) throw new Error(`part ${partId} has no pieces`);
  const built = await ports.buildPackage({
    batch: first.batch,
    part: first.part,
    pieces,
    sheets: rendered.sheets,
    statementsPdf,
    envelopesPdf,
    statementPages: rendered.statementPages,
    envelopePages: rendered.envelopePages,
    ...(stored.printHousePublicKey ? { printHousePublicKey: stored.printHousePublicKey } : {}),
    runId: stored.runId,
    layouts: ingest.layouts,
    fonts: ingest.fonts,
  });
  if (path.basename(built.fileName) !== built.fileName) throw new Error(`package file name "${built.fileName}" is not a plain file name`);
  const rel = `print/${built.fileName}`;
  const written = await writeChunksAtomic(path.join(runDir, rel), (write) => built.chunks.forEach(write), 0o600);
  const marker: PackagedMarker = {
    partId,
    path: rel,
    sha256: written.sha256,
    bytes: written.bytes,
    batch: first.batch,
    part: first.part,
    pieces: pieces.length,
    sheets: rendered.sheets.reduce((a, b) => a + b, 0),
    statementPages: rendered.statementPages,
    envelopePages: rendered.envelopePages,
    ...(built.encrypted ? { encrypted: true } : {}),
    manifest: built.manifest,
  };
  await ports.appendAudit(runDir, { action: 'package.sealed', details: { runId: stored.runId, partId, path: rel, sha256: marker.sha256, pieces: pieces.length } });
  await writeJsonAtomic(pp.packaged, marker);
  log.info('part packaged', { runId: stored.runId, partId, pieces: pieces.length, bytes: marker.bytes, ms: Date.now() - started });
}
