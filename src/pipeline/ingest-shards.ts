/**
 * The sharded ingest: the one-pass ingest's two passes cut into jobs that any BullMQ worker, or a
 * thread of an in-process run (range-pool.ts), can take, with the same bytes as a result
 * (docs/architecture.md, "The sharded ingest").
 *
 *   plan          the extract cut into R byte ranges at line boundaries (extract/ranges.ts), K buckets, the salt
 *   keys r        pass 1 of range r: salted key hashes + global line numbers into K bucket files
 *   duplicates b  bucket b of every range: the groups of lines sharing a recordId or an ssn
 *   judge r       pass 2 of range r with every group: exceptions, warnings (input order), sorted runs, counts
 *   merge         the presort merge of every range's runs → parts and archive; exceptions and warnings
 *                 concatenated in range order; counts summed; state/ingest.json
 *
 * Everything lives in the run's scratch (tmp/shards/). Each job's output appears whole or not at all:
 * built in a directory of its own, renamed into place last (the marker); a job killed mid-way and run
 * again redoes only itself, and a job finding its output in place does nothing (no double counting).
 */
import { createReadStream, existsSync, promises as fsp, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { DuplicateGroups } from '../extract/duplicates';
import { addGroups, bucketFileIn, DuplicateFinder, newSalt } from '../extract/duplicates';
import { assertHasRecords, rangeKeys, rangeRows, type RangeRead } from '../extract/read';
import { planRanges, rangesFor, type RangePlan } from '../extract/ranges';
import { writeError, writeJsonAtomic } from '../run-dir/atomic';
import { checkSameExtract } from '../run-dir/extract-id';
import { readJsonIfExists } from '../run-dir/json';
import type { IngestState, PartRef, RunCounts } from '../run-dir/markers';
import { runPaths } from '../run-dir/paths';
import type { StoredRunConfig } from '../run-dir/run-config';
import { t } from '../i18n';
import { resolveVerificationKey } from './config';
import { stageContext, type StageOptions } from './context';
import { emptyCounts } from './counts';
import { mergeSortedFiles, writeSortedRuns } from './external-sort';
import { finishIngest, judgeSetupOf, LineFile, PartWriter, presortOrder, VerdictTally } from './ingest';
import { judgeForIngest, type Judged, type JudgeSetup } from './judge';
import { rendererFor } from './renderers';
import { SPREAD_BYTES } from './threads';

/** tmp/shards/plan.json: what every job of a sharded ingest reads alike. */
export interface IngestPlan extends RangePlan {
  format: 'jsonl' | 'csv';
  /** Key hashes' salt, new per run (the bucket files keep no ssn recoverable once the scratch is gone). */
  salt: string;
  buckets: number;
}

/** What the queue needs of a plan: how many jobs of each kind. */
export interface ShardCounts {
  ranges: number;
  buckets: number;
}

function shardPaths(runDir: string) {
  const root = path.join(runPaths(runDir).tmpDir, 'shards');
  const tag = (n: number) => String(n).padStart(4, '0');
  return {
    root,
    plan: path.join(root, 'plan.json'),
    keys: (r: number) => path.join(root, 'keys', `r${tag(r)}`),
    groups: (b: number) => path.join(root, 'groups', `b${tag(b)}.json`),
    judged: (r: number) => path.join(root, 'judge', `r${tag(r)}`),
    merge: path.join(root, 'merge'),
  };
}

export function readPlan(runDir: string): IngestPlan {
  const plan = readJsonIfExists<IngestPlan>(shardPaths(runDir).plan, 'ingest plan');
  if (!plan) throw new Error(t('shards.noPlan', { runId: path.basename(runDir), file: path.relative(runDir, shardPaths(runDir).plan) }));
  return plan;
}

function rangeRead(stored: StoredRunConfig, plan: IngestPlan, r: number): RangeRead {
  const range = plan.ranges[r];
  if (!range) throw new Error(`the ingest plan has no range ${r}`);
  return {
    file: stored.extract,
    format: plan.format,
    encoding: plan.encoding,
    size: plan.size,
    mtimeMs: plan.mtimeMs,
    shard: { range, ...(plan.csvHeader && r > 0 ? { csvHeader: plan.csvHeader } : {}) },
  };
}

/** Builds a job's output in a directory of its own, then renames it into place (the first to finish wins). */
async function inPlace(dir: string, build: (tmp: string) => Promise<void>): Promise<void> {
  if (existsSync(dir)) return;
  await fsp.mkdir(path.dirname(dir), { recursive: true, mode: 0o700 });
  const tmp = `${dir}.${randomBytes(6).toString('hex')}.tmp`;
  await fsp.mkdir(tmp, { mode: 0o700 });
  try {
    await build(tmp);
    await fsp.rename(tmp, dir);
  } catch (err) {
    await fsp.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    // another run of the same job finished first: its output is the same
    if (existsSync(dir) && ['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')) return;
    throw writeError(err, tmp);
  }
}

/**
 * Ranges when the ticket asks for none: one per 48 MB; in-process (`threads` given) from SPREAD_BYTES
 * on, a multiple of the threads, so that every thread has a range to the end of each layer.
 */
export function rangesWanted(size: number, threads = 1): number {
  const n = rangesFor(size);
  return threads > 1 && size >= SPREAD_BYTES ? Math.ceil(n / threads) * threads : n;
}

/**
 * The plan (idempotent: the first plan written is the plan). null when the ingest is one range (a
 * small extract, a gzip file, a CSV with a quoted newline): then the one-job ingestStage does it.
 * `threads`: the in-process run's range threads (see rangesWanted).
 */
export async function planIngest(runDir: string, opts?: StageOptions & { threads?: number }): Promise<ShardCounts | null> {
  const sp = shardPaths(runDir);
  if (existsSync(runPaths(runDir).ingestDone)) return null;
  const known = readJsonIfExists<IngestPlan>(sp.plan, 'ingest plan');
  if (known) return known.ranges.length > 1 ? { ranges: known.ranges.length, buckets: known.buckets } : null;
  const { stored, log } = stageContext(runDir, opts);
  const want = stored.ingestRanges ?? rangesWanted((await fsp.stat(stored.extract)).size, opts?.threads);
  if (want <= 1) return null;
  await checkSameExtract(stored, true);
  await assertHasRecords(stored.extract, { encoding: stored.encoding });
  const ranges = await planRanges(stored.extract, { encoding: stored.encoding, ranges: want });
  const plan: IngestPlan = { ...ranges, salt: newSalt(), buckets: DuplicateFinder.bucketsFor(ranges.size) };
  await fsp.mkdir(sp.root, { recursive: true, mode: 0o700 });
  const tmp = `${sp.plan}.${randomBytes(6).toString('hex')}.tmp`;
  await fsp.writeFile(tmp, JSON.stringify(plan), { mode: 0o600 });
  // link, not rename: a second plan (a redelivered job) must not replace the salt the first one's jobs hash with
  await fsp.link(tmp, sp.plan).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  await fsp.rm(tmp, { force: true });
  const used = readPlan(runDir);
  if (used.whole) log.info(`ingest in one range (${used.whole === 'gzip' ? 'a gzip extract' : 'a CSV extract with a newline inside quotes'})`, { runId: stored.runId, ranges: 1 });
  else log.info('ingest planned', { runId: stored.runId, ranges: used.ranges.length, buckets: used.buckets });
  return used.ranges.length > 1 ? { ranges: used.ranges.length, buckets: used.buckets } : null;
}

export type ShardLayer = 'keys' | 'duplicates' | 'judge';

/** The first layer with outputs missing, and which (null: every range is judged; only the merge is left). */
export function pendingShards(runDir: string): Promise<{ layer: ShardLayer; indexes: number[] } | null> {
  const sp = shardPaths(runDir);
  const plan = readPlan(runDir);
  const missing = (n: number, at: (i: number) => string) => Array.from({ length: n }, (_, i) => i).filter((i) => !existsSync(at(i)));
  for (const [layer, n, at] of [['keys', plan.ranges.length, sp.keys], ['duplicates', plan.buckets, sp.groups], ['judge', plan.ranges.length, sp.judged]] as const) {
    const indexes = missing(n, at);
    if (indexes.length > 0) return Promise.resolve({ layer, indexes });
  }
  return Promise.resolve(null);
}

/**
 * The layers to run, one after another, each read from the markers once the one before is done (a
 * resumed run starts where it stopped). `pending`: pendingShards, or a stages module's own.
 * `missingAgain`: the error when a layer comes back missing after it ran (its outputs are gone).
 */
export async function* shardLayers(
  pending: () => Promise<{ layer: ShardLayer; indexes: number[] } | null>,
  missingAgain: (layer: ShardLayer, indexes: string) => Error,
): AsyncGenerator<{ layer: ShardLayer; indexes: number[] }> {
  let last = '';
  for (let next = await pending(); next; next = await pending()) {
    const seen = `${next.layer} ${next.indexes.join(',')}`;
    if (seen === last) throw missingAgain(next.layer, next.indexes.join(', '));
    last = seen;
    yield next;
  }
}

/** Where a sharded ingest stands, from its markers alone (any worker, any thread can tell). */
export interface ShardProgress {
  /** The layer under way (judge, all done, once only the merge is left). */
  layer: ShardLayer;
  /** Ranges (keys, judge) or buckets (duplicates) of that layer done, of `total`. */
  done: number;
  total: number;
  /** Records judged so far; the bytes both passes have read, of twice the extract's size (as the one-pass ingest counts them). */
  records: number;
  bytesRead: number;
  totalBytes: number;
  /** Held and suppressed so far. */
  exceptions: number;
}

/** `of`: the layer to count (default: the one under way). */
export function shardProgress(runDir: string, of?: ShardLayer): ShardProgress {
  const sp = shardPaths(runDir);
  const plan = readPlan(runDir);
  const R = plan.ranges.length;
  const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);
  const keyed = upTo(R).filter((r) => existsSync(sp.keys(r)));
  const grouped = upTo(plan.buckets).filter((b) => existsSync(sp.groups(b)));
  const judged = upTo(R).map((r) => judgedCounts(runDir, r));
  const bytesOf = (r: number) => (plan.ranges[r]?.end ?? 0) - (plan.ranges[r]?.start ?? 0);
  let bytesRead = 0;
  let records = 0;
  let exceptions = 0;
  for (const r of keyed) bytesRead += bytesOf(r);
  judged.forEach((c, r) => {
    if (!c) return;
    bytesRead += bytesOf(r);
    records += c.input;
    exceptions += c.exceptions + c.suppressed;
  });
  const layers = { keys: [keyed.length, R], duplicates: [grouped.length, plan.buckets], judge: [judged.filter(Boolean).length, R] } as const;
  const layer = of ?? (keyed.length < R ? 'keys' : grouped.length < plan.buckets ? 'duplicates' : 'judge');
  const [done, total] = layers[layer];
  return { layer, done, total, records, bytesRead, totalBytes: 2 * plan.size, exceptions };
}

/**
 * state/ingest-progress.json (what `siprint status` and `run --redis` show while the ingest runs), as
 * the markers have it once a range or bucket is done; the merge writes the last.
 */
async function writeShardProgress(runDir: string): Promise<void> {
  const { records, bytesRead, totalBytes, exceptions } = shardProgress(runDir);
  await writeJsonAtomic(runPaths(runDir).ingestProgress, { records, bytesRead, totalBytes, parts: 0, exceptions });
}

/** Pass 1 of range r: its keys' salted hashes and lines, one file per bucket. */
export async function keysStage(runDir: string, r: number, opts?: StageOptions): Promise<void> {
  const sp = shardPaths(runDir);
  const { stored } = stageContext(runDir, opts);
  const plan = readPlan(runDir);
  await inPlace(sp.keys(r), async (tmp) => {
    await rangeKeys(rangeRead(stored, plan, r), new DuplicateFinder(plan.buckets, undefined, plan.salt, tmp));
  });
  await writeShardProgress(runDir);
}

/** Bucket b of every range: the groups of lines sharing a key (tmp/shards/groups/bNNNN.json). */
export async function duplicatesStage(runDir: string, b: number): Promise<void> {
  const sp = shardPaths(runDir);
  const out = sp.groups(b);
  if (existsSync(out)) return;
  const plan = readPlan(runDir);
  const data: Buffer[] = [];
  for (let r = 0; r < plan.ranges.length; r++) {
    const dir = sp.keys(r);
    if (!existsSync(dir)) throw new Error(t('shards.noKeys', { range: r, dir }));
    const f = bucketFileIn(dir, b);
    if (existsSync(f)) data.push(readFileSync(f));
  }
  const groups = { recordId: new Map<number, number[]>(), ssn: new Map<number, number[]>() };
  addGroups(Buffer.concat(data), groups);
  const unique = (m: DuplicateGroups) => [...new Set(m.values())];
  await fsp.mkdir(path.dirname(out), { recursive: true, mode: 0o700 });
  await writeJsonAtomic(out, { recordId: unique(groups.recordId), ssn: unique(groups.ssn) });
  await writeShardProgress(runDir);
}

function readGroups(runDir: string, plan: IngestPlan): { recordId: DuplicateGroups; ssn: DuplicateGroups } {
  const sp = shardPaths(runDir);
  const groups = { recordId: new Map<number, number[]>(), ssn: new Map<number, number[]>() };
  for (let b = 0; b < plan.buckets; b++) {
    const g = readJsonIfExists<{ recordId: number[][]; ssn: number[][] }>(sp.groups(b), 'duplicate groups');
    if (!g) throw new Error(t('shards.noGroups', { bucket: b }));
    for (const [kind, list] of [['recordId', g.recordId], ['ssn', g.ssn]] as const) for (const lines of list) for (const l of lines) groups[kind].set(l, lines);
  }
  return groups;
}

/**
 * Pass 2 of range r: its verdicts, with every range's duplicate groups; sorted runs, exceptions, warnings, counts.
 * `setup`: the run's judge setup made once for every range (in-process: not the deceased lists read again per range).
 */
export async function judgeRangeStage(runDir: string, r: number, opts?: StageOptions & { sortChunkSize?: number; setup?: JudgeSetup }): Promise<void> {
  const sp = shardPaths(runDir);
  if (existsSync(sp.judged(r))) return;
  const { stored } = stageContext(runDir, opts);
  const plan = readPlan(runDir);
  const key = resolveVerificationKey(stored, opts?.verificationKey);
  const setup = opts?.setup ?? (await judgeSetupOf(stored, key));
  const groups = readGroups(runDir, plan);
  const order = presortOrder(stored);
  await inPlace(sp.judged(r), async (tmp) => {
    const tally = new VerdictTally(tmp, order, { year: stored.year, key });
    const renderer = rendererFor(stored.assetsRoot);
    // one thread: the range jobs themselves spread the judging over the workers' cores (or the in-process range threads)
    async function* verdicts(): AsyncGenerator<Judged[]> {
      for await (const batch of rangeRows(rangeRead(stored, plan, r), groups)) yield batch.jobs.map((job) => judgeForIngest(job, batch.header, setup, renderer));
    }
    try {
      await writeSortedRuns(tally.entries(verdicts()), { dir: tmp, ...(opts?.sortChunkSize ? { chunkSize: opts.sortChunkSize } : {}) });
      await tally.end();
    } catch (err) {
      tally.destroy();
      throw err;
    }
    await writeJsonAtomic(path.join(tmp, 'counts.json'), tally.counts);
  });
  await writeShardProgress(runDir);
}

/** The counts of range r once it is judged (null before): for the in-process run's progress. */
export function judgedCounts(runDir: string, r: number): RunCounts | null {
  return readJsonIfExists<RunCounts>(path.join(shardPaths(runDir).judged(r), 'counts.json'), 'range counts') ?? null;
}

/** Adds b's numbers into a (nested records alike); keys new to a come in b's order, so range order gives the one-pass order. */
function addCounts(a: Record<string, unknown>, b: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(b)) {
    if (typeof v === 'number') a[k] = ((a[k] as number | undefined) ?? 0) + v;
    else if (v && typeof v === 'object') addCounts((a[k] ??= {}) as Record<string, unknown>, v as Record<string, unknown>);
  }
}

async function concatInto(target: string, files: string[]): Promise<void> {
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const out = new LineFile(tmp);
  try {
    for (const f of files) for await (const chunk of createReadStream(f)) await out.write(chunk as Buffer);
    await out.end();
    await fsp.rename(tmp, target);
  } catch (err) {
    out.destroy();
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * The merge: every range's sorted runs → the parts and archive; exceptions and warnings in range order; the counts summed.
 * `onPart`: told of each part once its files are in place (in-process: rendered while later parts are cut).
 */
export async function mergeStage(runDir: string, opts?: StageOptions & { onPart?: (part: PartRef) => void | Promise<void> }): Promise<IngestState> {
  const p = runPaths(runDir);
  const done = readJsonIfExists<IngestState>(p.ingestDone, 'ingest state');
  if (done) return done;
  const sp = shardPaths(runDir);
  const { stored, log } = stageContext(runDir, opts);
  const started = Date.now();
  const plan = readPlan(runDir);
  const dirs = plan.ranges.map((_, r) => sp.judged(r));
  for (const d of dirs) if (!existsSync(d)) throw new Error(t('shards.noVerdicts', { range: dirs.indexOf(d), dir: d }));
  // counts first, as one pass would have them (the parts' counts are bumped after every verdict)
  const counts = emptyCounts();
  for (const d of dirs) addCounts(counts as unknown as Record<string, unknown>, readJsonIfExists<RunCounts>(path.join(d, 'counts.json'), 'range counts') as unknown as Record<string, unknown>);
  const chunks: string[] = [];
  for (const d of dirs) chunks.push(...(await fsp.readdir(d)).filter((f) => f.startsWith('chunk-')).sort().map((f) => path.join(d, f)));
  // where the range jobs end and the serial merge begins, in the run log
  log.info('merging', { runId: stored.runId, ranges: dirs.length });
  const writer = new PartWriter(runDir, stored, counts, log, async (ref) => {
    await opts?.onPart?.(ref);
  });
  await fsp.rm(sp.merge, { recursive: true, force: true });
  try {
    for await (const piece of mergeSortedFiles(chunks, { tmpDir: sp.merge, fanIn: 128 })) await writer.push(piece);
    await writer.flush();
    await concatInto(p.warnings, dirs.map((d) => path.join(d, 'warnings.jsonl')));
    await concatInto(p.exceptions, dirs.map((d) => path.join(d, 'exceptions.jsonl')));
  } catch (err) {
    throw writeError(err, sp.merge);
  }
  // both passes read, as the one-pass ingest counts them (the same file whatever the ranges)
  await writeJsonAtomic(p.ingestProgress, { records: counts.input, bytesRead: 2 * plan.size, totalBytes: 2 * plan.size, parts: writer.parts.length, exceptions: counts.exceptions + counts.suppressed });
  const result = await finishIngest(runDir, stored, counts, writer.parts, log, started);
  await fsp.rm(sp.root, { recursive: true, force: true });
  return result;
}
