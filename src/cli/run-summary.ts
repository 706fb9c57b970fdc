/** The end-of-run summary and `siprint status`, as operators read them. Counts only, no personal data. */
import path from 'node:path';
import { daysUntil } from '../domain/dates';
import type { RunStatus, RunSummary } from '../pipeline';
import { t } from '../i18n';
import { deliveryLines } from './delivery-options';

const n = (x: number) => x.toLocaleString('en-US');
const RED = '\u001b[31m';
const RESET = '\u001b[0m';

function perReason(m: Record<string, number>): string {
  const entries = Object.entries(m).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return entries.length ? entries.map(([k, v]) => `${k} ${n(v)}`).join(', ') : 'none';
}

function perBatch(m: Record<string, number>): string {
  return Object.entries(m).map(([b, v]) => `${b} ${n(v)}`).join(', ') || 'none';
}

function dayWord(d: number): string {
  return d >= 0 ? `${n(d)} day${d === 1 ? '' : 's'} left` : `${n(-d)} day${d === -1 ? '' : 's'} ago`;
}

/** Deadline lines, red when the hand-off date has passed (or the run finished after it). */
function deadlineLines(x: { deadline: string; handoffBy: string; late?: boolean }, now: Date, color: boolean): string[] {
  const toDeadline = daysUntil(x.deadline, now);
  const toHandoff = daysUntil(x.handoffBy, now);
  const late = toHandoff < 0 || x.late === true;
  const paint = (s: string) => (late && color ? `${RED}${s}${RESET}` : s);
  const lines = [`deadline ${x.deadline} (${dayWord(toDeadline)}); hand-off to the print house by ${x.handoffBy} (${dayWord(toHandoff)})`];
  if (late) lines.push(`LATE: the hand-off date ${x.handoffBy} has passed: statements may not be delivered by ${x.deadline}`);
  return lines.map(paint);
}

export function formatRunSummary(s: RunSummary, now: Date, color: boolean): string {
  const c = s.counts;
  const byBatch = perBatch(c.byBatch);
  const out = [
    `run ${s.runId} (${s.mode} ${s.year}) done`,
    `  records ${n(c.input)}: printed ${n(c.printed)}, ${t('outcome.electronic')} ${n(c.electronic ?? 0)}, held ${n(c.exceptions)}, suppressed ${n(c.suppressed)}${c.outOfScope ? `, out of scope ${n(c.outOfScope)}` : ''}; to guardians ${n(c.guardianAddressed)}`,
    `  statements per batch: ${byBatch} (${n(c.pieces)} statements, ${n(s.sheets)} sheets)`,
    ...(c.electronic ? [`  ${t('outcome.electronic')} per batch: ${perBatch(c.electronicByBatch ?? {})} (one PDF each, print/${s.runId}-EL-*.zip)`] : []),
    `  held per reason: ${perReason(c.heldByReason)}`,
    `  suppressed: ${perReason(c.suppressedByReason)}`,
    ...deadlineLines(s, now, color).map((l) => `  ${l}`),
    `  packages: ${n(s.packages.length)} in ${path.join(s.runDir, 'print')}`,
    `  manifest: ${path.join(s.runDir, 'manifest.json')}; exceptions: ${path.join(s.runDir, 'exceptions.jsonl')}`,
  ];
  return `${out.join('\n')}\n`;
}

export function formatRunStatus(st: RunStatus, now: Date, color: boolean): string {
  const out = [
    `run ${st.runId} (${st.mode} ${st.year}): ${st.stage}`,
    `  ingest: ${st.ingest.done ? 'done' : 'not finished'}, ${n(st.ingest.records)} records read${!st.ingest.done && st.ingest.totalBytes ? ` (${Math.floor((100 * st.ingest.bytesRead) / st.ingest.totalBytes)}%)` : ''}, ${n(st.ingest.exceptionsSoFar)} held or suppressed so far`,
    `  parts: ${n(st.parts.total)} total, ${n(st.parts.rendered)} rendered, ${n(st.parts.packaged)} packaged${st.finalized ? ', run finalized' : ''}`,
  ];
  if (st.counts) {
    const c = st.counts;
    out.push(`  statements per batch: ${perBatch(c.byBatch)}`);
    if (c.electronic) out.push(`  ${t('outcome.electronic')}: ${n(c.electronic)} records (${perBatch(c.electronicByBatch ?? {})})`);
    out.push(`  held per reason: ${perReason(c.heldByReason)}; suppressed: ${perReason(c.suppressedByReason)}`);
  }
  if (st.release) {
    out.push(
      st.release.status === 'released'
        ? `  release: released by ${st.release.approvedBy ?? '?'} (started by ${st.release.startedBy})`
        : `  release: PENDING approval, packages not for the print house yet (started by ${st.release.startedBy}; siprint release ${st.runDir} --approved-by OTHER_OPERATOR)`,
    );
  }
  if (st.delivery) out.push(...deliveryLines(st.delivery).map((l) => `  ${l}`));
  out.push(...deadlineLines(st, now, color).map((l) => `  ${l}`));
  out.push(`  run directory: ${st.runDir}`);
  return `${out.join('\n')}\n`;
}
