/**
 * `siprint results RUN_DIR --file FILE` (docs/delivery.md §3): the inserter's per-piece CSV
 * `piece,status[,time,station]`, streamed line by line into a copy of the piece states; committed
 * only when every row is well-formed (a malformed row: one line naming it, nothing recorded).
 * The latest report of a piece wins; `ok` for a piece already `ok` is a duplicate (two envelopes);
 * codes not of this run are unknown; pieces of delivered packages never reported are unreported.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { F_EVER_OK, F_MAKEUP_PENDING, F_STATUS, RESULT_STATUSES, SLOT, type ResultStatus } from '../run-dir/tracking';
import { parseScannedCode, pieceIndex, type PieceIndex } from './pieces';
import { alreadyApplied, commitStore, loadStore, nextK, withTrackingLock } from './store';
import { deliveredSlots, readSummary } from './view';
import { readReprintPieces } from '../run-dir/code-index';
import type { PieceStore } from '../run-dir/tracking';

/** How many piece IDs / codes a summary lists (the counts are always whole). */
export const LISTED = 1000;

export interface ResultsSummary {
  format: 'siprint-results/1';
  k: number;
  runId: string;
  file: string;
  sha256: string;
  rows: number;
  counts: Record<ResultStatus, number>;
  duplicates: { count: number; pieces: string[] };
  unknown: { count: number; codes: string[] };
  unreported: { count: number; byPackage: Record<string, number> };
  /** Reprints' pieces (`RP-…`, siprint reprint): known, not slots of the run's packages; a failed one is reprinted again. */
  reprints: { count: number; counts: Record<ResultStatus, number>; failed: string[] };
  operator: string;
  time: string;
}

export interface ResultsOutcome {
  summary: ResultsSummary;
  /** false: this file (same SHA-256) was taken in before; nothing changed. */
  recorded: boolean;
}

const STATUS_CODE = new Map<string, number>(RESULT_STATUSES.map((s, i) => [s, i + 1]));

/** Splits one CSV line; quotes only where a field needs them. */
export function csvFields(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return undefined;
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      if (i < line.length && line[i] !== ',') return undefined;
      i++;
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? line.length : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

export async function* csvLines(file: string): AsyncGenerator<{ line: number; text: string }> {
  const rl = readline.createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    n++;
    const text = n === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.trim() !== '') yield { line: n, text };
  }
}

export async function fileSha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export function inputFile(file: string): string {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new UsageError(t('tracking.noFile', { file: abs }));
  return abs;
}

/** A piece's slot from a scanned code of this run (undefined: unknown). */
export function scannedSlot(index: PieceIndex, raw: string): { slot: number; makeup?: number; bare: boolean } | undefined {
  const code = parseScannedCode(raw.trim());
  if (!code || (code.runId !== undefined && code.runId !== index.runId)) return undefined;
  const slot = index.slotOf(code.pieceId);
  if (slot === undefined) return undefined;
  return { slot, ...(code.makeup !== undefined ? { makeup: code.makeup } : {}), bare: code.runId === undefined };
}

export async function takeInResults(runDir: string, fileArg: string, opts: { operator: string; now?: Date }): Promise<ResultsOutcome> {
  const file = inputFile(fileArg);
  const index = pieceIndex(runDir);
  return withTrackingLock(runDir, async () => {
    const store = loadStore(index);
    const sha256 = await fileSha256(file);
    const seen = alreadyApplied(store, 'results', sha256);
    if (seen) return { summary: readSummary<ResultsSummary>(runDir, 'results', seen.k), recorded: false };
    const now = opts.now ?? new Date();
    const k = nextK(store, 'results');
    const summary = await applyResults(index, store, file);
    const full: ResultsSummary = { format: 'siprint-results/1', k, runId: index.runId, file: path.basename(file), sha256, ...summary, operator: opts.operator, time: now.toISOString() };
    await commitStore(runDir, store, {
      kind: 'results',
      k,
      sha256,
      summary: full,
      now,
      audit: { action: 'results.recorded', operator: opts.operator, details: { file: full.file, rows: full.rows, counts: full.counts, duplicates: full.duplicates.count, unknown: full.unknown.count, unreported: full.unreported.count, reprints: full.reprints.count } },
    });
    return { summary: full, recorded: true };
  });
}

async function applyResults(index: PieceIndex, store: PieceStore, file: string): Promise<Omit<ResultsSummary, 'format' | 'k' | 'runId' | 'file' | 'sha256' | 'operator' | 'time'>> {
  const slots = store.slots;
  const counts = Object.fromEntries(RESULT_STATUSES.map((s) => [s, 0])) as Record<ResultStatus, number>;
  const duplicates: string[] = [];
  let dupCount = 0;
  const unknown = new Set<string>();
  let unknownCount = 0;
  let rows = 0;
  let columns = 0;
  const bad = (line: number, why: string): never => {
    throw new UsageError(t('results.malformed', { file, line, why }));
  };
  const known = readReprintPieces(index.runDir);
  const reprintOf = (raw: string): string | undefined => {
    const code = parseScannedCode(raw.trim());
    return code && (code.runId === undefined || code.runId === index.runId) && known.has(code.pieceId) ? code.pieceId : undefined;
  };
  const reprints = { count: 0, counts: Object.fromEntries(RESULT_STATUSES.map((s) => [s, 0])) as Record<ResultStatus, number>, failed: [] as string[] };
  const rpStatus = new Map<string, ResultStatus>();
  for await (const { line, text } of csvLines(file)) {
    const f = csvFields(text);
    if (!f) bad(line, t('results.badQuotes'));
    const fields = (f ?? []).map((x) => x.trim());
    if (columns === 0) {
      if (fields[0] !== 'piece' || fields[1] !== 'status' || fields.length > 4 || (fields[2] !== undefined && fields[2] !== 'time') || (fields[3] !== undefined && fields[3] !== 'station'))
        bad(line, t('results.badHeader', { header: text.slice(0, 80) }));
      columns = fields.length;
      continue;
    }
    if (fields.length !== columns) bad(line, t('results.badColumns', { got: fields.length, want: columns }));
    const [piece = '', status = '', time] = fields;
    if (!piece) bad(line, t('results.noPiece'));
    const code = STATUS_CODE.get(status);
    if (code === undefined) bad(line, t('results.badStatus', { status: status.slice(0, 40), allowed: RESULT_STATUSES.join(', ') }));
    if (time && Number.isNaN(Date.parse(time))) bad(line, t('results.badTime', { time: time.slice(0, 40) }));
    rows++;
    counts[status as ResultStatus] += 1;
    const hit = scannedSlot(index, piece);
    const rp = hit ? undefined : reprintOf(piece);
    if (rp) {
      // the latest report of a reprint wins too
      rpStatus.set(rp, status as ResultStatus);
      reprints.counts[status as ResultStatus] += 1;
      reprints.count++;
      continue;
    }
    if (!hit) {
      unknownCount++;
      if (unknown.size < LISTED) unknown.add(piece.slice(0, 80));
      continue;
    }
    const at = hit.slot * SLOT;
    let flags = slots[at] ?? 0;
    const round = slots[at + 1] ?? 0;
    if (status === 'ok') {
      if (flags & F_EVER_OK) {
        dupCount++;
        if (duplicates.length < LISTED) duplicates.push(index.pieceIdOf(hit.slot));
      }
      flags |= F_EVER_OK;
    }
    flags = (flags & ~F_STATUS) | (code ?? 0);
    // the make-up piece's own result (or a bare ID, which cannot say) ends the wait for it
    if (hit.bare || (hit.makeup !== undefined && hit.makeup === round)) flags &= ~F_MAKEUP_PENDING;
    slots[at] = flags;
  }
  if (columns === 0) throw new UsageError(t('results.empty', { file }));
  const unreported = unreportedOf(index, store);
  for (const [id, s] of rpStatus) if (s !== 'ok' && reprints.failed.length < LISTED) reprints.failed.push(id);
  return { reprints, rows, counts, duplicates: { count: dupCount, pieces: duplicates }, unknown: { count: unknownCount, codes: [...unknown] }, unreported };
}

/** Pieces of delivered packages with no result (a make-up piece: none since its package). */
export function unreportedOf(index: PieceIndex, store: PieceStore): { count: number; byPackage: Record<string, number> } {
  const byPackage: Record<string, number> = {};
  let count = 0;
  for (const [slot, file] of deliveredSlots(index, store)) {
    const flags = store.slots[slot * SLOT] ?? 0;
    if ((flags & F_MAKEUP_PENDING) === 0 && (flags & F_STATUS) !== 0) continue;
    count++;
    byPackage[file] = (byPackage[file] ?? 0) + 1;
  }
  return { count, byPackage };
}
