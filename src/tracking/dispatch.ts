/**
 * `siprint dispatch RUN_DIR --file FILE` (docs/delivery.md §5): the post's receipts, CSV
 * `unit,dispatchedOn[,receipt]` — `unit` a package file name (交寄清单: every piece of it) or a piece
 * (registered mail: a piece ID or its scanned code). Same rules as `results`: a malformed row names its
 * line and records nothing, unknown units are reported, the same file twice is a no-op.
 */
import path from 'node:path';
import { isCalendarDate } from '../domain/dates';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { dayNumber, readMakeups, SLOT } from '../run-dir/tracking';
import { pieceIndex } from './pieces';
import { csvFields, csvLines, fileSha256, inputFile, LISTED, scannedSlot } from './results';
import { alreadyApplied, commitStore, loadStore, nextK, withTrackingLock } from './store';
import { readSummary } from './view';

export interface DispatchSummary {
  format: 'siprint-dispatch/1';
  k: number;
  runId: string;
  file: string;
  sha256: string;
  rows: number;
  packages: number;
  pieces: number;
  unknown: { count: number; units: string[] };
  operator: string;
  time: string;
}

export async function takeInDispatch(runDir: string, fileArg: string, opts: { operator: string; now?: Date }): Promise<{ summary: DispatchSummary; recorded: boolean }> {
  const file = inputFile(fileArg);
  const index = pieceIndex(runDir);
  const packages = new Set([...index.parts.map((p) => p.file), ...readMakeups(runDir).map((m) => path.posix.basename(m.path))]);
  return withTrackingLock(runDir, async () => {
    const store = loadStore(index);
    const sha256 = await fileSha256(file);
    const seen = alreadyApplied(store, 'dispatch', sha256);
    if (seen) return { summary: readSummary<DispatchSummary>(runDir, 'dispatch', seen.k), recorded: false };
    const bad = (line: number, why: string): never => {
      throw new UsageError(t('results.malformed', { file, line, why }));
    };
    let columns = 0;
    let rows = 0;
    let pkgs = 0;
    let pieces = 0;
    let unknownCount = 0;
    const unknown = new Set<string>();
    for await (const { line, text } of csvLines(file)) {
      const fields = (csvFields(text) ?? bad(line, t('results.badQuotes'))).map((x) => x.trim());
      if (columns === 0) {
        if (fields[0] !== 'unit' || fields[1] !== 'dispatchedOn' || fields.length > 3 || (fields[2] !== undefined && fields[2] !== 'receipt')) bad(line, t('dispatch.badHeader', { header: text.slice(0, 80) }));
        columns = fields.length;
        continue;
      }
      if (fields.length !== columns) bad(line, t('results.badColumns', { got: fields.length, want: columns }));
      const [unit = '', on = ''] = fields;
      if (!unit) bad(line, t('dispatch.noUnit'));
      if (!isCalendarDate(on)) bad(line, t('dispatch.badDate', { date: on.slice(0, 40) }));
      rows++;
      const day = dayNumber(on);
      if (packages.has(unit)) {
        store.header.packagesDispatched[unit] = on;
        pkgs++;
        continue;
      }
      const hit = scannedSlot(index, unit);
      if (!hit) {
        unknownCount++;
        if (unknown.size < LISTED) unknown.add(unit.slice(0, 80));
        continue;
      }
      store.slots[hit.slot * SLOT + 2] = day & 0xff;
      store.slots[hit.slot * SLOT + 3] = (day >> 8) & 0xff;
      pieces++;
    }
    if (columns === 0) throw new UsageError(t('dispatch.empty', { file }));
    const now = opts.now ?? new Date();
    const k = nextK(store, 'dispatch');
    const summary: DispatchSummary = { format: 'siprint-dispatch/1', k, runId: index.runId, file: path.basename(file), sha256, rows, packages: pkgs, pieces, unknown: { count: unknownCount, units: [...unknown] }, operator: opts.operator, time: now.toISOString() };
    await commitStore(runDir, store, {
      kind: 'dispatch',
      k,
      sha256,
      summary,
      now,
      audit: { action: 'dispatch.recorded', operator: opts.operator, details: { file: summary.file, rows, packages: pkgs, pieces, unknown: unknownCount } },
    });
    return { summary, recorded: true };
  });
}
