/** The end-of-run summary and `siprint status`, as operators read them. Counts only, no personal data. */
import path from 'node:path';
import { daysUntil } from '../domain/dates';
import { formatCount as n, formatDay, formatDaysLeft, runLang, tIn, type Lang } from '../i18n';
import type { RunStatus, RunSummary } from '../pipeline';
import { deliveryLines } from './delivery-options';
import { trackingLines } from './tracking-lines';

const RED = '\u001b[31m';
const RESET = '\u001b[0m';

/** "INVALID_SSN 3, DUPLICATE_SSN 1" (codes stay English), most first; "none" / "无". */
function perCode(m: Record<string, number>, lang: Lang): string {
  const entries = Object.entries(m).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return entries.length ? entries.map(([k, v]) => `${k} ${n(v)}`).join(tIn(lang, 'run.listSep')) : tIn(lang, 'run.none');
}

/** The electronic statements' line (none in a run without them). */
function electronicLine(c: RunSummary['counts'], runId: string, lang: Lang): string[] {
  if (!c.electronic) return [];
  return [`  ${tIn(lang, 'run.electronicPerBatch', { n: n(c.electronic), batches: perCode(c.electronicByBatch ?? {}, lang), files: `print/${runId}-EL-*.zip` })}`];
}

/** The warnings' line (none in a run without them): printed all the same, listed for the core system. */
function warningsLine(c: RunSummary['counts'], runDir: string, lang: Lang): string[] {
  if (!c.warnings) return [];
  return [`  ${tIn(lang, 'run.warnings', { n: n(c.warnings), list: perCode(c.warningsByCode ?? {}, lang), file: path.join(runDir, 'warnings.jsonl') })}`];
}

/** Deadline lines, red when the hand-off date has passed (or the run finished after it). */
function deadlineLines(x: { deadline: string; handoffBy: string; late?: boolean }, now: Date, color: boolean, lang: Lang): string[] {
  const late = daysUntil(x.handoffBy, now) < 0 || x.late === true;
  const paint = (s: string) => (late && color ? `${RED}${s}${RESET}` : s);
  const [deadline, handoffBy] = [formatDay(x.deadline, lang), formatDay(x.handoffBy, lang)];
  const lines = [
    tIn(lang, 'run.deadline', { deadline, handoffBy, deadlineIn: formatDaysLeft(daysUntil(x.deadline, now), lang), handoffIn: formatDaysLeft(daysUntil(x.handoffBy, now), lang) }),
  ];
  if (late) lines.push(tIn(lang, 'run.late', { handoffBy, deadline }));
  return lines.map(paint);
}

/** The balance: input = printed + electronic + held + suppressed (+ out of scope), the same line as the summary's. */
function balanceLine(c: RunSummary['counts'], lang: Lang): string {
  return tIn(lang, 'run.records', { input: n(c.input), printed: n(c.printed), electronic: n(c.electronic ?? 0), held: n(c.exceptions), suppressed: n(c.suppressed), ...(c.outOfScope ? { outOfScope: n(c.outOfScope) } : {}), guardians: n(c.guardianAddressed) });
}

/** In the run's language (run.json), unless --lang asked for another. */
export function formatRunSummary(s: RunSummary, now: Date, color: boolean, lang: Lang = runLang(s.lang)): string {
  const c = s.counts;
  const out = [
    tIn(lang, 'run.done', s),
    `  ${balanceLine(c, lang)}`,
    `  ${tIn(lang, 'run.perBatch', { batches: perCode(c.byBatch, lang), pieces: n(c.pieces), sheets: n(s.sheets) })}`,
    ...electronicLine(c, s.runId, lang),
    `  ${tIn(lang, 'run.heldPerReason', { list: perCode(c.heldByReason, lang) })}`,
    `  ${tIn(lang, 'run.suppressedPerReason', { list: perCode(c.suppressedByReason, lang) })}`,
    ...warningsLine(c, s.runDir, lang),
    ...deadlineLines(s, now, color, lang).map((l) => `  ${l}`),
    `  ${tIn(lang, 'run.packages', { n: n(s.packages.length), dir: path.join(s.runDir, 'print') })}`,
    `  ${tIn(lang, 'run.files', { manifest: path.join(s.runDir, 'manifest.json'), exceptions: path.join(s.runDir, 'exceptions.jsonl') })}`,
  ];
  return `${out.join('\n')}\n`;
}

export function formatRunStatus(st: RunStatus, now: Date, color: boolean, lang: Lang = runLang(st.lang)): string {
  const ing = st.ingest;
  const out = [
    tIn(lang, 'status.head', { ...st, stage: tIn(lang, `stage.${st.stage}` as const) }),
    ...(st.purged ? [`  ${tIn(lang, 'status.purged', { on: formatDay(st.purged.on.slice(0, 10), lang) })}`] : []),
    `  ${tIn(lang, 'status.ingest', { done: ing.done, records: n(ing.records), soFar: n(ing.exceptionsSoFar), ...(!ing.done && ing.totalBytes ? { pct: Math.floor((100 * ing.bytesRead) / ing.totalBytes) } : {}) })}`,
    `  ${tIn(lang, 'status.parts', { total: n(st.parts.total), rendered: n(st.parts.rendered), packaged: n(st.parts.packaged), finalized: st.finalized })}`,
  ];
  if (st.counts) {
    const c = st.counts;
    out.push(`  ${balanceLine(c, lang)}`);
    out.push(`  ${tIn(lang, 'run.perBatchOnly', { batches: perCode(c.byBatch, lang) })}`);
    out.push(...electronicLine(c, st.runId, lang));
    out.push(`  ${tIn(lang, 'status.perReason', { held: perCode(c.heldByReason, lang), suppressed: perCode(c.suppressedByReason, lang) })}`);
    out.push(...warningsLine(c, st.runDir, lang));
  }
  if (st.release) {
    out.push(
      `  ${st.release.status === 'released'
        ? tIn(lang, 'status.released', { approvedBy: st.release.approvedBy ?? '?', startedBy: st.release.startedBy })
        : tIn(lang, 'status.pending', { startedBy: st.release.startedBy, runDir: st.runDir })}`,
    );
  }
  if (st.delivery) out.push(...deliveryLines(st.delivery, lang).map((l) => `  ${l}`));
  if (st.tracking) out.push(...trackingLines(st.tracking, lang).map((l) => `  ${l}`));
  out.push(...deadlineLines(st, now, color, lang).map((l) => `  ${l}`));
  out.push(`  ${tIn(lang, 'status.runDir', { runDir: st.runDir })}`);
  return `${out.join('\n')}\n`;
}
