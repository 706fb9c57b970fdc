/**
 * Package one rendered part: its statements, envelopes and mailing list, checked against the render
 * marker, sealed into print/<package>.zip[.gpg]. Idempotent: a part already packaged is left untouched.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { appendAudit } from '../audit';
import { buildPackage } from '../package/build-package';
import { writeChunksAtomic, writeJsonAtomic } from '../run-dir/atomic';
import { sha256 } from '../run-dir/hash';
import type { PackagedMarker } from '../run-dir/markers';
import { partPaths } from '../run-dir/paths';
import { stageContext, type StageOptions } from './context';
import { packagedDone, renderedDone } from './state';

export async function packagePartStage(runDir: string, partId: string, opts?: StageOptions): Promise<void> {
  if (packagedDone(runDir, partId)) return;
  const { stored, log } = stageContext(runDir, opts);
  const started = Date.now();
  const pp = partPaths(runDir, partId);
  const rendered = renderedDone(runDir, partId);
  if (!rendered) throw new Error(`part ${partId}: not rendered yet (run the render stage for it first)`);
  const [statementsPdf, envelopesPdf, mailingCsv] = await Promise.all([fsp.readFile(pp.statements), fsp.readFile(pp.envelopes), fsp.readFile(pp.mailing)]);
  // a file changed or torn since rendering must never be sealed into a package
  const sha256s = { 'statements.pdf': sha256(statementsPdf), 'envelopes.pdf': sha256(envelopesPdf), 'mailing.csv': sha256(mailingCsv) };
  if (sha256s['statements.pdf'] !== rendered.statements.sha256 || sha256s['envelopes.pdf'] !== rendered.envelopes.sha256 || sha256s['mailing.csv'] !== rendered.mailing.sha256) {
    throw new Error(`part ${partId}: the rendered files no longer match their render marker; delete ${pp.rendered} to render the part again`);
  }
  const built = await buildPackage({
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
  const rel = `print/${built.fileName}`;
  const written = await writeChunksAtomic(path.join(runDir, rel), (write) => built.chunks.forEach(write), 0o600);
  const marker: PackagedMarker = {
    partId,
    path: rel,
    sha256: written.sha256,
    bytes: written.bytes,
    batch: rendered.batch,
    part: rendered.part,
    pieces: rendered.pieces,
    sheets: rendered.sheets.reduce((a, b) => a + b, 0),
    statementPages: rendered.statementPages,
    envelopePages: rendered.envelopePages,
    ...(built.encrypted ? { encrypted: true } : {}),
    manifest: built.manifest,
  };
  await appendAudit(runDir, { action: 'package.sealed', details: { runId: stored.runId, partId, path: rel, sha256: marker.sha256, pieces: rendered.pieces } });
  await writeJsonAtomic(pp.packaged, marker);
  log.info('part packaged', { runId: stored.runId, partId, pieces: rendered.pieces, bytes: marker.bytes, ms: Date.now() - started });
}
