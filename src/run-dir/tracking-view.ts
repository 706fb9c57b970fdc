/**
 * Every mailed piece's state, folded from tracking/pieces.bin, the make-up records and the hand-off's
 * events: what `status`, the report and the dashboard show (docs/delivery.md "A piece's life").
 * Here rather than in src/tracking so the pipeline's status and report read it without importing it.
 * One pass over 4-byte slots: O(pieces) time, no per-piece objects.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { addDays, daysUntil } from '../domain/dates';
import { PIECE_STATES, type PieceState, type TrackingView } from '../domain/piece-state';
import { deliveryView, readDeliveryEvents, type ManifestPackageRef } from './delivery';
import { readJsonIfExists } from './json';
import type { IngestState, PackagedMarker } from './markers';
import { partPaths, runPaths } from './paths';
import { readStoredConfig } from './run-config';
import { dayDate, dayNumber, F_MAKEUP_PENDING, F_RETURNED, F_STATUS, readMakeups, readPieceStore, SLOT, type MakeupRecord, type PieceStore } from './tracking';

/** A part's pieces as slots `offset … offset+pieces-1` (print order), and its package's file name. */
export interface SlotPart {
  partId: string;
  batch: string;
  part: number;
  pieces: number;
  offset: number;
  file: string;
}

export function slotParts(runDir: string): SlotPart[] {
  const ingest = readJsonIfExists<IngestState>(runPaths(runDir).ingestDone, 'ingest state');
  let offset = 0;
  // electronic parts (docs/delivery.md §7) are not mailed: no inserter, post or make-up for them
  return (ingest?.parts ?? []).filter((ref) => !ref.electronic).map((ref) => {
    const marker = readJsonIfExists<PackagedMarker>(partPaths(runDir, ref.partId).packaged, 'package marker');
    const part = { partId: ref.partId, batch: ref.batch, part: ref.part, pieces: ref.pieces, offset, file: marker ? path.posix.basename(marker.path) : '' };
    offset += ref.pieces;
    return part;
  });
}

/** The make-up packages as the hand-off sees packages (deliver sends them, status counts them). */
export function makeupPackageRefs(makeups: readonly MakeupRecord[]): ManifestPackageRef[] {
  return makeups.map((m) => ({ path: m.path, sha256: m.sha256, bytes: m.bytes, status: 'released' as const }));
}

/** Files of the packages on the print house's host and not rejected (its pieces are theirs to report). */
export function deliveredFiles(runDir: string, makeups: readonly MakeupRecord[]): Set<string> {
  const manifest = readJsonIfExists<{ packages: ManifestPackageRef[] }>(runPaths(runDir).manifest, 'manifest');
  const view = deliveryView([...(manifest?.packages ?? []), ...makeupPackageRefs(makeups)], readDeliveryEvents(runDir), new Date());
  return new Set(view.packages.filter((p) => p.state === 'delivered' || p.state === 'acknowledged').map((p) => p.file));
}

/** The package a piece is in now: its latest make-up package, else its part's. */
export function currentPackage(store: PieceStore, slot: number, part: SlotPart, makeupFiles: readonly string[]): string {
  const round = store.slots[slot * SLOT + 1] ?? 0;
  return round > 0 ? (makeupFiles[round - 1] ?? part.file) : part.file;
}

export { PIECE_STATES, type PieceState, type TrackingView };
const OK = 1;

/** One piece's state (the furthest it got): see docs/delivery.md and docs/glossary.md. */
export function pieceState(store: PieceStore, slot: number, pkg: string, delivered: ReadonlySet<string>): PieceState {
  const at = slot * SLOT;
  const flags = store.slots[at] ?? 0;
  if (flags & F_RETURNED) return 'returned';
  const status = flags & F_STATUS;
  const failed = status !== 0 && status !== OK;
  const day = (store.slots[at + 2] ?? 0) | ((store.slots[at + 3] ?? 0) << 8);
  if (!failed && !(flags & F_MAKEUP_PENDING) && (day !== 0 || store.header.packagesDispatched[pkg] !== undefined)) return 'dispatched';
  if (flags & F_MAKEUP_PENDING) return 'madeUp';
  if (status === OK) return 'produced';
  if (failed) return 'failed';
  return delivered.has(pkg) ? 'unreported' : 'notDelivered';
}


export const DEFAULT_TRANSIT_DAYS = 7;

/** Once anything was taken in (tracking/pieces.bin exists); undefined before. */
export function trackingView(runDir: string, now: Date = new Date()): TrackingView | undefined {
  if (!existsSync(runPaths(runDir).config)) return undefined;
  const store = readPieceStore(runDir);
  if (!store) return undefined;
  const stored = readStoredConfig(runDir);
  const parts = slotParts(runDir);
  const makeups = readMakeups(runDir);
  const makeupFiles = makeups.map((m) => path.posix.basename(m.path));
  const delivered = deliveredFiles(runDir, makeups);
  const empty = () => Object.fromEntries(PIECE_STATES.map((s) => [s, 0])) as Record<PieceState, number>;
  const counts = empty();
  const byBatch: Record<string, Record<PieceState, number>> = {};
  const notDispatched = new Map<string, number>();
  let lastDay = 0;
  for (const part of parts) {
    const b = (byBatch[part.batch] ??= empty());
    for (let slot = part.offset; slot < part.offset + part.pieces; slot++) {
      const pkg = currentPackage(store, slot, part, makeupFiles);
      const s = pieceState(store, slot, pkg, delivered);
      counts[s] += 1;
      b[s] += 1;
      if (s !== 'dispatched' && s !== 'returned') notDispatched.set(pkg, (notDispatched.get(pkg) ?? 0) + 1);
      const day = (store.slots[slot * SLOT + 2] ?? 0) | ((store.slots[slot * SLOT + 3] ?? 0) << 8);
      if (day > lastDay) lastDay = day;
    }
  }
  for (const d of Object.values(store.header.packagesDispatched)) lastDay = Math.max(lastDay, dayNumber(d));
  const transitDays = stored.printHouse?.transitDays ?? DEFAULT_TRANSIT_DAYS;
  const dispatchBy = addDays(stored.deadline, -transitDays);
  const daysLeft = daysUntil(dispatchBy, now);
  const n = (kind: string) => store.header.applied.filter((a) => a.kind === kind).length;
  return {
    counts,
    byBatch,
    dispatchBy,
    transitDays,
    daysLeft,
    notDispatched: [...notDispatched].map(([file, pieces]) => ({ file, pieces })),
    atRisk: daysLeft < 0 && notDispatched.size > 0,
    files: { results: n('results'), makeup: n('makeup'), dispatch: n('dispatch'), returns: n('returns') },
    ...(lastDay > 0 ? { lastDispatchOn: dayDate(lastDay) } : {}),
  };
}
