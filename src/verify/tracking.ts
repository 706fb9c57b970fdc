/**
 * The last mile's records (docs/delivery.md §3–6): every file tracking/pieces.bin says it took in has
 * its summary (same k and SHA-256) and its audit line; no summary lies about a file not taken in; each
 * make-up package is in print/ as recorded; returns/ is what the returns summaries taken in make. Returns the make-up packages' paths (print/ may hold them).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
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
  if (store.header.runId !== runId) problems.push(`${rel}: for run ${store.header.runId}, this is ${runId}`);
  if (store.header.pieces !== pieces) problems.push(`${rel}: ${store.header.pieces} pieces, manifest.json's packages hold ${pieces}`);
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
      problems.push(`${name}: missing or not JSON, but ${rel} took ${a.kind} file ${a.k} in`);
      continue;
    }
    if (s.k !== a.k || s.sha256 !== a.sha256) problems.push(`${name}: says file ${String(s.k)} with SHA-256 ${String(s.sha256)}, ${rel} took in ${a.sha256}`);
    if (!audited.has(`${ACTION[a.kind]}|${a.k}|${a.sha256}`)) problems.push(`${name}: no ${ACTION[a.kind]} line in audit.jsonl with k ${a.k} and its SHA-256`);
    if (a.kind === 'makeup' && s.path) {
      makeups.push(s as MakeupRecord);
      const pkg = path.join(runDir, s.path);
      if (!existsSync(pkg)) problems.push(`${s.path}: make-up package ${a.k} is missing`);
      else {
        const bytes = readFileSync(pkg);
        const h = createHash('sha256').update(bytes).digest('hex');
        if (h !== a.sha256 || bytes.length !== s.bytes) problems.push(`${s.path}: SHA-256 ${h} (${bytes.length} bytes) differs from ${name}; the file was changed`);
      }
    }
  }
  checkReturns(runDir, store, problems);
  for (const kind of Object.keys(ACTION) as TrackingKind[]) {
    const taken = new Set(store.header.applied.filter((a) => a.kind === kind).map((a) => a.k));
    for (const k of summaryFiles(runDir, kind)) if (!taken.has(k)) problems.push(`tracking/${kind}-${k}.json: not taken in (${rel} does not name it): an interrupted ${kind}; run it again with the same file`);
  }
  return makeups;
}

/** returns/returned.csv and returned-addresses.jsonl as the returns files taken in make them; the returned flags as many. */
function checkReturns(runDir: string, store: NonNullable<ReturnType<typeof readPieceStore>>, problems: string[]): void {
  const taken = store.header.applied.filter((a) => a.kind === 'returns');
  const paths = returnsPaths(runDir);
  if (taken.length === 0) {
    for (const f of [paths.csv, paths.addresses]) if (existsSync(f)) problems.push(`returns/${path.basename(f)}: no returns file was taken in (tracking/pieces.bin names none): an interrupted siprint returns; run it again with the same file`);
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
    if (!existsSync(file)) problems.push(`${rel}: missing, but tracking/pieces.bin took ${taken.length} returns file(s) in: run siprint returns again with the last file`);
    else if (readFileSync(file, 'utf8') !== text) problems.push(`${rel}: differs from what the returns files taken in (tracking/returns-*.json) give; the file was changed or a returns run was interrupted: run siprint returns again with the last file`);
  }
  let flagged = 0;
  for (let slot = 0; slot < store.header.pieces; slot++) if ((store.slots[slot * SLOT] ?? 0) & F_RETURNED) flagged++;
  // a reprint's return flags its original piece: a person counts once
  const pieces = new Set(summaries.flatMap((s) => (s.returned ?? []).map((p) => p.recordId + '|' + p.batch))).size;
  if (flagged !== pieces) problems.push(`tracking/pieces.bin: ${flagged} piece(s) marked returned, the returns files taken in name ${pieces}`);
}
