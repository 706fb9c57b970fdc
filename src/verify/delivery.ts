/**
 * The hand-off's records (docs/delivery.md §1–2): every `package.delivered` names a package of the
 * manifest with its SHA-256 (what went to the print house is what was sealed); every answer follows a
 * delivery of that package; and delivery/events.jsonl says nothing the audit chain does not (each of
 * its lines has its audit line, which the chain protects).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { t } from '../i18n';
import { deliveryPaths } from '../run-dir/delivery';

const ACTIONS: Record<string, string> = { 'package.delivered': 'delivered', 'package.acknowledged': 'acknowledged', 'package.rejected': 'rejected' };

export function checkDelivery(runDir: string, auditLines: string[], packages: readonly { path: string; sha256: string }[], problems: string[]): void {
  const sealed = new Map(packages.map((p) => [path.posix.basename(p.path), p.sha256]));
  // each events line takes one audit line: the audit may hold more (a crash between the two), never fewer
  const audited = new Map<string, number>();
  const delivered = new Set<string>();
  auditLines.forEach((raw, i) => {
    let x: { action?: unknown; details?: { file?: unknown; sha256?: unknown } };
    try {
      x = JSON.parse(raw) as typeof x;
    } catch {
      return; // the chain check reports it
    }
    const kind = typeof x.action === 'string' ? ACTIONS[x.action] : undefined;
    if (!kind) return;
    const file = String(x.details?.file);
    const sha = String(x.details?.sha256);
    const [line, action] = [i + 1, String(x.action)];
    if (!sealed.has(file)) problems.push(t('verify.deliveryNotPackage', { line, action, file }));
    else if (sealed.get(file) !== sha) problems.push(t('verify.deliveryOtherFile', { line, action, file, sha256: sha, sealed: sealed.get(file) ?? '' }));
    if (kind === 'delivered') delivered.add(`${file}|${sha}`);
    else if (!delivered.has(`${file}|${sha}`)) problems.push(t('verify.deliveryBefore', { line, action, file }));
    audited.set(`${kind}|${file}|${sha}`, (audited.get(`${kind}|${file}|${sha}`) ?? 0) + 1);
  });
  const { events } = deliveryPaths(runDir);
  if (!existsSync(events)) return;
  const rel = 'delivery/events.jsonl';
  const text = readFileSync(events, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) !== '') problems.push(t('verify.eventsCutOff', { file: rel }));
  lines.slice(0, -1).forEach((raw, i) => {
    let e: { event?: unknown; file?: unknown; sha256?: unknown };
    try {
      e = JSON.parse(raw) as typeof e;
    } catch {
      problems.push(t('verify.lineDamaged', { file: rel, line: i + 1 }));
      return;
    }
    const key = `${String(e.event)}|${String(e.file)}|${String(e.sha256)}`;
    const left = audited.get(key) ?? 0;
    audited.set(key, left - 1);
    if (left <= 0) {
      problems.push(t('verify.eventNoAudit', { file: rel, line: i + 1, event: String(e.event), pkg: String(e.file) }));
    }
  });
}
