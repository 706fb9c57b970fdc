/** Where a run stands, read from its directory alone (any machine sharing DIR can ask). */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { t } from '../i18n';
import { readJsonIfExists } from '../run-dir/json';
import type { IngestState, PackagedMarker, RenderedMarker, RunCounts } from '../run-dir/markers';
import { partPaths, runPaths } from '../run-dir/paths';
import { deliveryView, readDeliveryEvents, type DeliveryView, type ManifestPackageRef } from '../run-dir/delivery';
import { readRelease } from '../run-dir/release';
import { readMakeups } from '../run-dir/tracking';
import { makeupPackageRefs, trackingView, type TrackingView } from '../run-dir/tracking-view';
import { readStoredConfig } from '../run-dir/run-config';
import { runIdentity, type RunIdentity } from './context';

export type RunStage = 'created' | 'ingesting' | 'rendering' | 'packaging' | 'finalizing' | 'done';

export interface RunStatus extends RunIdentity {
  stage: RunStage;
  ingest: { done: boolean; records: number; bytesRead: number; totalBytes: number; exceptionsSoFar: number };
  parts: { total: number; rendered: number; packaged: number };
  counts?: RunCounts;
  finalized: boolean;
  /** Only for a ticket with requireApproval, once finalize has run (release.json). */
  release?: { status: 'pending' | 'released'; startedBy: string; approvedBy?: string };
  /** Once finalized: each package's state (sealed, released, delivered, acknowledged, rejected), the overdue ones. */
  delivery?: DeliveryView;
  /** Once a results, make-up, dispatch or returns file was taken in: every piece's state (docs/delivery.md §3–6). */
  tracking?: TrackingView;
  /** Once `siprint purge` removed the run's personal data (purged.json): when. */
  purged?: { on: string };
}

export function readRunState(runDir: string, now: Date = new Date()): RunStatus {
  const p = runPaths(runDir);
  const stored = readStoredConfig(runDir);
  const ingest = readJsonIfExists<IngestState>(p.ingestDone, 'ingest state');
  const prog = readJsonIfExists<{ records: number; bytesRead: number; totalBytes: number; exceptions: number }>(p.ingestProgress, 'ingest progress');
  let rendered = 0;
  let packaged = 0;
  for (const ref of ingest?.parts ?? []) {
    const pp = partPaths(runDir, ref.partId);
    if (readJsonIfExists<RenderedMarker>(pp.rendered, 'render marker')) rendered += 1;
    if (readJsonIfExists<PackagedMarker>(pp.packaged, 'package marker')) packaged += 1;
  }
  const total = ingest?.parts.length ?? 0;
  const finalized = existsSync(p.manifest) && existsSync(p.finalized);
  const stage: RunStage = finalized
    ? 'done'
    : !ingest
      ? prog
        ? 'ingesting'
        : 'created'
      : rendered < total
        ? 'rendering'
        : packaged < total
          ? 'packaging'
          : 'finalizing';
  const status: RunStatus = {
    ...runIdentity(runDir, stored),
    stage,
    ingest: {
      done: Boolean(ingest),
      records: ingest?.counts.input ?? prog?.records ?? 0,
      bytesRead: prog?.bytesRead ?? 0,
      totalBytes: prog?.totalBytes ?? 0,
      exceptionsSoFar: ingest ? ingest.counts.exceptions + ingest.counts.suppressed : (prog?.exceptions ?? 0),
    },
    parts: { total, rendered, packaged },
    finalized,
  };
  if (ingest) status.counts = ingest.counts;
  const purged = readJsonIfExists<{ purgedOn?: string }>(p.purged, 'purge marker');
  if (purged) status.purged = { on: purged.purgedOn ?? '?' };
  const rel = readRelease(runDir);
  if (rel) status.release = { status: rel.status, startedBy: rel.startedBy, ...(rel.approvedBy ? { approvedBy: rel.approvedBy } : {}) };
  const manifest = finalized ? readJsonIfExists<{ packages: ManifestPackageRef[] }>(p.manifest, 'manifest') : undefined;
  if (manifest) {
    const makeups = makeupPackageRefs(readMakeups(runDir));
    status.delivery = deliveryView([...manifest.packages, ...makeups], readDeliveryEvents(runDir), now, stored.printHouse?.ackWithinHours);
    const tracking = trackingView(runDir, now);
    if (tracking) status.tracking = tracking;
  }
  return status;
}

/**
 * What is left to do, from the run directory alone: how a queue whose Redis lost its data (or an
 * in-process resume) rebuilds the remaining work without redoing finished parts.
 */
export interface RemainingWork {
  ingest: boolean;
  render: string[];
  package: string[];
  finalize: boolean;
}

export function remainingWork(runDir: string): RemainingWork {
  const p = runPaths(runDir);
  const ingest = readJsonIfExists<IngestState>(p.ingestDone, 'ingest state');
  if (!ingest) return { ingest: true, render: [], package: [], finalize: true };
  const render: string[] = [];
  const pack: string[] = [];
  for (const ref of ingest.parts) {
    const pp = partPaths(runDir, ref.partId);
    if (!existsSync(pp.rendered)) render.push(ref.partId);
    if (!existsSync(pp.packaged)) pack.push(ref.partId);
  }
  return { ingest: false, render, package: pack, finalize: !(existsSync(p.manifest) && existsSync(p.finalized)) };
}

/** The ingest's result, once it finished (throws a clear error when it has not). */
export function ingestStateOf(runDir: string): IngestState {
  const r = readJsonIfExists<IngestState>(runPaths(runDir).ingestDone, 'ingest state');
  if (!r) throw new Error(t('run.ingestNotDone', { runId: readStoredConfig(runDir).runId }));
  return r;
}

/** A part's render marker, when it is of this version and the files it names are complete (sizes match). */
export function renderedDone(runDir: string, partId: string): RenderedMarker | undefined {
  const pp = partPaths(runDir, partId);
  const m = readJsonIfExists<RenderedMarker>(pp.rendered, 'render marker');
  if (!m || !Array.isArray(m.sheets) || m.sheets.length !== m.pieces || !Array.isArray(m.layouts)) return undefined;
  const complete = (file: string, ref: { bytes: number } | undefined) => ref !== undefined && existsSync(file) && statSync(file).size === ref.bytes;
  if (m.electronic) return m.pdfs?.length === m.pieces && complete(pp.pdfs, m.statements) && complete(pp.index, m.index) ? m : undefined;
  return complete(pp.statements, m.statements) && complete(pp.envelopes, m.envelopes) && complete(pp.mailing, m.mailing) && (!m.bundles || complete(pp.bundles, m.bundles)) ? m : undefined;
}

/** A part's package marker, when its package is in print/ at its full size. */
export function packagedDone(runDir: string, partId: string): PackagedMarker | undefined {
  const m = readJsonIfExists<PackagedMarker>(partPaths(runDir, partId).packaged, 'package marker');
  if (!m || typeof m.sheets !== 'number') return undefined;
  const file = path.join(runDir, m.path);
  return existsSync(file) && statSync(file).size === m.bytes ? m : undefined;
}

/** The sheets of paper of the run's packaged parts (the render counts them: the ingest does not lay out). */
export function packagedSheets(runDir: string, parts: readonly { partId: string }[]): number {
  return parts.reduce((n, ref) => n + (packagedDone(runDir, ref.partId)?.sheets ?? 0), 0);
}
