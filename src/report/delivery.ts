/**
 * The report's hand-off section: each package's state on the print house's side, against the
 * hand-off date and the 31 March deadline (docs/delivery.md §1–2). Pure, like the rest of the page.
 */
import { chinaDate, daysBetween } from '../domain/dates';
import { formatDay, rejectionReason, tFor, type Lang } from '../i18n';
import { esc, fmt } from './svg';

export type ReportPackageState = 'sealed' | 'released' | 'delivered' | 'acknowledged' | 'rejected';

export interface ReportDelivery {
  ackWithinHours: number;
  packages: { file: string; state: ReportPackageState; deliveredAt?: string; answeredAt?: string; reason?: string; overdue?: boolean }[];
  overdue: string[];
}

const day = (iso: string | undefined, lang: Lang = 'en') => (iso ? formatDay(chinaDate(new Date(Date.parse(iso))), lang) : '—');


/** The last delivery day (China), when every package is on the host. */
export function lastDeliveryDay(d: ReportDelivery): string | undefined {
  if (!d.packages.length || d.packages.some((p) => !p.deliveredAt)) return undefined;
  return d.packages.map((p) => day(p.deliveredAt)).sort().at(-1);
}

export function deliverySection(d: ReportDelivery, dates: { handoffBy: string; deadline: string; today: string }, lang: Lang): string {
  const t = tFor(lang);
  const d2 = (iso: string) => formatDay(iso, lang);
  const onHost = d.packages.filter((p) => p.deliveredAt).length;
  const last = lastDeliveryDay(d);
  const verdict = last
    ? daysBetween(last, dates.handoffBy) >= 0
      ? `<p class="good">${esc(t('report.deliveredOnTime', { n: d.packages.length, last: d2(last), days: daysBetween(last, dates.handoffBy), handoffBy: d2(dates.handoffBy) }))}</p>`
      : `<p class="bad">${esc(t('report.deliveredLate', { n: d.packages.length, last: d2(last), days: -daysBetween(last, dates.handoffBy), handoffBy: d2(dates.handoffBy), deadline: d2(dates.deadline) }))}</p>`
    : `<p class="${daysBetween(dates.today, dates.handoffBy) >= 0 ? '' : 'bad'}">${esc(t('report.notAllDelivered', { done: onHost, n: d.packages.length, handoffBy: d2(dates.handoffBy), days: daysBetween(dates.today, dates.handoffBy) }))}</p>`;
  const overdue = d.overdue.length ? `<p class="bad">${esc(t('delivery.overdue', { hours: d.ackWithinHours, files: d.overdue.join(', ') }))}</p>` : '';
  const rows = d.packages
    .map((p) => {
      const note = p.reason !== undefined ? rejectionReason(p.reason, lang) : (p.overdue ? t('report.overdueNote', { hours: d.ackWithinHours }) : '');
      const tone = p.state === 'rejected' || p.overdue ? 'bad' : p.state === 'acknowledged' ? 'good' : '';
      return `<tr><td><code>${esc(p.file)}</code></td><td class="${tone}" data-delivery="${esc(p.file)}" data-state="${p.state}">${esc(t(`state.${p.state}`))}</td><td>${esc(day(p.deliveredAt, lang))}</td><td>${esc(day(p.answeredAt, lang))}</td><td>${esc(note)}</td></tr>`;
    })
    .join('');
  return `${verdict}${overdue}<p>${esc(t('delivery.summary', { delivered: onHost, total: d.packages.length, acknowledged: count(d, 'acknowledged'), rejected: count(d, 'rejected'), sealed: count(d, 'sealed') }))}</p>
<table><thead><tr><th>${esc(t('report.package'))}</th><th>${esc(t('report.state'))}</th><th>${esc(t('report.deliveredOn'))}</th><th>${esc(t('report.answeredOn'))}</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<p class="muted">${esc(t('report.deliveryFiles', { packages: fmt(d.packages.length) }))}</p>`;
}

const count = (d: ReportDelivery, s: ReportPackageState) => d.packages.filter((p) => p.state === s).length;
