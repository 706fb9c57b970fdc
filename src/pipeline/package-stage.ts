/**
 * Package one rendered part: its statements, envelopes and mailing list, checked against the render
 * marker, sealed into print/<package>.zip[.gpg]; an electronic part's PDFs and index.csv into
 * print/<runId>-EL-<batch>-p<NNN>.zip. Idempotent: a part already packaged is left untouched.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { appendAudit } from '../audit';
import { buildPackage } from '../package/build-package';
import { buildElectronicPackage } from '../package/electronic';
import { t } from '../i18n';
import { writeChunksAtomic, writeJsonAtomic } from '../run-dir/atomic';
import { writePartIndex } from '../run-dir/code-index';
import { sha256 } from '../run-dir/hash';
import type { PackagedMarker, RenderedMarker } from '../run-dir/markers';
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
  const [statementsPdf, envelopesPdf, mailingCsv] = await Promise.all([fsp.readFile(pp.statements), fsp.readFile(pp.envelopes), fsp.readFile(pp.mailing)]);
  // a file changed or torn since rendering must never be sealed into a package
  const sha256s = { 'statements.pdf': sha256(statementsPdf), 'envelopes.pdf': sha256(envelopesPdf), 'mailing.csv': sha256(mailingCsv) };
  if (sha256s['statements.pdf'] !== rendered.statements.sha256 || sha256s['envelopes.pdf'] !== envelopesRef.sha256 || sha256s['mailing.csv'] !== mailingRef.sha256) {
    throw new Error(t('part.renderedChanged', { partId, marker: pp.rendered }));
  }
  let bundlesPdf: { data: Uint8Array; count: number; pages: number; sha256: string } | undefined;
  if (rendered.bundles) {
    const data = await fsp.readFile(pp.bundles);
    const hash = sha256(data);
    if (hash !== rendered.bundles.sha256) throw new Error(t('part.renderedChanged', { partId, marker: pp.rendered }));
    bundlesPdf = { data, count: rendered.bundles.count, pages: rendered.bundles.pages, sha256: hash };
  }
  const built = await buildPackage({
    ...(bundlesPdf ? { bundlesPdf } : {}),
    batch: rendered.batch,
    part: rendered.part,
    pieces: rendered.pieces,
    statementsPdf,
    envelopesPdf,
    mailingCsv,
    sha256s,
    statementPages: rendered.statementPages,
    envelopePages: rendered.envelopePages,
    ...(stored.printHousePublicKey ? { printHousePublicKey: stored.printHousePublicKey } : {}),
    runId: stored.runId,
    layouts: rendered.layouts,
    fonts: rendered.fonts,
  });
  if (path.basename(built.fileName) !== built.fileName) throw new Error(`package file name "${built.fileName}" is not a plain file name`);
  const marker: PackagedMarker = {
    ...(await writePackageFile(runDir, rendered, built.fileName, (write) => built.chunks.forEach(write))),
    sheets: rendered.sheets.reduce((a, b) => a + b, 0),
    statementPages: rendered.statementPages,
    envelopePages: rendered.envelopePages,
    ...(built.encrypted ? { encrypted: true } : {}),
    manifest: built.manifest,
  };
  await sealPackage(runDir, stored.runId, marker);
  log.info('part packaged', { runId: stored.runId, partId, pieces: rendered.pieces, bytes: marker.bytes, ms: Date.now() - started });
}

/** Writes a package into print/ (temp + rename) from its chunks or its writer; the marker's first fields, shared by both kinds of package (key order kept: the marker's bytes do not move). */
async function writePackageFile(runDir: string, rendered: RenderedMarker, fileName: string, produce: (write: (chunk: Uint8Array) => void) => unknown) {
  const rel = `print/${fileName}`;
  const written = await writeChunksAtomic(path.join(runDir, rel), produce, 0o600);
  const { partId, batch, part, pieces } = rendered;
  return { partId, path: rel, sha256: written.sha256, bytes: written.bytes, batch, part, pieces };
}

/**
 * The package is in print/: the part's share of the verification index (so that finalize only joins
 * the parts' shares), its audit line, then the marker (a crash between them redoes the same bytes).
 */
async function sealPackage(runDir: string, runId: string, marker: PackagedMarker): Promise<void> {
  const { partId, path: rel, sha256: hash, pieces } = marker;
  await writePartIndex(runDir, partId, path.basename(rel));
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
