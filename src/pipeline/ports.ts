/**
 * The one place where the pipeline meets the other modules (extract, domain rules, render, package,
 * audit): the stages call them through `ports`, so this file lists everything the pipeline depends on
 * outside itself, and the types it uses are theirs (a signature drift is a compile error here or at
 * the call site, not a copied declaration going stale).
 */
import { appendAudit } from '../audit';
import { adoptFontFiles, assetRefs, loadRenderAssets, shareFontFiles } from '../assets';
import { batchesFor } from '../domain/batch';
import { deadlineFor, handoffBy } from '../domain/deadline';
import { comparePieces, recipientOf } from '../domain/presort';
import { extractRows, judgeRow } from '../extract';
// the files, not the package index: the index also loads verify-run (pdf-lib), which no stage needs
import { buildPackage } from '../package/build-package';
import { buildReconciliation, buildRunManifest, chinaDate, writeRunRecords } from '../package/run-records';
import type { createRenderer as CreateRenderer } from '../render';
import { verificationCode } from '../render/verification';

/** The renderer (pdf-lib, fontkit) is loaded by the threads that render or check, not by a run's main thread. */
const createRenderer: typeof CreateRenderer = (assets) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../render') as typeof import('../render')).createRenderer(assets);
};

export type { ExtractItem, PrintabilityCheck, ReadOptions, RowBatch, RowJob } from '../extract';
export type { EnvelopeContext, RenderAssets, Renderer, StatementContext } from '../render';
export type {
  BuiltPackage,
  FontRef,
  LayoutRef,
  PackageEntry,
  PackageInput,
  PartManifest,
  Reconciliation,
  ReconciliationInput,
  RunManifest,
  RunManifestInput,
} from '../package';
export type { AuditEvent } from '../audit';

export const ports = {
  /** The extract's rows (after the duplicate pass), and each row's verdict (validateExtract in two halves). */
  extractRows,
  judgeRow,
  batchesFor,
  recipientOf,
  /** Presort order within a batch: recipient postcode, address text, recordId. */
  comparePieces,
  deadlineFor,
  handoffBy,
  loadRenderAssets,
  /** The layouts and fonts (by hash) a package's manifest names. */
  assetRefs,
  /** Font files read once and handed to worker threads (SharedArrayBuffer), adopted there. */
  shareFontFiles,
  adoptFontFiles,
  createRenderer,
  verificationCode,
  buildPackage,
  /** Throws (one line) when the counts do not balance. */
  buildReconciliation,
  buildRunManifest,
  /** Writes reconciliation.json + manifest.json atomically, then seals their hashes in the audit log. */
  writeRunRecords,
  /** The calendar date in China (UTC+8): deadlines are China dates. */
  chinaDate,
  appendAudit,
} as const;

export type Ports = typeof ports;
