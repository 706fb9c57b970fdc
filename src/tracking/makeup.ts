/**
 * `siprint makeup RUN_DIR [--approved-by OP]` (docs/delivery.md §4): a package of exactly the pieces
 * whose latest result is not `ok` (and not already in a make-up package with no result since), in
 * print order, re-rendered from the archive with the run's layouts, fonts and verification codes —
 * the same statements and envelopes, only the DataMatrix carries `|MU<k>`. Above
 * `makeupApprovalPercent` of the run's pieces a second operator must approve.
 */
import { loadRenderAssets } from '../assets';
import { approverProblem } from '../domain/operator';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { buildPackage, mailingCsv } from '../package';
import { resolveVerificationKey } from '../pipeline/config';
import { checkSameAssets, type RunAssets } from '../pipeline/renderers';
import { createRenderer, type StatementPiece } from '../render';
import { writeChunksAtomic } from '../run-dir/atomic';
import { readJsonSync } from '../run-dir/json';
import { runPaths } from '../run-dir/paths';
import { F_MAKEUP_PENDING, F_STATUS, SLOT, type MakeupRecord, type PieceStore } from '../run-dir/tracking';
import { archivedPiecesOf, pieceIndex } from './pieces';
import { commitStore, loadStore, nextK, withTrackingLock } from './store';

export const DEFAULT_MAKEUP_APPROVAL_PERCENT = 2;
const OK = 1;

export interface MakeupOptions {
  operator: string;
  approvedBy?: string;
  now?: Date;
  env?: NodeJS.ProcessEnv;
}

/** The make-up package made, or none when no piece needs one. */
export type MakeupOutcome = { record: MakeupRecord } | { none: true; runId: string };

/** Slots whose latest result is a failure and that are not waiting for a make-up piece's result. */
export function toMakeUp(store: PieceStore): number[] {
  const out: number[] = [];
  for (let slot = 0; slot < store.header.pieces; slot++) {
    const flags = store.slots[slot * SLOT] ?? 0;
    const status = flags & F_STATUS;
    if (status !== 0 && status !== OK && !(flags & F_MAKEUP_PENDING)) out.push(slot);
  }
  return out;
}

export async function makeUp(runDir: string, opts: MakeupOptions): Promise<MakeupOutcome> {
  const index = pieceIndex(runDir);
  const { stored } = index;
  if (opts.approvedBy !== undefined) {
    const problem = approverProblem(opts.approvedBy, opts.operator);
    if (problem === 'not-an-id') throw new UsageError(t('makeup.badApprover', { approvedBy: opts.approvedBy, rule: t('operator.rule') }));
    if (problem === 'nobody') throw new UsageError(t('makeup.nobodyApprover', { approvedBy: opts.approvedBy }));
    if (problem === 'same') throw new UsageError(t('makeup.sameApprover', { operator: opts.operator }));
  }
  return withTrackingLock(runDir, async () => {
    const store = loadStore(index);
    const slots = toMakeUp(store);
    if (slots.length === 0) return { none: true, runId: index.runId };
    const limit = stored.makeupApprovalPercent ?? DEFAULT_MAKEUP_APPROVAL_PERCENT;
    const percent = (100 * slots.length) / index.pieces;
    if (percent > limit && opts.approvedBy === undefined)
      throw new UsageError(t('makeup.needsApproval', { pieces: slots.length, total: index.pieces, percent: percent.toFixed(1), limit, runDir }));
    const now = opts.now ?? new Date();
    const k = nextK(store, 'makeup');
    const pieces = await archivedPiecesOf(index, slots);

    const renderer = createRenderer(loadRenderAssets(stored.assetsRoot));
    checkSameAssets(index.runId, readJsonSync<RunAssets>(runPaths(runDir).manifest, 'manifest'), renderer);
    const key = resolveVerificationKey(stored, undefined, opts.env ?? process.env);
    const chunks: Uint8Array[] = [];
    const written = renderer.writeStatements(pieces, { runId: index.runId, year: stored.year, printDate: stored.printDate, verificationKey: key, makeup: k, ...(stored.verifyBaseUrl ? { verifyBaseUrl: stored.verifyBaseUrl } : {}) }, (c) => chunks.push(c));
    const statementsPdf = Buffer.concat(chunks);
    const envelopesPdf = renderer.renderEnvelopes(pieces, { runId: index.runId, postagePermit: stored.postagePermit, makeup: k });
    const first = pieces[0] as StatementPiece;
    const built = await buildPackage({
      batch: first.batch,
      part: k,
      pieces: pieces.length,
      statementsPdf,
      envelopesPdf,
      mailingCsv: Buffer.from(mailingCsv(pieces, written.sheets)),
      statementPages: written.pages.reduce((a, b) => a + b, 0),
      envelopePages: pieces.length,
      ...(stored.printHousePublicKey ? { printHousePublicKey: stored.printHousePublicKey } : {}),
      runId: index.runId,
      layouts: renderer.layouts,
      fonts: renderer.fonts,
      makeup: k,
    });
    const rel = `print/${built.fileName}`;
    const file = await writeChunksAtomic(`${runDir}/${rel}`, built.writeTo, 0o600);
    const record: MakeupRecord = {
      format: 'siprint-makeup/1',
      k,
      runId: index.runId,
      path: rel,
      sha256: file.sha256,
      bytes: file.bytes,
      pieces: pieces.length,
      sheets: written.sheets.reduce((a, b) => a + b, 0),
      pieceIds: pieces.map((p) => p.pieceId),
      operator: opts.operator,
      ...(opts.approvedBy !== undefined ? { approvedBy: opts.approvedBy } : {}),
      time: now.toISOString(),
    };
    for (const slot of slots) {
      store.slots[slot * SLOT] = (store.slots[slot * SLOT] ?? 0) | F_MAKEUP_PENDING;
      store.slots[slot * SLOT + 1] = Math.min(k, 255);
    }
    await commitStore(runDir, store, {
      kind: 'makeup',
      k,
      sha256: file.sha256,
      summary: record,
      now,
      audit: { action: 'makeup.packaged', operator: opts.operator, details: { file: built.fileName, pieces: pieces.length, percent: Number(percent.toFixed(2)), ...(opts.approvedBy !== undefined ? { approvedBy: opts.approvedBy } : {}) } },
    });
    return { record };
  });
}
