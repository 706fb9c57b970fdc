/** What the tracking commands read back: summaries, and the slots the print house has (to report). */
import path from 'node:path';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import { readJsonIfExists } from '../run-dir/json';
import { readMakeups, trackingPaths, type PieceStore, type TrackingKind } from '../run-dir/tracking';
import { currentPackage, deliveredFiles } from '../run-dir/tracking-view';
import type { PieceIndex } from './pieces';

export function readSummary<T>(runDir: string, kind: TrackingKind, k: number): T {
  const file = trackingPaths(runDir).summary(kind, k);
  const s = readJsonIfExists<T>(file, `${kind} summary`);
  if (!s) throw new InputError(t('tracking.summaryMissing', { file, runDir }));
  return s;
}

/** [slot, package file] of every piece whose current package (its part's, or its latest make-up's) is delivered. */
export function* deliveredSlots(index: PieceIndex, store: PieceStore): Generator<[number, string]> {
  const makeups = readMakeups(index.runDir);
  const files = makeups.map((m) => path.posix.basename(m.path));
  const delivered = deliveredFiles(index.runDir, makeups);
  for (const part of index.parts) {
    for (let slot = part.offset; slot < part.offset + part.pieces; slot++) {
      const pkg = currentPackage(store, slot, part, files);
      if (delivered.has(pkg)) yield [slot, pkg];
    }
  }
}
