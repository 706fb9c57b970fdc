/**
 * Ingest: validate the extract (with the renderer's printability check), classify each record into
 * its batches, address it (guardian for a minor), presort by (batch, postcode, address, recordId)
 * with an external merge sort, cut into parts, and write the parts, the archive and exceptions.jsonl.
 * Memory: see external-sort.ts (bounded by its chunk size) plus one part of pieces at a time.
 */
import { createWriteStream, promises as fsp } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadPostcodeTable, loadRenderAssets, shareFontFiles } from '../assets';
import { appendAudit } from '../audit';
import { presortKey } from '../domain/presort';
import { regionOf } from '../domain/region';
import type { BatchCode, InsuredRecord, Recipient, WarningEntry } from '../domain/types';
import { SUPPRESSION_CODES } from '../domain/types';
import { extractRows, type RowBatch } from '../extract';
import { assetRefs } from '../render/assets';
import { verificationCode } from '../render/verification';
import { archiveKeyFromEnv, sealArchive } from '../run-dir/archive-seal';
import { writeError, writeFileAtomic, writeJsonAtomic } from '../run-dir/atomic';
import { readJsonIfExists } from '../run-dir/json';
import type { IngestState, PartRef, RunCounts } from '../run-dir/markers';
import type { RunLog } from '../run-dir/log';
import type { StoredRunConfig } from '../run-dir/run-config';
import { partPaths, runPaths } from '../run-dir/paths';
import { resolveVerificationKey } from './config';
import { deceasedSetupFor } from './deceased';
import { returnedCheckFor } from './returned';
import { stageContext, type StageOptions } from './context';
import { bump, emptyCounts } from './counts';
import { externalSort, type Keyed } from './external-sort';
import { JudgePool, inOrder, judgeForIngest, judgeThreadsFor, type Judged, type JudgeSetup } from './judge';
import { releaseRenderer, rendererFor } from './renderers';
import { checkSameExtract } from '../run-dir/extract-id';
import { PartSplitter, batchOrder, sortEntry, type Part } from './split';

const COMMA = Buffer.from(',');
const NEWLINE = Buffer.from('\n');

/** The part file's bytes: a JSON array of the pieces' JSON texts, as a sequence of slices. */
function* jsonArray(texts: readonly Buffer[]): Generator<Buffer> {
  yield Buffer.from('[');
  for (let i = 0; i < texts.length; i++) {
    if (i) yield COMMA;
    yield texts[i] as Buffer;
  }
  yield Buffer.from(']');
}

/** archive/<partId>.jsonl.gz's bytes: one piece's JSON text per line. */
function* jsonLines(texts: readonly Buffer[]): Generator<Buffer> {
  for (const t of texts) {
    yield t;
    yield NEWLINE;
  }
}

/** gzip of the concatenated bytes, handed to the compressor in 256 KiB slices as they come (with backpressure). */
async function gzipText(bytes: Iterable<Buffer>, level: number): Promise<Buffer> {
  const gz = zlib.createGzip({ level });
  const out: Buffer[] = [];
  gz.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = once(gz, 'end');
  let slice: Buffer[] = [];
  let size = 0;
  for (const b of bytes) {
    slice.push(b);
    size += b.length;
    // each write is a trip to the thread pool: one per piece would cost more than the compression
    if (size >= 256 * 1024) {
      const ok = gz.write(Buffer.concat(slice, size));
      slice = [];
      size = 0;
      if (!ok) await once(gz, 'drain');
    }
  }
  gz.end(Buffer.concat(slice, size));
  await ended;
  return Buffer.concat(out);
}

const SUPPRESSED = new Set<string>(SUPPRESSION_CODES);

export interface IngestProgress {
  records: number;
  bytesRead: number;
  totalBytes: number;
  parts: number;
}

export interface IngestOptions extends StageOptions {
  onProgress?: (p: IngestProgress) => void;
  /** Pieces held in memory per sort chunk (default 10,000); tests make it small. */
  sortChunkSize?: number;
  /** Helper threads judging the rows (default: judgeThreadsFor the extract; 0 = on this thread). */
  judgeThreads?: number;
  /** Called once each part's files are in place (so it can be rendered while later parts are cut). */
  onPart?: (part: PartRef) => void;
}

/** A scratch file written as it comes (temp, renamed into place by its owner), with backpressure and its first error kept. */
export class LineFile {
  private readonly out;
  private readonly failed: Promise<never>;
  constructor(readonly file: string) {
    this.out = createWriteStream(file, { mode: 0o600 });
    this.failed = new Promise<never>((_, reject) => this.out.on('error', reject));
    this.failed.catch(() => undefined);
  }
  async write(text: string | Buffer): Promise<void> {
    if (!this.out.write(text)) await Promise.race([once(this.out, 'drain'), this.failed]);
  }
  async end(): Promise<void> {
    this.out.end();
    await Promise.race([once(this.out, 'finish'), this.failed]);
  }
  destroy(): void {
    this.out.destroy();
  }
}

/**
 * What the ingest keeps of the verdicts, in input order: the counts, exceptions.jsonl and
 * warnings.jsonl (in `dir`), and the pieces to sort. The one copy for the in-process ingest and a
 * sharded ingest's range jobs, so both write the same lines and count alike.
 */
export class VerdictTally {
  readonly counts = emptyCounts();
  readonly exceptions: LineFile;
  readonly warnings: LineFile;
  constructor(
    dir: string,
    private readonly order: PresortOrder,
    // each entry carries its verification code, made here (in a sharded ingest's range jobs: in parallel)
    private readonly codes: { year: number; key: string },
    private readonly onRecord: (counts: RunCounts) => Promise<void> = () => Promise.resolve(),
  ) {
    this.exceptions = new LineFile(path.join(dir, 'exceptions.jsonl'));
    this.warnings = new LineFile(path.join(dir, 'warnings.jsonl'));
  }

  async *entries(verdicts: AsyncIterable<Judged[]>): AsyncGenerator<Keyed> {
    const counts = this.counts;
    for await (const judged of verdicts) {
      for (const item of judged) {
        counts.input += 1;
        if (item.type === 'exception') {
          const e = item.entry;
          if (SUPPRESSED.has(e.reason)) {
            counts.suppressed += 1;
            bump(counts.suppressedByReason, e.reason);
          } else {
            counts.exceptions += 1;
            bump(counts.heldByReason, e.reason);
          }
          // the extract's batch is the annual one; in scheme mode it is not a batch of this run
          const b = e.batch && this.order.rank.has(e.batch) ? e.batch : '';
          bump((counts.exceptionsByBatchReason[b] ??= {}), e.reason);
          await this.exceptions.write(`${JSON.stringify(e)}\n`);
        } else if (!item.recipient || item.batches.length === 0) {
          counts.outOfScope += 1;
        } else {
          const { record, recipient } = item;
          for (const w of item.warnings ?? []) {
            counts.warnings = (counts.warnings ?? 0) + 1;
            bump((counts.warningsByCode ??= {}), w.warning);
            const line: WarningEntry = { recordId: record.recordId, line: record.line, warning: w.warning, message: w.message };
            await this.warnings.write(`${JSON.stringify(line)}\n`);
          }
          if (record.delivery === 'electronic') {
            // the same statement, made as a PDF of its own (no envelope, no region of the mail)
            counts.electronic += 1;
            for (const batch of item.batches) yield this.entry(batch, true, record, recipient);
          } else {
            counts.printed += 1;
            if (recipient.role === 'guardian') counts.guardianAddressed += 1;
            for (const batch of item.batches) {
              bump((counts.byRegion ??= {}), regionOf(recipient.address));
              yield this.entry(batch, false, record, recipient);
            }
          }
        }
        if ((counts.input & 1023) === 0) await this.onRecord(counts);
      }
    }
  }

  private entry(batch: BatchCode, electronic: boolean, record: InsuredRecord, recipient: Recipient): Keyed {
    const { year, key } = this.codes;
    return sortEntry(this.order.keyOf(batch, electronic, record, recipient), batch, electronic, verificationCode(record, batch, year, key), record, recipient);
  }

  async end(): Promise<void> {
    await this.exceptions.end();
    await this.warnings.end();
  }

  destroy(): void {
    this.exceptions.destroy();
    this.warnings.destroy();
  }
}

export interface PresortOrder {
  rank: ReadonlyMap<BatchCode, number>;
  /** A piece's sort key: its rank, then presortKey (plain string comparison is the order). */
  keyOf: (batch: BatchCode, electronic: boolean, record: InsuredRecord, recipient: Recipient) => string;
}

/** The run's batch ranks and the presort's order: printed parts first (in batch order), then the electronic ones. */
export function presortOrder(stored: StoredRunConfig): PresortOrder {
  const order = batchOrder(stored.mode, stored.schemes);
  const rank = new Map<BatchCode, number>(order.map((b, i) => [b, i]));
  // the printed parts' IDs and bytes are what they would be without any electronic record; one
  // character from 'A' on: ranks are fewer than twice the schemes
  const rankOf = (batch: BatchCode, electronic: boolean) => String.fromCharCode(0x41 + (rank.get(batch) ?? 0) + (electronic ? order.length : 0));
  return { rank, keyOf: (batch, electronic, record, recipient) => rankOf(batch, electronic) + presortKey({ record, recipient }) };
}

/** What a judge needs for this run (the same verdicts here, on a helper thread, or in a range job on another machine). */
export async function judgeSetupOf(stored: StoredRunConfig, key: string): Promise<JudgeSetup> {
  const deceased = await deceasedSetupFor(stored, key);
  const returned = await returnedCheckFor(stored, key);
  return {
    year: stored.year,
    mode: stored.mode,
    batches: batchOrder(stored.mode, stored.schemes),
    postcodes: loadPostcodeTable(stored.assetsRoot).table,
    ...(stored.schemes ? { schemes: stored.schemes } : {}),
    ...(stored.distribution ? { distribution: stored.distribution } : {}),
    ...(deceased ? { deceased } : {}),
    ...(stored.rates || stored.interestRate !== undefined ? { warnings: { ...(stored.rates ? { rates: stored.rates } : {}), ...(stored.interestRate !== undefined ? { interestRate: stored.interestRate } : {}) } } : {}),
    ...(returned ? { returned } : {}),
  };
}

/**
 * Cuts the presorted pieces into parts and writes each part's pieces and archive files (the
 * in-process ingest and a sharded ingest's merge alike); bumps the part counts.
 */
export class PartWriter {
  readonly parts: PartRef[] = [];
  private readonly splitter: PartSplitter;
  // SIPRINT_ARCHIVE_KEY set: archive files are AES-256-GCM sealed (their header names the key id)
  private readonly archiveKey = archiveKeyFromEnv();
  constructor(
    private readonly runDir: string,
    private readonly stored: StoredRunConfig,
    private readonly counts: RunCounts,
    private readonly log: RunLog,
    private readonly onPart: (part: PartRef) => Promise<void>,
  ) {
    this.splitter = new PartSplitter(stored.piecesPerFile);
  }

  // the part whose files are being written while the next one is cut (at most one: parts stay in order)
  private writing: Promise<void> = Promise.resolve();

  async push(entry: Keyed): Promise<void> {
    const full = this.splitter.push(entry);
    if (full) await this.hand(full);
  }

  async flush(): Promise<void> {
    const last = this.splitter.flush();
    if (last) await this.hand(last);
    await this.writing;
  }

  /** Starts writing a part once the one before is written: its gzip runs on libuv's threads while this thread cuts the next. */
  private async hand(part: Part): Promise<void> {
    await this.writing;
    const writing = this.write(part);
    writing.catch(() => undefined); // rethrown by the next hand() or flush(), which await it
    this.writing = writing;
  }

  private async write({ ref, texts }: Part): Promise<void> {
    const { stored, counts } = this;
    const pp = partPaths(this.runDir, ref.partId);
    // the part file (which the render reads: it prints the code without computing it again) and the
    // archive hold the same texts, compressed side by side. Fed to gzip a slice at a time: no
    // part-sized JSON string (15 MB at 5,000 pieces) per file
    const [piecesBytes, archiveBytes] = await Promise.all([gzipText(jsonArray(texts), 1), gzipText(jsonLines(texts), zlib.constants.Z_DEFAULT_COMPRESSION)]);
    await writeFileAtomic(pp.pieces, piecesBytes, 0o600);
    await writeFileAtomic(pp.archive, this.archiveKey ? sealArchive(archiveBytes, this.archiveKey) : archiveBytes, 0o600);
    this.parts.push(ref);
    if (ref.electronic) bump((counts.electronicByBatch ??= {}), ref.batch, ref.pieces);
    else {
      counts.pieces += ref.pieces;
      bump(counts.byBatch, ref.batch, ref.pieces);
    }
    this.log.info('part written', { runId: stored.runId, partId: ref.partId, pieces: ref.pieces });
    await this.onPart(ref);
  }
}

/** The ingest's end, wherever its work was done: state/ingest.json (its presence means done) and the audit line. */
export async function finishIngest(runDir: string, stored: StoredRunConfig, counts: RunCounts, parts: PartRef[], log: RunLog, started: number): Promise<IngestState> {
  const result: IngestState = { parts, counts, ...assetRefs(loadRenderAssets(stored.assetsRoot), stored.distribution) };
  // rendering happens in other threads or processes: this one's renderer (fonts, caches), if it judged, can go
  releaseRenderer(stored.assetsRoot);
  await appendAudit(runDir, {
    action: 'ingest.completed',
    details: { runId: stored.runId, input: counts.input, printed: counts.printed, electronic: counts.electronic, exceptions: counts.exceptions, suppressed: counts.suppressed, ...(counts.warnings ? { warnings: counts.warnings } : {}), parts: parts.length },
  });
  await writeJsonAtomic(runPaths(runDir).ingestDone, result);
  log.info('ingest done', { runId: stored.runId, records: counts.input, printed: counts.printed, electronic: counts.electronic, held: counts.exceptions, suppressed: counts.suppressed, parts: parts.length, ms: Date.now() - started });
  return result;
}

export async function ingestStage(runDir: string, opts?: IngestOptions): Promise<IngestState> {
  const p = runPaths(runDir);
  const done = readJsonIfExists<IngestState>(p.ingestDone, 'ingest state');
  if (done) return done;

  const { stored, log } = stageContext(runDir, opts);
  // a worker on another machine, or a resume, reads the extract again: it must be the run's file
  await checkSameExtract(stored, true);
  const started = Date.now();
  const key = resolveVerificationKey(stored, opts?.verificationKey);
  const order = presortOrder(stored);
  // scratch of this invocation only: a second ingest of the same run (a redelivered queue job)
  // must not delete the first one's sort chunks
  await fsp.mkdir(p.tmpDir, { recursive: true, mode: 0o700 });
  const scratch = await fsp.mkdtemp(path.join(p.tmpDir, 'ingest-'));

  const progress: IngestProgress = { records: 0, bytesRead: 0, totalBytes: 0, parts: 0 };
  let lastProgressWrite = 0;
  let counts: RunCounts = emptyCounts();
  const reportProgress = async (force = false) => {
    progress.records = counts.input;
    opts?.onProgress?.({ ...progress });
    const t = Date.now();
    if (force || t - lastProgressWrite > 1000) {
      lastProgressWrite = t;
      await writeJsonAtomic(p.ingestProgress, { ...progress, exceptions: counts.exceptions + counts.suppressed });
    }
  };
  // exceptions and warnings are written as they come (input order), then renamed into place at the end
  const tally = new VerdictTally(scratch, order, { year: stored.year, key }, () => reportProgress());
  counts = tally.counts;

  const setup = await judgeSetupOf(stored, key);
  const threads = opts?.judgeThreads ?? judgeThreadsFor(stored.extract);

  async function* entries(): AsyncGenerator<Keyed> {
    // the verdicts: on helper threads too for a large extract (this thread keeps the order-bound work)
    const pool = threads > 0 ? new JudgePool(threads, { setup, fonts: shareFontFiles(stored.assetsRoot), ...(stored.assetsRoot ? { assetsRoot: stored.assetsRoot } : {}) }) : null;
    const rows = extractRows(stored.extract, {
      year: stored.year,
      encoding: stored.encoding,
      tmpDir: scratch,
      onProgress: (x: { bytesRead: number; totalBytes: number; pass?: number }) => {
        // the reader makes two passes (duplicates, then validation): show them as one 0–100% span
        const passes = x.pass === undefined ? 1 : 2;
        progress.bytesRead = (x.pass === 2 ? x.totalBytes : 0) + x.bytesRead;
        progress.totalBytes = passes * x.totalBytes;
      },
    });
    const judgeHere = (batch: RowBatch): Judged[] => batch.jobs.map((job) => judgeForIngest(job, batch.header, setup, rendererFor(stored.assetsRoot)));
    let n = 0;
    // this thread judges its share too (one batch in threads + 1): one helper is enough to keep 2 cores judging
    const share = (batch: RowBatch, helpers: JudgePool): Promise<Judged[]> => (n++ % (threads + 1) === threads ? Promise.resolve(judgeHere(batch)) : helpers.judge(batch, stored.extract));
    const verdicts = pool
      ? inOrder(rows, (batch) => share(batch, pool), 4 * threads)
      : (async function* () {
          for await (const batch of rows) yield judgeHere(batch);
        })();
    try {
      yield* tally.entries(verdicts);
    } finally {
      // the helpers' memory is given back before the parts are cut and rendered (or on a failure:
      // the sort returns this generator)
      await pool?.close();
    }
  }

  const writer = new PartWriter(runDir, stored, counts, log, async (ref) => {
    progress.parts = writer.parts.length;
    await reportProgress();
    opts?.onPart?.(ref);
  });
  try {
    for await (const piece of externalSort(entries(), { tmpDir: scratch, chunkSize: opts?.sortChunkSize ?? 10_000, fanIn: 128 })) await writer.push(piece);
    await writer.flush();
    await tally.end();
    await fsp.rename(tally.warnings.file, p.warnings);
    await fsp.rename(tally.exceptions.file, p.exceptions);
  } catch (err) {
    tally.destroy();
    await fsp.rm(scratch, { recursive: true, force: true }).catch(() => undefined);
    throw writeError(err, scratch);
  }
  await fsp.rm(scratch, { recursive: true, force: true });
  await reportProgress(true);
  return finishIngest(runDir, stored, counts, writer.parts, log, started);
}
