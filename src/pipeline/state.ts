/** Where a run stands, read from its directory alone (any machine sharing DIR can ask). */
import { existsSync } from 'node:fs';
import type { IngestResult, PackagedMarker, RenderedMarker, RunCounts, RunIdentity } from './common';
import { readStoredConfig, runIdentity } from './common';
import { partPaths, readJsonIfExists, runPaths } from './run-dir';
import { readRelease } from '../release/state';

export type RunStage = 'created' | 'ingesting' | 'rendering' | 'packaging' | 'finalizing' | 'done';

export interface RunStatus extends RunIdentity {
  stage: RunStage;
  ingest: { done: boolean; records: number; bytesRead: number; totalBytes: number; exceptionsSoFar: number };
  parts: { total: number; rendered: number; packaged: number };
  counts?: RunCounts;
  finalized: boolean;
  /** Only for a ticket with requireApproval, once finalize has run (release.json). */
  release?: { status: 'pending' | 'released'; startedBy: string; approvedBy?: string };
}

export function readRunState(runDir: string): RunStatus {
  const p = runPaths(runDir);
  const stored = readStoredConfig(runDir);
  const ingest = readJsonIfExists<IngestResult>(p.ingestDone, 'ingest state');
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
  const rel = readRelease(runDir);
  if (rel) status.release = { status: rel.status, startedBy: rel.startedBy, ...(rel.approvedBy ? { approvedBy: rel.approvedBy } : {}) };
  return status;
}

/** Whole days from `now` (its date in China, UTC+8: deadlines are China dates) to `date`; negative once past. */
export function daysUntil(date: string, now: Date): number {
  const today = Date.parse(`${new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / 86_400_000);
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
  const ingest = readJsonIfExists<IngestResult>(p.ingestDone, 'ingest state');
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
