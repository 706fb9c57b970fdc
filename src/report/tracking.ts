/**
 * The report's (and the dashboard's) last-mile section: every mailed piece's state per batch as a
 * funnel — at the print house, produced, dispatched, returned, with what fell out on the way (failed,
 * being made up, unreported) — and the days left to the dispatch date and the 31 March deadline
 * (docs/delivery.md §3–6). Pure: the fold over tracking/pieces.bin is run-dir/tracking-view.ts.
 */
import { daysBetween } from '../domain/dates';
import { PIECE_STATES, type PieceState, type TrackingView } from '../domain/piece-state';
import { formatDay, formatDaysLeft, tFor, type Lang } from '../i18n';
import { esc, fmt } from './svg';


/** The funnel's steps: pieces that got at least this far (a returned piece was dispatched, and so on). */
export function funnelOf(c: Record<PieceState, number>) {
  const total = PIECE_STATES.reduce((a, s) => a + c[s], 0);
  return {
    total,
    atPrintHouse: total - c.notDelivered,
    produced: c.produced + c.dispatched + c.returned,
    dispatched: c.dispatched + c.returned,
    returned: c.returned,
    failed: c.failed,
    madeUp: c.madeUp,
    unreported: c.unreported,
  };
}

const STEPS = ['total', 'atPrintHouse', 'produced', 'dispatched', 'returned', 'failed', 'madeUp', 'unreported'] as const;

export function trackingSection(v: TrackingView, dates: { deadline: string; today: string }, lang: Lang): string {
  const t = tFor(lang);
  const d2 = (iso: string) => formatDay(iso, lang);
  const rows = [...Object.entries(v.byBatch), [t('report.total'), v.counts] as const].map(([batch, c], i, all) => {
    const f = funnelOf(c);
    const total = i === all.length - 1;
    const cells = STEPS.map((s) => {
      const pct = f.total && s !== 'total' ? ` <span class="muted">${Math.round((100 * f[s]) / f.total)}%</span>` : '';
      const tone = (s === 'failed' || s === 'unreported' || s === 'returned') && f[s] > 0 ? ' class="bad"' : '';
      return `<td${tone} data-funnel="${esc(total ? 'total' : batch)}.${s}">${fmt(f[s])}${pct}</td>`;
    }).join('');
    return `<tr${total ? ' class="total"' : ''}><td>${esc(batch)}</td>${cells}</tr>`;
  });
  const toDeadline = daysBetween(dates.today, dates.deadline);
  const notYet = v.notDispatched.reduce((a, x) => a + x.pieces, 0);
  const list = v.notDispatched.slice(0, 8).map((x) => `${x.file} ${fmt(x.pieces)}`).join(', ') + (v.notDispatched.length > 8 ? ', …' : '');
  const dispatchLine =
    notYet === 0
      ? `<p class="good">${esc(t('tracking.allDispatched', { dispatchBy: d2(v.dispatchBy) }))}</p>`
      : `<p class="${v.atRisk ? 'bad' : ''}" data-at-risk="${v.atRisk}">${esc(t(v.atRisk ? 'tracking.atRisk' : 'tracking.notDispatched', { pieces: fmt(notYet), dispatchBy: d2(v.dispatchBy), days: formatDaysLeft(v.daysLeft, lang), list }))}</p>`;
  return `<p class="${toDeadline >= 0 ? '' : 'bad'}" data-days-left="${toDeadline}">${esc(t('report.daysToDeadline', { deadline: d2(dates.deadline), days: formatDaysLeft(toDeadline, lang), dispatchBy: d2(v.dispatchBy), transitDays: v.transitDays }))}</p>
${dispatchLine}
<table class="funnel"><thead><tr><th>${esc(t('report.batch'))}</th>${STEPS.map((s) => `<th>${esc(t(`funnel.${s}`))}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="muted">${esc(t('report.trackingFiles', { results: v.files.results, makeup: v.files.makeup, dispatch: v.files.dispatch, returns: v.files.returns }))}</p>`;
}
