/**
 * The run's own records (docs/interface.md): `manifest.json` and `reconciliation.json`, as pure
 * builders that refuse counts that do not balance. The finalize stage writes and seals them.
 */
import type { BatchCode, ReasonCode, SuppressionCode } from '../domain/types';
import { REASON_CODES, SUPPRESSION_CODES } from '../domain/types';
import type { FontRef, LayoutRef } from '../domain/types';
import type { RunCounts } from '../run-dir/markers';

export type RunMode = 'annual' | 'scheme' | 'reprint';

/** One package as the run manifest lists it. */
export interface PackageEntry {
  /** Relative to the run directory, with `/`: e.g. `print/RUN1-E-p001.zip`. */
  path: string;
  sha256: string;
  bytes: number;
  batch: BatchCode;
  part: number;
  pieces: number;
  statementPages: number;
  envelopePages: number;
  /** true for `*.zip.gpg` (not byte-reproducible: fresh session key per encryption). */
  encrypted?: boolean;
  /** An electronic-statement package (`<runId>-EL-<batch>-p<NNN>.zip`): for the agency's website, never the print house. */
  electronic?: boolean;
  /** Only for a ticket with requireApproval: `pending` until `siprint release` (src/release). */
  status?: 'pending' | 'released';
}

/** manifest.json `counts`: the reconciliation's overall balance, the guardian count, printed (and electronic) pieces per batch. */
export type ManifestCounts = Pick<RunCounts, 'input' | 'printed' | 'electronic' | 'exceptions' | 'suppressed' | 'outOfScope' | 'guardianAddressed'> & {
  byBatch: Partial<Record<BatchCode, number>>;
  electronicByBatch: Partial<Record<BatchCode, number>>;
};

export interface RunManifest {
  format: 'siprint-run/1';
  runId: string;
  year: number;
  mode: RunMode;
  deadline: string;
  handoffBy: string;
  /** The (China-time) date the run finished; `finishedLate` when after handoffBy. */
  finishedOn: string;
  finishedLate: boolean;
  /** The extract the run was created from (SHA-256, size); absent for runs created before it was recorded. */
  extract?: { sha256: string; bytes: number };
  counts: ManifestCounts;
  packages: PackageEntry[];
  layouts: LayoutRef[];
  fonts: FontRef[];
}

export interface BatchBalance {
  input: number;
  printed: number;
  /** Electronic statements made in this batch (pieces, like printed). */
  electronic: number;
  exceptions: number;
  suppressed: number;
  byReason: Partial<Record<ReasonCode | SuppressionCode, number>>;
}

export interface Reconciliation {
  format: 'siprint-reconciliation/1';
  runId: string;
  /** input = printed + electronic + exceptions + suppressed + outOfScope (records; outOfScope only in scheme mode). */
  overall: { input: number; printed: number; electronic: number; exceptions: number; suppressed: number; outOfScope: number };
  /** Per batch (pieces printed + records held/suppressed in that batch); `input` is their sum. */
  byBatch: Partial<Record<BatchCode, BatchBalance>>;
  /** Held or suppressed before a batch was known (e.g. PARSE_ERROR, INVALID_SSN). */
  unbatched: { exceptions: number; suppressed: number; byReason: Partial<Record<ReasonCode | SuppressionCode, number>> };
  /** Every reason code (zeros included) → records; sums to exceptions + suppressed. */
  byReason: Record<ReasonCode | SuppressionCode, number>;
  balanced: true;
}

/** Thrown when the counts do not balance: the run must fail loudly, never publish wrong totals. */
export class ReconciliationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReconciliationError';
  }
}

export interface ReconciliationInput {
  runId: string;
  /** Records read from the extract, counted independently of the outcomes (e.g. by the reader). */
  input: number;
  /** Batch → pieces printed. */
  printedByBatch: Partial<Record<BatchCode, number>>;
  /** Records printed; defaults to the sum of printedByBatch (give it in scheme mode). */
  printedRecords?: number;
  /** Batch → electronic statements made. */
  electronicByBatch?: Partial<Record<BatchCode, number>>;
  /** Records given electronic statements; defaults to the sum of electronicByBatch. */
  electronicRecords?: number;
  /** Held and suppressed records: batch → reason → count; batch "" = before a batch was known. */
  notPrinted: Record<string, Record<string, number>>;
  /** Scheme mode: valid records that have none of the ticket's schemes (neither printed nor held). */
  outOfScope?: number;
  /** When given, their pieces per batch must equal printedByBatch (electronicByBatch for the electronic ones). */
  packages?: Pick<PackageEntry, 'batch' | 'pieces' | 'path' | 'electronic'>[];
}

const SUPPRESSION = new Set<string>(SUPPRESSION_CODES);
const ALL_CODES: readonly (ReasonCode | SuppressionCode)[] = [...REASON_CODES, ...SUPPRESSION_CODES];

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/**
 * Builds reconciliation.json and checks it: throws ReconciliationError (one line naming the gap and
 * where to look) when input ≠ printed + electronic + exceptions + suppressed, a count is not a whole number, or the
 * packages' pieces per batch differ from the printed count.
 */
export function buildReconciliation(input: ReconciliationInput): Reconciliation {
  const byReason = Object.fromEntries(ALL_CODES.map((c) => [c, 0])) as Record<ReasonCode | SuppressionCode, number>;
  const byBatch: Partial<Record<BatchCode, BatchBalance>> = {};
  const unbatched: Reconciliation['unbatched'] = { exceptions: 0, suppressed: 0, byReason: {} };
  const batchOf = (b: BatchCode): BatchBalance => (byBatch[b] ??= { input: 0, printed: 0, electronic: 0, exceptions: 0, suppressed: 0, byReason: {} });

  if (!isCount(input.input)) throw new ReconciliationError(`reconciliation: input count ${String(input.input)} is not a whole number`);
  let printedPieces = 0;
  for (const [b, n] of Object.entries(input.printedByBatch) as [BatchCode, number | undefined][]) {
    if (!isCount(n)) throw new ReconciliationError(`reconciliation: printed count of batch ${b} is ${String(n)}, not a whole number`);
    batchOf(b).printed = n;
    printedPieces += n;
  }
  let electronicPieces = 0;
  for (const [b, n] of Object.entries(input.electronicByBatch ?? {}) as [BatchCode, number | undefined][]) {
    if (!isCount(n)) throw new ReconciliationError(`reconciliation: electronic count of batch ${b} is ${String(n)}, not a whole number`);
    batchOf(b).electronic = n;
    electronicPieces += n;
  }
  let exceptions = 0;
  let suppressed = 0;
  for (const [batch, reasons] of Object.entries(input.notPrinted)) {
    const bucket = batch !== '' ? batchOf(batch as BatchCode) : unbatched;
    for (const [code, n] of Object.entries(reasons)) {
      if (!(code in byReason)) throw new ReconciliationError(`reconciliation: unknown reason code ${JSON.stringify(code)} in the exceptions`);
      if (!isCount(n)) throw new ReconciliationError(`reconciliation: count of ${code} in batch ${batch || '(none)'} is ${String(n)}, not a whole number`);
      const reason = code as ReasonCode | SuppressionCode;
      const supp = SUPPRESSION.has(reason);
      byReason[reason] += n;
      if (supp) {
        suppressed += n;
        bucket.suppressed += n;
      } else {
        exceptions += n;
        bucket.exceptions += n;
      }
      bucket.byReason[reason] = (bucket.byReason[reason] ?? 0) + n;
    }
  }
  const printed = input.printedRecords ?? printedPieces;
  if (!isCount(printed)) throw new ReconciliationError(`reconciliation: printed records ${String(printed)} is not a whole number`);
  if (printed > printedPieces) throw new ReconciliationError(`reconciliation: ${printed} records printed but only ${printedPieces} pieces`);
  const electronic = input.electronicRecords ?? electronicPieces;
  if (!isCount(electronic)) throw new ReconciliationError(`reconciliation: electronic records ${String(electronic)} is not a whole number`);
  if (electronic > electronicPieces) throw new ReconciliationError(`reconciliation: ${electronic} records given electronic statements but only ${electronicPieces} made`);
  const outOfScope = input.outOfScope ?? 0;
  if (!isCount(outOfScope)) throw new ReconciliationError(`reconciliation: outOfScope ${String(outOfScope)} is not a whole number`);
  if (input.input !== printed + electronic + exceptions + suppressed + outOfScope) {
    const gap = input.input - (printed + electronic + exceptions + suppressed + outOfScope);
    throw new ReconciliationError(
      `reconciliation does not balance: input ${input.input} ≠ printed ${printed} + electronic ${electronic} + held ${exceptions} + suppressed ${suppressed}${outOfScope ? ` + out of scope ${outOfScope}` : ''} ` +
        `(${Math.abs(gap)} record${Math.abs(gap) === 1 ? '' : 's'} ${gap > 0 ? 'unaccounted for' : 'counted twice'}); the run is not finished — check exceptions.jsonl and the parts`,
    );
  }
  if (input.packages) {
    for (const electronicOnes of [false, true]) {
      const counts = (electronicOnes ? input.electronicByBatch : input.printedByBatch) ?? {};
      const pieces: Partial<Record<BatchCode, number>> = {};
      for (const p of input.packages) if ((p.electronic === true) === electronicOnes) pieces[p.batch] = (pieces[p.batch] ?? 0) + p.pieces;
      const batches = new Set<BatchCode>([...(Object.keys(pieces) as BatchCode[]), ...(Object.keys(counts) as BatchCode[])]);
      for (const b of [...batches].sort()) {
        const inPackages = pieces[b] ?? 0;
        const counted = counts[b] ?? 0;
        const what = electronicOnes ? 'electronic' : 'printed';
        if (inPackages !== counted)
          throw new ReconciliationError(`reconciliation does not balance: batch ${b} has ${inPackages} pieces in its ${what} packages but ${counted} ${what}; a part is missing or packaged twice`);
      }
    }
  }
  for (const b of Object.values(byBatch)) b.input = b.printed + b.electronic + b.exceptions + b.suppressed;
  return {
    format: 'siprint-reconciliation/1',
    runId: input.runId,
    overall: { input: input.input, printed, electronic, exceptions, suppressed, outOfScope },
    byBatch: sortKeys(byBatch),
    unbatched,
    byReason,
    balanced: true,
  };
}

function sortKeys<T>(o: Partial<Record<string, T>>): Partial<Record<string, T>> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The manifest's own fields (finishedOn: the China date, domain/dates chinaDate); the counts come from the reconciliation. */
export type RunManifestInput = Pick<RunManifest, 'runId' | 'year' | 'mode' | 'deadline' | 'handoffBy' | 'finishedOn' | 'packages' | 'layouts' | 'fonts' | 'extract'> & {
  reconciliation: Reconciliation;
  guardianAddressed: number;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Builds manifest.json from a (balanced) reconciliation, so the two can never disagree; packages in
 * path order. `finishedLate` = finishedOn after handoffBy (the CLI shows it in red).
 */
export function buildRunManifest(input: RunManifestInput): RunManifest {
  for (const k of ['deadline', 'handoffBy', 'finishedOn'] as const)
    if (!DATE.test(input[k])) throw new Error(`run manifest: ${k} ${JSON.stringify(input[k])} must be YYYY-MM-DD`);
  const seen = new Set<string>();
  for (const p of input.packages) {
    if (p.path.startsWith('/') || p.path.split('/').includes('..') || p.path.includes('\\'))
      throw new Error(`run manifest: package path ${p.path} must be relative to the run directory, with /`);
    if (seen.has(p.path)) throw new Error(`run manifest: package ${p.path} listed twice`);
    seen.add(p.path);
  }
  const rec = input.reconciliation;
  const byBatch: Partial<Record<BatchCode, number>> = {};
  const electronicByBatch: Partial<Record<BatchCode, number>> = {};
  for (const [b, v] of Object.entries(rec.byBatch) as [BatchCode, BatchBalance][]) {
    if (v.printed > 0) byBatch[b] = v.printed;
    if (v.electronic > 0) electronicByBatch[b] = v.electronic;
  }
  return {
    format: 'siprint-run/1',
    runId: input.runId,
    year: input.year,
    mode: input.mode,
    deadline: input.deadline,
    handoffBy: input.handoffBy,
    finishedOn: input.finishedOn,
    finishedLate: input.finishedOn > input.handoffBy,
    ...(input.extract ? { extract: input.extract } : {}),
    counts: { ...rec.overall, guardianAddressed: input.guardianAddressed, byBatch, electronicByBatch },
    packages: [...input.packages].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    layouts: input.layouts,
    fonts: input.fonts,
  };
}
