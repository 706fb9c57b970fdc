/** What every stage shares: its options, the stored run config, the renderer cache, counts. */
import type { RunLog } from './log';
import { runLog } from './log';
import { ports, type Renderer } from './ports';
import type { StoredRunConfig } from './config';
import { readJsonSync, runPaths } from './run-dir';
import type { PartRef } from './split';
import { InputError } from '../errors';

export interface StageOptions {
  /** The HMAC key, when the caller holds it; else SIPRINT_VERIFY_KEY or the run's ticket. */
  verificationKey?: string;
  log?: RunLog;
  now?: () => Date;
}

export function stageContext(runDir: string, opts: StageOptions | undefined) {
  const stored = readStoredConfig(runDir);
  const log = opts?.log ?? runLog(runDir);
  const now = opts?.now ?? (() => new Date());
  return { stored, ports, log, now, paths: runPaths(runDir) };
}

export function readStoredConfig(runDir: string): StoredRunConfig {
  const p = runPaths(runDir);
  const c = readJsonSync<StoredRunConfig>(p.config, 'run config');
  if (c.format !== 'siprint-run-config/1') throw new InputError(`${p.config} is not a siprint run config (format ${String(c.format)})`);
  return c;
}

const renderers = new Map<string, Renderer>();

/** One renderer per process (or worker thread) and assets root: fonts are parsed once. */
export function rendererFor(assetsRoot: string | undefined): Renderer {
  const key = assetsRoot ?? '';
  let r = renderers.get(key);
  if (!r) {
    r = ports.createRenderer(ports.loadRenderAssets(assetsRoot));
    renderers.set(key, r);
  }
  return r;
}

/** Lets a renderer be collected (fonts and glyph caches are large) once this thread has no more use for it. */
export function releaseRenderer(assetsRoot: string | undefined): void {
  renderers.delete(assetsRoot ?? '');
}

/** What names a run and its dates: the head of both `status` and the end-of-run summary. */
export interface RunIdentity {
  runId: string;
  runDir: string;
  year: number;
  mode: 'annual' | 'scheme';
  printDate: string;
  deadline: string;
  handoffBy: string;
}

export function runIdentity(runDir: string, stored: StoredRunConfig): RunIdentity {
  const { runId, year, mode, printDate, deadline, handoffBy } = stored;
  return { runId, runDir, year, mode, printDate, deadline, handoffBy };
}

export interface RunCounts {
  /** Records in the extract (every line/row, parsed or not). */
  input: number;
  /** Records that got at least one statement. */
  printed: number;
  /** Held out with a reason code. */
  exceptions: number;
  /** Counted, not mailed (DELIVERY_ELECTRONIC / DELIVERY_HOLD). */
  suppressed: number;
  /** Scheme mode only: valid records with none of the ticket's schemes. */
  outOfScope: number;
  guardianAddressed: number;
  /** Statements (= envelopes); in scheme mode a record can have several. */
  pieces: number;
  byBatch: Record<string, number>;
  /** Pieces per recipient province/city ("广东省 广州市"; a municipality once): for the run report. */
  byRegion?: Record<string, number>;
  heldByReason: Record<string, number>;
  suppressedByReason: Record<string, number>;
  /** Held + suppressed per batch of this run and reason ("" = before a batch was known). */
  exceptionsByBatchReason: Record<string, Record<string, number>>;
}

export interface IngestResult {
  parts: PartRef[];
  counts: RunCounts;
  layouts: { id: string; version: string; sha256: string }[];
  fonts: { file: string; sha256: string }[];
}

export interface RenderedMarker {
  partId: string;
  pieces: number;
  /** Sheets of paper of each piece's statement, in print order (mailing.csv's `sheets`). */
  sheets: number[];
  statementPages: number;
  envelopePages: number;
  statements: { sha256: string; bytes: number };
  envelopes: { sha256: string; bytes: number };
}

export interface PackagedMarker {
  partId: string;
  path: string; // relative to the run dir
  sha256: string;
  bytes: number;
  batch: string;
  part: number;
  pieces: number;
  /** The part's sheets of paper (statements). */
  sheets: number;
  statementPages: number;
  envelopePages: number;
  encrypted?: boolean;
  manifest: unknown;
}

export function emptyCounts(): RunCounts {
  return {
    input: 0,
    printed: 0,
    exceptions: 0,
    suppressed: 0,
    outOfScope: 0,
    guardianAddressed: 0,
    pieces: 0,
    byBatch: {},
    byRegion: {},
    heldByReason: {},
    suppressedByReason: {},
    exceptionsByBatchReason: {},
  };
}

export function bump(m: Record<string, number>, key: string, by = 1): void {
  m[key] = (m[key] ?? 0) + by;
}
