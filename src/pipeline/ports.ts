/**
 * The one place where the pipeline meets the other streams' modules (extract, domain rules, render,
 * package, audit). Types below mirror /work/CONTRACTS.md; when the real modules are merged, replace
 * the declarations with `export type { … } from '…'` and the requires in `loadPorts` with static
 * imports — any signature drift then shows up here and nowhere else.
 *
 * Stages take an optional `Ports` so tests can drive the stage flow with a fake before (and
 * independently of) the real modules; production code always calls `loadPorts()`.
 */
import type {
  BatchCode,
  ExceptionEntry,
  InsuredRecord,
  Piece,
  Recipient,
  SchemeName,
} from '../domain/types';

// ---- src/extract ------------------------------------------------------------------------------
export interface PrintabilityCheck {
  (record: InsuredRecord): { reason: 'UNPRINTABLE_CHARACTER' | 'DOES_NOT_FIT'; message: string } | null;
}
export interface ReadOptions {
  year: number;
  encoding?: 'utf8' | 'gb18030';
  printable?: PrintabilityCheck;
  onProgress?: (p: { bytesRead: number; totalBytes: number; records: number }) => void;
  tmpDir?: string;
}
export type ExtractItem = { type: 'record'; record: InsuredRecord } | { type: 'exception'; entry: ExceptionEntry };

// ---- src/render + src/assets ------------------------------------------------------------------
/** Opaque to the pipeline: produced by loadRenderAssets, consumed by createRenderer. */
export type RenderAssets = object;
export interface StatementContext {
  runId: string;
  year: number;
  printDate: string;
  verificationKey: string;
  reprint?: { date: string; seq: number };
}
export interface EnvelopeContext {
  runId: string;
  postagePermit: string;
}
export interface Renderer {
  layouts: { id: string; version: string; sha256: string }[];
  fonts: { file: string; sha256: string }[];
  printable: PrintabilityCheck;
  statementPages(record: InsuredRecord, batch: BatchCode): number;
  statementSheets(record: InsuredRecord, batch: BatchCode): number;
  renderStatements(pieces: Piece[], ctx: StatementContext): Uint8Array;
  renderEnvelopes(pieces: Piece[], ctx: EnvelopeContext): Uint8Array;
}

// ---- src/package + src/audit ------------------------------------------------------------------
/** The part manifest inside a package ZIP; the pipeline only stores it. */
export type PartManifest = unknown;
export interface PackageInput {
  batch: BatchCode;
  part: number;
  pieces: Piece[];
  statementsPdf: Uint8Array;
  envelopesPdf: Uint8Array;
  statementPages: number;
  envelopePages: number;
  printHousePublicKey?: string;
  /** Optional (package stream): named in the file name and the part manifest. */
  runId?: string;
  layouts?: LayoutRef[];
  fonts?: FontRef[];
}
export interface BuiltPackage {
  fileName: string;
  bytes: Uint8Array;
  sha256: string;
  manifest: PartManifest;
  encrypted?: boolean;
}
export interface LayoutRef {
  id: string;
  version: string;
  sha256: string;
}
export interface FontRef {
  file: string;
  sha256: string;
}

/** The run manifest and reconciliation builders of src/package (run-records.ts). */
export interface PackageEntry {
  path: string;
  sha256: string;
  bytes: number;
  batch: BatchCode;
  part: number;
  pieces: number;
  statementPages: number;
  envelopePages: number;
  encrypted?: boolean;
  /** Only with requireApproval: `pending` until `siprint release`. */
  status?: 'pending' | 'released';
}
export interface ReconciliationInput {
  runId: string;
  input: number;
  printedByBatch: Partial<Record<BatchCode, number>>;
  printedRecords?: number;
  exceptions: Iterable<Pick<ExceptionEntry, 'reason' | 'batch'>>;
  outOfScope?: number;
  packages?: Pick<PackageEntry, 'batch' | 'pieces' | 'path'>[];
}
/** Opaque to the pipeline: built by buildReconciliation, handed to buildRunManifest / writeRunRecords. */
export type Reconciliation = object;
export interface RunManifestInput {
  runId: string;
  year: number;
  mode: 'annual' | 'scheme' | 'reprint';
  deadline: string;
  handoffBy: string;
  finishedOn: string;
  reconciliation: Reconciliation;
  guardianAddressed: number;
  packages: PackageEntry[];
  layouts: LayoutRef[];
  fonts: FontRef[];
}
/** The fields of manifest.json the pipeline reads back (the package stream owns the shape). */
export interface RunManifest {
  runId: string;
  deadline: string;
  handoffBy: string;
  finishedOn: string;
  finishedLate: boolean;
  packages: PackageEntry[];
  counts: { input: number; printed: number; exceptions: number; suppressed: number; outOfScope?: number; guardianAddressed: number; byBatch: Partial<Record<BatchCode, number>> };
}
export interface AuditEvent {
  action: string;
  operator?: string;
  ssnMasked?: string;
  details?: Record<string, unknown>;
}

export interface Ports {
  validateExtract(file: string, opts: ReadOptions): AsyncIterable<ExtractItem>;
  batchesFor(record: InsuredRecord, mode: 'annual' | 'scheme', schemes?: SchemeName[]): BatchCode[];
  recipientOf(record: InsuredRecord, year: number): Recipient;
  /** Presort order within a batch: recipient postcode, address text, recordId. */
  comparePieces(a: Piece, b: Piece): number;
  deadlineFor(year: number): string;
  handoffBy(year: number, leadDays?: number): string;
  loadRenderAssets(root?: string): RenderAssets;
  createRenderer(assets: RenderAssets): Renderer;
  verificationCode(record: InsuredRecord, batch: BatchCode, year: number, key: string): string;
  buildPackage(input: PackageInput): Promise<BuiltPackage>;
  /** Throws (one line) when the counts do not balance. */
  buildReconciliation(input: ReconciliationInput): Reconciliation;
  buildRunManifest(input: RunManifestInput): RunManifest;
  /** Writes reconciliation.json + manifest.json atomically, then seals their hashes in the audit log. */
  writeRunRecords(runDir: string, manifest: RunManifest, reconciliation: Reconciliation, opts?: { operator?: string; now?: Date }): Promise<{ manifestSha256: string; reconciliationSha256: string }>;
  /** The calendar date in China (UTC+8): deadlines are China dates. */
  chinaDate(now: Date): string;
  appendAudit(runDir: string, event: AuditEvent, now?: Date): Promise<void>;
}

// MERGE: these requires become static imports once the modules exist on main.
function req<T>(id: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(id) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes(`'${id}'`)) {
      throw new Error(`this build has no ${id.replace('../', 'src/')} module: the pipeline cannot run without it (build from a complete checkout)`);
    }
    throw err;
  }
}

let real: Ports | undefined;

/** The real modules (loaded once per process / worker thread). */
export function loadPorts(): Ports {
  if (real) return real;
  const extract = req<Pick<Ports, 'validateExtract'>>('../extract');
  const batch = req<Pick<Ports, 'batchesFor'>>('../domain/batch');
  const presort = req<Pick<Ports, 'recipientOf' | 'comparePieces'>>('../domain/presort');
  const deadline = req<Pick<Ports, 'deadlineFor' | 'handoffBy'>>('../domain/deadline');
  const assets = req<Pick<Ports, 'loadRenderAssets'>>('../assets');
  const render = req<Pick<Ports, 'createRenderer' | 'verificationCode'>>('../render');
  const pkg = req<Pick<Ports, 'buildPackage' | 'buildReconciliation' | 'buildRunManifest' | 'writeRunRecords' | 'chinaDate'>>('../package');
  const audit = req<Pick<Ports, 'appendAudit'>>('../audit');
  real = {
    validateExtract: extract.validateExtract,
    batchesFor: batch.batchesFor,
    recipientOf: presort.recipientOf,
    comparePieces: presort.comparePieces,
    deadlineFor: deadline.deadlineFor,
    handoffBy: deadline.handoffBy,
    loadRenderAssets: assets.loadRenderAssets,
    createRenderer: render.createRenderer,
    verificationCode: render.verificationCode,
    buildPackage: pkg.buildPackage,
    buildReconciliation: pkg.buildReconciliation,
    buildRunManifest: pkg.buildRunManifest,
    writeRunRecords: pkg.writeRunRecords,
    chinaDate: pkg.chinaDate,
    appendAudit: audit.appendAudit,
  };
  return real;
}

/**
 * Ports from a module path (a compiled JS file exporting `ports`): how a worker thread, which
 * cannot receive functions, gets the same fake a test gave the main thread.
 */
export function portsFromModule(file: string): Ports {
  const mod = req<{ ports?: Ports }>(file);
  if (!mod.ports) throw new Error(`ports module ${file} exports no "ports"`);
  return mod.ports;
}

export interface PortsOption {
  ports?: Ports;
  /** Absolute path of a JS module exporting `ports` (tests); wins over the real modules. */
  portsModule?: string;
}

export function resolvePorts(opts: PortsOption | undefined): Ports {
  if (opts?.ports) return opts.ports;
  if (opts?.portsModule) return portsFromModule(opts.portsModule);
  return loadPorts();
}
