/**
 * Returned mail (退信, docs/delivery.md §6): what `siprint returns` leaves for the core system and for
 * next year's run, and how they are read back.
 *
 *   returns/returned.csv              recordId,pieceId,batch,reason,returnedOn — no name, ssn or address
 *   returns/returned-addresses.jsonl  per returned piece the keyed hashes of its ssn and its address
 *                                     (what `check|run --returned FILE…` holds ADDRESS_RETURNED with)
 *
 * Both are made whole from the returns summaries the piece-state store has taken in (tracking/
 * returns-<k>.json, which list each file's returned pieces), so a crash between writing them and the
 * commit is mended by feeding the file again, and `verify` can rebuild them and compare.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import readline from 'node:readline';
import path from 'node:path';
import { InputError, UsageError } from '../domain/errors';
import { RETURN_REASONS, returnedKey, type ReturnedAddress, type ReturnReason } from '../domain/returned';
import { t } from '../i18n';
import { readPieceStore, trackingPaths } from './tracking';

/** One returned piece as a returns summary lists it (keyed hashes only: no ssn, no address). */
export interface ReturnedPiece {
  pieceId: string;
  recordId: string;
  batch: string;
  reason: ReturnReason;
  returnedOn: string;
  ssnHash: string;
  addressHash: string;
}

/** tracking/returns-<k>.json */
export interface ReturnsSummary {
  format: 'siprint-returns/1';
  k: number;
  runId: string;
  file: string;
  sha256: string;
  rows: number;
  /** Newly returned pieces by reason. */
  counts: Record<ReturnReason, number>;
  repeated: { count: number; pieces: string[] };
  unknown: { count: number; codes: string[] };
  returned: ReturnedPiece[];
  operator: string;
  time: string;
}

export function returnsPaths(runDir: string) {
  const dir = path.join(runDir, 'returns');
  return { dir, csv: path.join(dir, 'returned.csv'), addresses: path.join(dir, 'returned-addresses.jsonl') };
}

export const RETURNED_CSV_HEADER = 'recordId,pieceId,batch,reason,returnedOn';

/** The two files' texts for these returned pieces (in the order they were taken in). */
export function returnsFiles(runId: string, pieces: readonly ReturnedPiece[]): { csv: string; addresses: string } {
  // recordIds come from the agency's extract: quote one that a CSV reader would split
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const csv = [RETURNED_CSV_HEADER, ...pieces.map((p) => [p.recordId, p.pieceId, p.batch, p.reason, p.returnedOn].map(q).join(','))].join('\n') + '\n';
  const addresses = pieces.map((p) => `${JSON.stringify({ runId, pieceId: p.pieceId, reason: p.reason, returnedOn: p.returnedOn, ssnHash: p.ssnHash, addressHash: p.addressHash } satisfies ReturnedAddress)}\n`).join('');
  return { csv, addresses };
}

/** The returns summaries the store has taken in, in order. */
export function readReturnsSummaries(runDir: string): ReturnsSummary[] {
  const store = readPieceStore(runDir);
  if (!store) return [];
  return store.header.applied
    .filter((a) => a.kind === 'returns')
    .map((a) => {
      const file = trackingPaths(runDir).summary('returns', a.k);
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as ReturnsSummary;
      } catch {
        throw new InputError(t('tracking.appliedMissing', { file, kind: 'returns', k: a.k, runDir }));
      }
    });
}

const HEX64 = /^[0-9a-f]{64}$/;

/** A --returned list by content (run.json and the audit log name it so). */
export interface ReturnedListRef {
  file: string;
  sha256: string;
  entries: number;
}

/**
 * Last year's returns/returned-addresses.jsonl files, read line by line (a list holds the returned
 * pieces only, so it is kept in memory); a line that is not one of ours is exit 2 naming file and line.
 */
export async function readReturnedList(files: readonly string[]): Promise<{ list: Map<string, ReturnedAddress>; lists: ReturnedListRef[] }> {
  const list = new Map<string, ReturnedAddress>();
  const lists: ReturnedListRef[] = [];
  for (const given of files) {
    const file = path.resolve(given);
    if (!existsSync(file)) throw new UsageError(t('returned.noFile', { file }));
    const hash = createHash('sha256');
    const input = createReadStream(file);
    input.on('data', (c) => hash.update(c));
    const rl = readline.createInterface({ input: input.setEncoding('utf8'), crlfDelay: Infinity });
    let n = 0;
    let entries = 0;
    for await (const raw of rl) {
      n++;
      const line = raw.replace(/^\uFEFF/, '').trim();
      if (!line) continue;
      let x: Partial<ReturnedAddress> | undefined;
      try {
        x = JSON.parse(line) as Partial<ReturnedAddress>;
      } catch {
        x = undefined;
      }
      if (!x || typeof x.ssnHash !== 'string' || !HEX64.test(x.ssnHash) || typeof x.addressHash !== 'string' || !HEX64.test(x.addressHash))
        throw new UsageError(t('returned.badLine', { file, line: n }));
      entries++;
      list.set(returnedKey(x.ssnHash, x.addressHash), {
        runId: String(x.runId ?? ''),
        pieceId: String(x.pieceId ?? ''),
        reason: (RETURN_REASONS as readonly string[]).includes(String(x.reason)) ? (x.reason as ReturnReason) : 'OTHER',
        returnedOn: String(x.returnedOn ?? ''),
        ssnHash: x.ssnHash,
        addressHash: x.addressHash,
      });
    }
    lists.push({ file, sha256: hash.digest('hex'), entries });
  }
  return { list, lists };
}
