/**
 * Looking a 校验码 up across runs (`--runs DIR` holds many: several years, annual and per-scheme):
 * each run's index (run-dir/code-index.ts), its run.json for the year, agency and print date, its
 * reprints and the state of the package the piece went out in. What a lookup returns is what the
 * service may show: masked name and ssn, never a full ssn, an address or an amount.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { t } from '../i18n';
import { formatVerificationCode } from '../render/verification';
import { CodeIndex, readReprints, type IndexedPiece, type ReprintLine } from '../run-dir/code-index';
import { deliveryView, readDeliveryEvents, type ManifestPackageRef, type PackageState } from '../run-dir/delivery';
import { readJsonIfExists } from '../run-dir/json';
import { runPaths } from '../run-dir/paths';
import { readStoredConfig, type StoredRunConfig } from '../run-dir/run-config';

/** What the public may learn of where a statement is (docs/delivery.md §8). */
export type PieceState = 'electronic' | 'at_print_house' | 'dispatched' | 'returned';

export interface VerifiedStatement {
  runId: string;
  year: number;
  agency: string | null;
  printDate: string;
  pieceId: string;
  batch: string;
  /** 张* */
  name: string;
  /** first 6 + ******** + last 4 */
  ssn: string;
  reprints: number;
  lastReprint?: { pieceId: string; date: string };
  state?: PieceState;
}

export type VerifyResult =
  | { status: 'valid'; code: string; statements: VerifiedStatement[] }
  | { status: 'not_found'; code: string }
  | { status: 'purged'; code: string; runId: string; purgedOn: string };

/** A file's parsed content, parsed again only when the file changed (size or mtime). */
class Cached<T> {
  private key: string | undefined;
  private value!: T;
  constructor(
    private readonly file: string,
    private readonly parse: () => T,
  ) {}
  get(): T {
    let key = 'absent';
    try {
      const st = statSync(this.file);
      key = `${st.size}:${st.mtimeMs}:${st.ino}`;
    } catch {
      // absent: parse() gives its empty value
    }
    if (key !== this.key) {
      this.value = this.parse();
      this.key = key;
    }
    return this.value;
  }
}

/** One run under --runs, open for lookups. */
export class IndexedRun {
  readonly index: CodeIndex;
  readonly stored: StoredRunConfig;
  private readonly reprints: Cached<Map<string, { count: number; last: ReprintLine }>>;
  private readonly states: Cached<Map<string, PackageState>>;
  private readonly purged: Cached<{ purgedOn: string } | undefined>;

  constructor(readonly runDir: string) {
    this.stored = readStoredConfig(runDir);
    this.index = new CodeIndex(runDir);
    const p = runPaths(runDir);
    this.reprints = new Cached(this.index.paths.reprints, () => readReprints(runDir));
    this.purged = new Cached(p.purged, () => readJsonIfExists<{ purgedOn: string }>(p.purged, 'purge marker'));
    // the package states: the manifest (released or not) folded with delivery/events.jsonl
    const events = path.join(runDir, 'delivery', 'events.jsonl');
    this.states = new Cached(events, () => {
      const manifest = readJsonIfExists<{ packages: ManifestPackageRef[] }>(p.manifest, 'manifest');
      const view = deliveryView(manifest?.packages ?? [], readDeliveryEvents(runDir), new Date(), this.stored.printHouse?.ackWithinHours);
      return new Map(view.packages.map((d) => [d.file, d.state]));
    });
  }

  get runId(): string {
    return this.stored.runId;
  }

  purgedOn(): string | undefined {
    return this.purged.get()?.purgedOn;
  }

  statement(piece: IndexedPiece): VerifiedStatement {
    const s = this.stored;
    const r = this.reprints.get().get(piece.pieceId);
    const out: VerifiedStatement = {
      runId: s.runId,
      year: s.year,
      // what the statement printed; an index written before it carried the agency falls back to the ticket's
      agency: piece.agency ?? s.agency?.name ?? null,
      printDate: s.printDate,
      pieceId: piece.pieceId,
      batch: piece.batch,
      name: piece.name,
      ssn: piece.ssn,
      reprints: r?.count ?? 0,
    };
    if (r) out.lastReprint = { pieceId: r.last.pieceId, date: r.last.date };
    const state = this.stateOf(piece);
    if (state) out.state = state;
    return out;
  }

  private stateOf(piece: IndexedPiece): PieceState | undefined {
    if (piece.electronic) return 'electronic';
    const pkg = piece.package ? this.states.get().get(piece.package) : undefined;
    return pkg === 'delivered' || pkg === 'acknowledged' ? 'at_print_house' : undefined;
  }
}

/** The runs under a directory (each DIR/<runId> with run.json and an index), found again every `rescanMs`. */
export class RunSet {
  private runs = new Map<string, IndexedRun>();
  private scannedAt = -Infinity;
  /** Run directories without an index (finished before it existed, or not finished): named in /healthz. */
  unindexed: string[] = [];

  constructor(
    readonly dir: string,
    private readonly rescanMs = 10_000,
    private readonly clock: () => number = Date.now,
  ) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(t('serve.runsNotDir', { dir }));
  }

  list(): IndexedRun[] {
    if (this.clock() - this.scannedAt >= this.rescanMs) this.scan();
    return [...this.runs.values()];
  }

  private scan(): void {
    this.scannedAt = this.clock();
    const dirs = existsSync(runPaths(this.dir).config) ? [this.dir] : readdirSync(this.dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(this.dir, e.name));
    const next = new Map<string, IndexedRun>();
    const unindexed: string[] = [];
    for (const d of dirs.sort()) {
      if (!existsSync(runPaths(d).config)) continue;
      if (!CodeIndex.exists(d)) {
        unindexed.push(path.basename(d));
        continue;
      }
      const had = this.runs.get(d);
      try {
        next.set(d, had ?? new IndexedRun(d));
      } catch {
        unindexed.push(path.basename(d)); // an unreadable run.json: not this service's to judge
      }
    }
    for (const [d, r] of this.runs) if (!next.has(d)) r.index.close();
    this.runs = next;
    this.unindexed = unindexed;
  }

  close(): void {
    for (const r of this.runs.values()) r.index.close();
    this.runs.clear();
  }
}

/** Where a normalized code (16 letters A–Z, digits 2–7) is on record, in every run. */
export function findCode(runs: readonly IndexedRun[], code: string): { found: { run: IndexedRun; piece: IndexedPiece }[]; purged?: { runId: string; purgedOn: string } } {
  const found: { run: IndexedRun; piece: IndexedPiece }[] = [];
  let purged: { runId: string; purgedOn: string } | undefined;
  for (const run of runs) {
    const r = run.index.lookup(code);
    if ('found' in r) found.push(...r.found.map((piece) => ({ run, piece })));
    else if ('purged' in r) purged ??= { runId: run.runId, purgedOn: run.purgedOn() ?? '' };
  }
  return purged ? { found, purged } : { found };
}

/** What the service answers for a normalized code. */
export function lookupCode(runs: readonly IndexedRun[], code: string): VerifyResult {
  const shown = formatVerificationCode(code);
  const { found, purged } = findCode(runs, code);
  if (found.length) return { status: 'valid', code: shown, statements: found.map(({ run, piece }) => run.statement(piece)) };
  if (purged) return { status: 'purged', code: shown, ...purged };
  return { status: 'not_found', code: shown };
}
