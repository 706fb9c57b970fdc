/** The dashboard's own pages (pure HTML strings; refreshed by the browser every 5 s, no script). */
import type { RunStatus } from '../pipeline/state';
import type { QueueRunStatus } from '../queue/run-via-queue';
import { currentLang, formatDay, formatDaysLeft, rejectionReason, runLang, tFor, type Lang } from '../i18n';
import type { DeliveryView } from '../run-dir/delivery';
import { esc, fmt } from '../report/svg';
import { trackingSection } from '../report/tracking';
import { chinaDate } from '../domain/dates';

export interface RunView {
  runId: string;
  runDir: string;
  queue?: QueueRunStatus;
  dir?: RunStatus;
}

/**
 * Time left until the end of `date` in China (deadlines are China dates, due by 24:00 UTC+8): to the
 * minute within a week, in whole days beyond ("259 days ago", 「已过期 259 天」).
 */
export function countdown(date: string, now: Date, lang: Lang = 'en'): { ms: number; text: string } {
  const ms = Date.parse(`${date}T00:00:00+08:00`) + 86_400_000 - now.getTime();
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  if (d >= 7) return { ms, text: formatDaysLeft(ms >= 0 ? d : -d, lang) };
  const span = { d, h: String(Math.floor((abs % 86_400_000) / 3_600_000)).padStart(2, '0'), m: String(Math.floor((abs % 3_600_000) / 60_000)).padStart(2, '0') };
  return { ms, text: tFor(lang)(ms >= 0 ? 'dash.spanLeft' : 'dash.spanAgo', span) };
}

function bar(label: string, done: number, total: number, id: string): string {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return `<div class="bar"><div class="lbl">${esc(label)}</div><div class="track"><div class="fill" style="width:${pct}%"></div></div><div class="num" data-progress="${esc(id)}">${fmt(done)} / ${fmt(total)} (${pct}%)</div></div>`;
}

function stateOf(v: RunView, lang: Lang): string {
  const t = tFor(lang);
  if (v.queue?.state === 'failed') return t('dash.failedState');
  if (v.dir?.stage === 'done' || v.queue?.state === 'completed') return t('stage.done');
  if (v.dir) return t(`stage.${v.dir.stage}` as const);
  const q = v.queue?.state;
  return q === 'ingesting' ? t('stage.ingesting') : q === 'waiting' ? t('dash.waiting') : q === 'processing' ? t('dash.processing') : t('dash.unknown');
}

const CSS = `body{font-family:"Noto Sans SC","Microsoft YaHei","Droid Sans Fallback",system-ui,sans-serif;margin:0 auto;max-width:900px;padding:20px;color:#1a202c;font-size:14px}
h1{font-size:20px}a{color:#1f5f99}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d9dee5;padding:5px 6px;text-align:left}th{font-size:12px;color:#5a6472}
.bar{display:grid;grid-template-columns:140px 1fr 170px;gap:10px;align-items:center;margin:8px 0}.track{background:#e8ecf1;border-radius:4px;height:14px}.fill{background:#1f5f99;height:14px;border-radius:4px}
.num{font-variant-numeric:tabular-nums}.cd{font-size:22px;font-weight:600}.late{color:#9b2c2c}.ok{color:#22663f}.muted{color:#5a6472}
.cards{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin:14px 0}.card{border:1px solid #d9dee5;border-radius:6px;padding:10px}`;

function shell(title: string, body: string, lang: Lang): string {
  const t = tFor(lang);
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${CSS}</style></head><body>${body}<p class="muted">${esc(t('dash.footer'))} · <a href="/">${esc(t('dash.runs'))}</a> · <a href="/queues">${esc(t('dash.queue'))}</a></p></body></html>`;
}

/** Each package at the print house: the counts per state, the overdue and rejected ones named. */
function deliveryBlock(d: DeliveryView, lang: Lang): string {
  const t = tFor(lang);
  const c = d.counts;
  const onHost = c.delivered + c.acknowledged + c.rejected;
  const overdue = d.overdue.length ? `<p class="late" data-overdue>${esc(t('delivery.overdue', { hours: d.ackWithinHours, files: d.overdue.join(', ') }))}</p>` : '';
  const rows = d.packages
    .map((p) => {
      const tone = p.state === 'rejected' || p.overdue ? 'late' : p.state === 'acknowledged' ? 'ok' : '';
      return `<tr><td>${esc(p.file)}</td><td class="${tone}" data-delivery="${esc(p.file)}" data-state="${p.state}">${esc(t(`state.${p.state}`))}</td><td>${esc(p.deliveredAt?.slice(0, 16).replace('T', ' ') ?? '—')}</td><td>${esc(p.reason !== undefined ? rejectionReason(p.reason, lang) : p.overdue ? t('report.overdueNote', { hours: d.ackWithinHours }) : '')}</td></tr>`;
    })
    .join('');
  return `<h2>${esc(t('report.delivery'))}</h2>${bar(t('state.delivered'), onHost, d.packages.length, 'delivered')}${bar(t('state.acknowledged'), c.acknowledged, d.packages.length, 'acknowledged')}
${overdue}<table><thead><tr><th>${esc(t('report.package'))}</th><th>${esc(t('report.state'))}</th><th>${esc(t('dash.deliveredOn'))}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A run's page, in the run's language (run.json) unless the dashboard was started with --lang or ?lang= asks. */
export function runPage(v: RunView, now: Date, lang: Lang = runLang(v.dir?.lang)): string {
  const t = tFor(lang);
  const d = v.dir;
  const q = v.queue;
  const parts = d?.parts.total || q?.parts || 0;
  const rendered = Math.max(d?.parts.rendered ?? 0, q?.rendered ?? 0);
  const packaged = Math.max(d?.parts.packaged ?? 0, q?.packaged ?? 0);
  const ingestDone = d?.ingest.done ?? q?.ingest === 'completed';
  const ingest = ingestDone ? bar(t('dash.ingest'), 1, 1, 'ingest') : bar(t('dash.ingestBytes'), d?.ingest.bytesRead ?? 0, d?.ingest.totalBytes ?? 0, 'ingest');
  // data-countdown names the date in English for machines (and tests); the label is the reader's
  const dates: [string, string, string][] = d ? [['handoff', t('dash.handoff'), d.handoffBy], ['deadline', t('dash.deadline'), d.deadline]] : [];
  const deadlines = d
    ? dates
        .map(([id, label, date]) => {
          const c = countdown(date, now, lang);
          return `<div class="card"><div class="muted">${esc(label)} · ${esc(formatDay(date, lang))}</div><div class="cd ${c.ms >= 0 ? 'ok' : 'late'}" data-countdown="${id}">${esc(c.text)}</div></div>`;
        })
        .join('')
    : `<p class="muted">${esc(t('dash.noDir'))}</p>`;
  const counts = d?.counts
    ? `<p>${esc(t('dash.counts', { input: fmt(d.counts.input), printed: fmt(d.counts.printed), electronic: fmt(d.counts.electronic ?? 0), held: fmt(d.counts.exceptions), suppressed: fmt(d.counts.suppressed), pieces: fmt(d.counts.pieces) }))}</p>`
    : d
      ? `<p>${esc(t('dash.soFar', { records: fmt(d.ingest.records), held: fmt(d.ingest.exceptionsSoFar) }))}</p>`
      : '';
  const failure = q?.failure ? `<p class="late">${esc(t('dash.failed', { failure: q.failure }))}</p>` : '';
  const body = `<h1>${esc(t('dash.runTitle', { runId: v.runId }))} <span class="muted">· ${esc(stateOf(v, lang))}</span></h1>
<p class="muted">${d ? esc(t('dash.meta', { mode: d.mode, year: d.year, printDate: formatDay(d.printDate, lang) })) : ''}${esc(v.runDir)}</p>
<div class="cards">${deadlines}</div>
${ingest}${bar(t('dash.rendered'), rendered, parts, 'rendered')}${bar(t('dash.packaged'), packaged, parts, 'packaged')}
${counts}${failure}${d?.delivery ? deliveryBlock(d.delivery, lang) : ''}${d?.tracking ? `<h2>${esc(t('report.tracking'))}</h2>${trackingSection(d.tracking, { deadline: d.deadline, today: chinaDate(now) }, lang)}` : ''}`;
  return shell(`siprint ${t('dash.runTitle', { runId: v.runId })}`, body, lang);
}

/** The list of runs, in the dashboard's language (--lang, SIPRINT_LANG, the locale; or ?lang=). */
export function runsPage(runs: RunView[], now: Date, lang: Lang = currentLang()): string {
  const t = tFor(lang);
  const rows = runs
    .map((v) => {
      const parts = v.dir?.parts.total || v.queue?.parts || 0;
      const packaged = Math.max(v.dir?.parts.packaged ?? 0, v.queue?.packaged ?? 0);
      const hand = v.dir ? countdown(v.dir.handoffBy, now, lang) : undefined;
      return `<tr><td><a href="/runs/${encodeURIComponent(v.runId)}">${esc(v.runId)}</a></td><td>${esc(stateOf(v, lang))}</td><td>${fmt(packaged)} / ${fmt(parts)}</td><td class="${hand && hand.ms < 0 ? 'late' : ''}">${hand ? `${esc(formatDay(v.dir?.handoffBy ?? '', lang))} ${lang === 'zh-CN' ? `（${esc(hand.text)}）` : `(${esc(hand.text)})`}` : '—'}</td></tr>`;
    })
    .join('');
  const head = ['dash.run', 'dash.state', 'dash.packages', 'dash.handoffShort'] as const;
  const body = `<h1>${esc(t('dash.runsTitle'))}</h1>${runs.length ? `<table><thead><tr>${head.map((k) => `<th>${esc(t(k))}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>` : `<p>${esc(t('dash.noRuns'))}</p>`}`;
  return shell(t('dash.runsTitle'), body, lang);
}
