/**
 * Package one rendered part: its statements, envelopes and mailing list, checked against the render
 * marker, sealed into print/<package>.zip[.gpg]; an electronic part's PDFs and index.csv into
 * print/<runId>-EL-<batch>-p<NNN>.zip. Idempotent: a part already packaged is left untouched.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { appendAudit } from '../audit';
import { buildPackage, type PackageFile } from '../package/build-package';
import { buildElectronicPackage } from '../package/electronic';
import { t } from '../i18n';
import { writeChunksAtomic, writeJsonAtomic } from '../run-dir/atomic';
import { crc32, sha256 } from '../run-dir/hash';
import type { FileRef, PackagedMarker, RenderedMarker } from '../run-dir/markers';
import { partPaths } from '../run-dir/paths';
import { stageContext, type StageOptions } from './context';
import { packagedDone, renderedDone } from './state';

export async function packagePartStage(runDir: string, partId: string, opts?: StageOptions): Promise<void> {
  if (packagedDone(runDir, partId)) return;
  const { stored, log } = stageContext(runDir, opts);
  const started = Date.now();
  const pp = partPaths(runDir, partId);
  const rendered = renderedDone(runDir, partId);
  if (!rendered) throw new Error(t('part.notRendered', { partId }));
  if (rendered.electronic) {
    await packageElectronicPart(runDir, rendered, stored.runId);
    log.info('part packaged', { runId: stored.runId, partId, pieces: rendered.pieces, electronic: rendered.pieces, ms: Date.now() - started });
    return;
  }
  const envelopesRef = rendered.envelopes;
  const mailingRef = rendered.mailing;
  if (!envelopesRef || !mailingRef) throw new Error(t('part.markerIncomplete', { partId, marker: pp.rendered }));
  const changed = () => new Error(t('part.renderedChanged', { partId, marker: pp.rendered }));
  const built = await buildPackage({
    ...(rendered.bundles ? { bundlesPdf: { data: await renderedFile(pp.bundles, rendered.bundles, changed), count: rendered.bundles.count, pages: rendered.bundles.pages } } : {}),
    batch: rendered.batch,
    part: rendered.part,
    pieces: rendered.pieces,
    statementsPdf: await renderedFile(pp.statements, rendered.statements, changed),
    envelopesPdf: await renderedFile(pp.envelopes, envelopesRef, changed),
    mailingCsv: await renderedFile(pp.mailing, mailingRef, changed),
    statementPages: rendered.statementPages,
    envelopePages: rendered.envelopePages,
    ...(stored.printHousePublicKey ? { printHousePublicKey: stored.printHousePublicKey } : {}),
    runId: stored.runId,
    layouts: rendered.layouts,
    fonts: rendered.fonts,
  });
  if (path.basename(built.fileName) !== built.fileName) throw new Error(`package file name "${built.fileName}" is not a plain file name`);
  // a file found changed as the ZIP reads it throws here, before the rename: no package, no marker
  const marker: PackagedMarker = {
    ...(await writePackageFile(runDir, rendered, built.fileName, built.writeTo)),
    sheets: rendered.sheets.reduce((a, b) => a + b, 0),
    statementPages: rendered.statementPages,
    envelopePages: rendered.envelopePages,
    ...(built.encrypted ? { encrypted: true } : {}),
    manifest: built.manifest,
  };
  await sealPackage(runDir, stored.runId, marker);
  log.info('part packaged', { runId: stored.runId, partId, pieces: rendered.pieces, bytes: marker.bytes, ms: Date.now() - started });
}

/** Blocks of a rendered file as the ZIP takes it: as large as the render's writes. */
const BLOCK = 1 << 20;

/**
 * A rendered file for the ZIP, from the render's hashes: its size, SHA-256 and CRC-32 are the marker's
 * (a marker from before CRC-32s were recorded costs one read more, for it). The file itself is read
 * once, as the ZIP takes it.
 */
async function renderedFile(file: string, ref: FileRef, changed: () => Error): Promise<PackageFile> {
  return { bytes: ref.bytes, sha256: ref.sha256, crc32: ref.crc32 ?? (await crc32Of(file)), blocks: checkedBlocks(file, ref, changed) };
}

/**
 * The file's blocks, hashed as they go; at its end its SHA-256 and size must be the marker's, or it was
 * changed, torn or grown since rendering and `changed` is thrown — before the ZIP it went into is sealed.
 */
async function* checkedBlocks(file: string, ref: FileRef, changed: () => Error): AsyncGenerator<Uint8Array> {
  const fh = await fsp.open(file, 'r');
  try {
    const hash = createHash('sha256');
    // one buffer for every block (each is used before the next is asked for): the part's size in garbage is never made
    const buffer = Buffer.allocUnsafe(Math.min(BLOCK, ref.bytes));
    for (let at = 0; at < ref.bytes; ) {
      const n = Math.min(buffer.length, ref.bytes - at);
      const { bytesRead } = await fh.read(buffer, 0, n, at);
      if (bytesRead !== n) throw changed();
      const block = buffer.subarray(0, n);
      hash.update(block);
      at += n;
      yield block;
    }
    if ((await fh.stat()).size !== ref.bytes || hash.digest('hex') !== ref.sha256) throw changed();
  } finally {
    await fh.close();
  }
}

async function crc32Of(file: string): Promise<number> {
  let crc = 0;
  for await (const block of createReadStream(file, { highWaterMark: BLOCK })) crc = crc32(block as Buffer, crc);
  return crc;
}

/** Writes a package into print/ (temp + rename) from its writer; the marker's first fields, shared by both kinds of package (key order kept: the marker's bytes do not move). */
async function writePackageFile(runDir: string, rendered: RenderedMarker, fileName: string, produce: (write: (chunk: Uint8Array) => void) => unknown) {
  const rel = `print/${fileName}`;
  const written = await writeChunksAtomic(path.join(runDir, rel), produce, 0o600);
  const { partId, batch, part, pieces } = rendered;
  return { partId, path: rel, sha256: written.sha256, bytes: written.bytes, batch, part, pieces };
}

/** The package is in print/: its audit line, then the marker (a crash between the two redoes the same bytes). */
async function sealPackage(runDir: string, runId: string, marker: PackagedMarker): Promise<void> {
  const { partId, path: rel, sha256: hash, pieces } = marker;
  await appendAudit(runDir, { action: 'package.sealed', details: { runId, partId, path: rel, sha256: hash, pieces, ...(marker.electronic ? { electronic: true } : {}) } });
  await writeJsonAtomic(partPaths(runDir, partId).packaged, marker);
}

/**
 * An electronic part: each PDF read out of statements.pdfs as the ZIP comes to it, checked against its
 * SHA-256 and the whole file against the marker's (a mismatch found late still leaves no package: the
 * ZIP is written to a temporary file).
 */
async function packageElectronicPart(runDir: string, rendered: RenderedMarker, runId: string): Promise<void> {
  const { partId } = rendered;
  const pp = partPaths(runDir, partId);
  const indexCsv = await fsp.readFile(pp.index);
  const changed = () => new Error(t('part.renderedChanged', { partId, marker: pp.rendered }));
  if (sha256(indexCsv) !== rendered.index?.sha256) throw changed();
  const refs = rendered.pdfs ?? [];
  const fh = await fsp.open(pp.pdfs, 'r');
  try {
    const whole = createHash('sha256');
    let at = 0;
    const pdfs = refs.map((ref, i) => ({
      pieceId: ref.pieceId,
      data: async (): Promise<Uint8Array> => {
        const data = Buffer.alloc(ref.bytes);
        const { bytesRead } = await fh.read(data, 0, ref.bytes, at);
        at += ref.bytes;
        if (bytesRead !== ref.bytes || sha256(data) !== ref.sha256) throw changed();
        whole.update(data);
        if (i === refs.length - 1 && ((await fh.stat()).size !== at || whole.digest('hex') !== rendered.statements.sha256)) throw changed();
        return data;
      },
    }));
    const built = buildElectronicPackage({ runId, batch: rendered.batch, part: rendered.part, pdfs, indexCsv, statementPages: rendered.statementPages, layouts: rendered.layouts, fonts: rendered.fonts });
    await sealPackage(runDir, runId, {
      ...(await writePackageFile(runDir, rendered, built.fileName, built.writeTo)),
      sheets: 0,
      statementPages: rendered.statementPages,
      envelopePages: 0,
      electronic: true,
      manifest: built.manifest,
    });
  } finally {
    await fh.close();
  }
}
