/**
 * The last mile's records (docs/delivery.md §3–6): every file tracking/pieces.bin says it took in has
 * its summary (same k and SHA-256) and its audit line; no summary lies about a file not taken in; each
 * make-up package is in print/ as recorded; returns/ is what the returns summaries taken in make. Returns the make-up packages' paths (print/ may hold them).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { t } from '../i18n';
import { returnsFiles, returnsPaths, type ReturnsSummary } from '../run-dir/returns';
import { F_RETURNED, readPieceStore, SLOT, summaryFiles, trackingPaths, type MakeupRecord, type TrackingKind } from '../run-dir/tracking';

const ACTION: Record<TrackingKind, string> = { results: 'results.recorded', makeup: 'makeup.packaged', dispatch: 'dispatch.recorded', returns: 'returns.recorded' };

export function checkTracking(runDir: string, auditLines: string[], runId: string, pieces: number, problems: string[]): MakeupRecord[] {
  let store;
  try {
    store = readPieceStore(runDir);
  } catch (err) {
    problems.push((err as Error).message);
    return [];
  }
  if (!store) return [];
  const rel = 'tracking/pieces.bin';
  if (store.header.runId !== runId) problems.push(t('verify.storeOtherRun', { file: rel, runId: store.header.runId, want: runId }));
  if (store.header.pieces !== pieces) problems.push(t('verify.storePieces', { file: rel, n: store.header.pieces, want: pieces }));
  const audited = new Set<string>();
  for (const l of auditLines) {
    try {
      const x = JSON.parse(l) as { action?: string; details?: { k?: number; sha256?: string } };
      if (x.action) audited.add(`${x.action}|${String(x.details?.k)}|${String(x.details?.sha256)}`);
    } catch {
      // the chain check reports a damaged line
    }
  }
  const makeups: MakeupRecord[] = [];
  for (const a of store.header.applied) {
    const file = trackingPaths(runDir).summary(a.kind, a.k);
    const name = `tracking/${path.basename(file)}`;
    let s: { k?: number; sha256?: string } & Partial<MakeupRecord>;
    try {
      s = JSON.parse(readFileSync(file, 'utf8')) as typeof s;
    } catch {
      problems.push(t('verify.summaryMissing', { file: name, store: rel, kind: a.kind, k: a.k }));
      continue;
    }
    if (s.k !== a.k || s.sha256 !== a.sha256) problems.push(t('verify.summaryDiffers', { file: name, k: String(s.k), sha256: String(s.sha256), store: rel, want: a.sha256 }));
    if (!audited.has(`${ACTION[a.kind]}|${a.k}|${a.sha256}`)) problems.push(t('verify.summaryNoAudit', { file: name, action: ACTION[a.kind], k: a.k }));
    if (a.kind === 'makeup' && s.path) {
      makeups.push(s as MakeupRecord);
      const pkg = path.join(runDir, s.path);
      if (!existsSync(pkg)) problems.push(t('verify.makeupMissing', { file: s.path, k: a.k }));
      else {
        const bytes = readFileSync(pkg);
        const h = createHash('sha256').update(bytes).digest('hex');
        if (h !== a.sha256 || bytes.length !== s.bytes) problems.push(t('verify.makeupChanged', { file: s.path, got: h, bytes: bytes.length, summary: name }));
      }
    }
  }
  checkReturns(runDir, store, problems);
  for (const kind of Object.keys(ACTION) as TrackingKind[]) {
    const taken = new Set(store.header.applied.filter((a) => a.kind === kind).map((a) => a.k));
    for (const k of summaryFiles(runDir, kind)) if (!taken.has(k)) problems.push(t('verify.summaryNotTaken', { file: `tracking/${kind}-${k}.json`, store: rel, kind }));
  }
  return makeups;
}

/** returns/returned.csv and returned-addresses.jsonl as the returns files taken in make them; the returned flags as many. */
function checkReturns(runDir: string, store: NonNullable<ReturnType<typeof readPieceStore>>, problems: string[]): void {
  const taken = store.header.applied.filter((a) => a.kind === 'returns');
  const paths = returnsPaths(runDir);
  if (taken.length === 0) {
    for (const f of [paths.csv, paths.addresses]) if (existsSync(f)) problems.push(t('verify.returnsNoneTaken', { file: `returns/${path.basename(f)}` }));
    return;
  }
  const summaries: ReturnsSummary[] = [];
  for (const a of taken) {
    try {
      summaries.push(JSON.parse(readFileSync(trackingPaths(runDir).summary('returns', a.k), 'utf8')) as ReturnsSummary);
    } catch {
      return; // reported above
    }
  }
  const want = returnsFiles(store.header.runId, summaries.flatMap((s) => s.returned ?? []));
  for (const [file, text] of [[paths.csv, want.csv], [paths.addresses, want.addresses]] as const) {
    const rel = `returns/${path.basename(file)}`;
    if (!existsSync(file)) problems.push(t('verify.returnsMissing', { file: rel, n: taken.length }));
    else if (readFileSync(file, 'utf8') !== text) problems.push(t('verify.returnsDiffers', { file: rel }));
  }
  let flagged = 0;
  for (let slot = 0; slot < store.header.pieces; slot++) if ((store.slots[slot * SLOT] ?? 0) & F_RETURNED) flagged++;
  // a reprint's return flags its original piece: a person counts once
  const pieces = new Set(summaries.flatMap((s) => (s.returned ?? []).map((p) => p.recordId + '|' + p.batch))).size;
  if (flagged !== pieces) problems.push(t('verify.returnsFlags', { n: flagged, want: pieces }));
}
