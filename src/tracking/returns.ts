/**
 * `siprint returns RUN_DIR --file FILE` (docs/delivery.md §6): one returned envelope a line — its
 * scanned DataMatrix (`]d2` or not, full code or bare piece ID, a reprint's `RP-…` too) then optionally
 * `,reason[,returnedOn]`. Unknown and repeated scans are reported, not fatal; a malformed line names
 * itself and records nothing. The same file twice is a no-op; a crash mid-file counts nothing (store.ts).
 * Leaves returns/returned.csv (no name, ssn or address) and returns/returned-addresses.jsonl (keyed
 * hashes) for the core system and next year's `--returned`.
 */
import path from 'node:path';
import { chinaDate, isCalendarDate } from '../domain/dates';
import { UsageError } from '../domain/errors';
import { addressHash, ssnHash } from '../domain/keyed-hash';
import { RETURN_REASONS, RETURN_REASON_ZH, type ReturnReason } from '../domain/returned';
import { t } from '../i18n';
import { resolveVerificationKey } from '../pipeline/config';
import { writeFileAtomic } from '../run-dir/atomic';
import { readReprintPieces } from '../run-dir/code-index';
import { readReturnsSummaries, returnsFiles, returnsPaths, type ReturnedPiece, type ReturnsSummary } from '../run-dir/returns';
import { F_RETURNED, SLOT } from '../run-dir/tracking';
import { archivedPiecesOf, parseScannedCode, pieceIndex, type PieceIndex } from './pieces';
import { csvFields, csvLines, fileSha256, inputFile, LISTED, scannedSlot } from './results';
import { alreadyApplied, commitStore, loadStore, nextK, withTrackingLock } from './store';
import { readSummary } from './view';

const REASON_OF = new Map<string, ReturnReason>([
  ...RETURN_REASONS.map((r): [string, ReturnReason] => [r, r]),
  ...RETURN_REASONS.map((r): [string, ReturnReason] => [RETURN_REASON_ZH[r], r]),
  ['', 'OTHER'],
]);

/** A scan of this run: the slot of the piece it stands for, and the ID printed on it (a reprint's own). */
function resolveScan(index: PieceIndex, reprints: ReadonlyMap<string, { originalPieceId: string }>, raw: string): { slot: number; pieceId: string } | undefined {
  const hit = scannedSlot(index, raw);
  if (hit) return { slot: hit.slot, pieceId: index.pieceIdOf(hit.slot) };
  const code = parseScannedCode(raw.trim());
  if (!code || (code.runId !== undefined && code.runId !== index.runId)) return undefined;
  const rp = reprints.get(code.pieceId);
  const slot = rp ? index.slotOf(rp.originalPieceId) : undefined;
  return slot === undefined ? undefined : { slot, pieceId: code.pieceId };
}

export async function takeInReturns(runDir: string, fileArg: string, opts: { operator: string; now?: Date; env?: NodeJS.ProcessEnv }): Promise<{ summary: ReturnsSummary; recorded: boolean }> {
  const file = inputFile(fileArg);
  const index = pieceIndex(runDir);
  return withTrackingLock(runDir, async () => {
    const store = loadStore(index);
    const sha256 = await fileSha256(file);
    const seen = alreadyApplied(store, 'returns', sha256);
    if (seen) return { summary: readSummary<ReturnsSummary>(runDir, 'returns', seen.k), recorded: false };
    const now = opts.now ?? new Date();
    const key = resolveVerificationKey(index.stored, undefined, opts.env ?? process.env);
    const before = readReturnsSummaries(runDir);
    const returnedBefore = new Set(before.flatMap((s) => s.returned.map((p) => p.pieceId)));
    const reprints = readReprintPieces(runDir);
    const bad = (line: number, why: string): never => {
      throw new UsageError(t('results.malformed', { file, line, why }));
    };
    const found: { slot: number; pieceId: string; reason: ReturnReason; returnedOn: string }[] = [];
    const inFile = new Set<string>();
    const repeated: string[] = [];
    let repeatCount = 0;
    const unknown = new Set<string>();
    let unknownCount = 0;
    let rows = 0;
    let first = true;
    for await (const { line, text } of csvLines(file)) {
      const fields = (csvFields(text) ?? bad(line, t('results.badQuotes'))).map((x) => x.trim());
      // an optional header: a scan never reads "piece"
      if (first && fields[0] === 'piece') {
        first = false;
        continue;
      }
      first = false;
      if (fields.length > 3) bad(line, t('returns.badColumns', { got: fields.length }));
      const [scan = '', reasonText = '', on = ''] = fields;
      if (!scan) bad(line, t('results.noPiece'));
      const reason = REASON_OF.get(reasonText.toUpperCase()) ?? REASON_OF.get(reasonText);
      if (!reason) bad(line, t('returns.badReason', { reason: reasonText.slice(0, 40), allowed: RETURN_REASONS.map((r) => `${r} ${RETURN_REASON_ZH[r]}`).join(', ') }));
      if (on && !isCalendarDate(on)) bad(line, t('returns.badDate', { date: on.slice(0, 40) }));
      rows++;
      const hit = resolveScan(index, reprints, scan);
      if (!hit) {
        unknownCount++;
        if (unknown.size < LISTED) unknown.add(scan.slice(0, 80));
        continue;
      }
      if (returnedBefore.has(hit.pieceId) || inFile.has(hit.pieceId)) {
        repeatCount++;
        if (repeated.length < LISTED) repeated.push(hit.pieceId);
        continue;
      }
      inFile.add(hit.pieceId);
      found.push({ slot: hit.slot, pieceId: hit.pieceId, reason: reason ?? 'OTHER', returnedOn: on || chinaDate(now) });
    }
    if (rows === 0) throw new UsageError(t('returns.empty', { file }));

    // recordId, batch and the keyed hashes from the archive (the ssn and address never leave it in the clear)
    const slots = [...new Set(found.map((f) => f.slot))].sort((a, b) => a - b);
    const archived = new Map((await archivedPiecesOf(index, slots)).map((a, i) => [slots[i] ?? -1, a]));
    const returned: ReturnedPiece[] = found.map((f) => {
      const a = archived.get(f.slot);
      if (!a) throw new Error(t('makeup.archiveShort', { partId: index.partOf(f.slot).partId, lines: 0, pieces: index.partOf(f.slot).pieces }));
      // a reprint to a corrected address went there: its line in reprints/reprinted.jsonl carries that address's hash
      const rpHash = f.pieceId !== a.pieceId ? reprints.get(f.pieceId)?.addressHash : undefined;
      return { pieceId: f.pieceId, recordId: a.record.recordId, batch: a.batch, reason: f.reason, returnedOn: f.returnedOn, ssnHash: ssnHash(a.record.person.ssn, key), addressHash: rpHash ?? addressHash(a.recipient.address, key) };
    });
    for (const f of found) store.slots[f.slot * SLOT] = (store.slots[f.slot * SLOT] ?? 0) | F_RETURNED;

    const counts = Object.fromEntries(RETURN_REASONS.map((r) => [r, 0])) as Record<ReturnReason, number>;
    for (const r of returned) counts[r.reason] += 1;
    const k = nextK(store, 'returns');
    const summary: ReturnsSummary = {
      format: 'siprint-returns/1',
      k,
      runId: index.runId,
      file: path.basename(file),
      sha256,
      rows,
      counts,
      repeated: { count: repeatCount, pieces: repeated },
      unknown: { count: unknownCount, codes: [...unknown] },
      returned,
      operator: opts.operator,
      time: now.toISOString(),
    };
    // made whole from every file taken in, this one last: written again, the same, if the commit below never happens
    const out = returnsFiles(index.runId, [...before.flatMap((s) => s.returned), ...returned]);
    const paths = returnsPaths(runDir);
    await writeFileAtomic(paths.csv, out.csv, 0o600);
    await writeFileAtomic(paths.addresses, out.addresses, 0o600);
    await commitStore(runDir, store, {
      kind: 'returns',
      k,
      sha256,
      summary,
      now,
      audit: { action: 'returns.recorded', operator: opts.operator, details: { file: summary.file, rows, returned: returned.length, counts, repeated: repeatCount, unknown: unknownCount } },
    });
    return { summary, recorded: true };
  });
}
