/** The dashboard's own pages (pure HTML strings; refreshed by the browser every 5 s, no script). */
import type { RunStatus } from '../pipeline/state';
import type { QueueRunStatus } from '../queue/run-via-queue';
import { t } from '../i18n';
import type { DeliveryView } from '../run-dir/delivery';
import { esc, fmt } from '../report/svg';

export interface RunView {
  runId: string;
  runDir: string;
  queue?: QueueRunStatus;
  dir?: RunStatus;
}

/** Time left until the end of `date` in China (deadlines are China dates, due by 24:00 UTC+8). */
export function countdown(date: string, now: Date): { ms: number; text: string } {
  const ms = Date.parse(`${date}T00:00:00+08:00`) + 86_400_000 - now.getTime();
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = `${d} d ${String(h).padStart(2, '0')} h ${String(m).padStart(2, '0')} min`;
  return { ms, text: ms >= 0 ? `${span} left` : `passed ${span} ago` };
}

function bar(label: string, done: number, total: number, id: string): string {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return `<div class="bar"><div class="lbl">${esc(label)}</div><div class="track"><div class="fill" style="width:${pct}%"></div></div><div class="num" data-progress="${esc(id)}">${fmt(done)} / ${fmt(total)} (${pct}%)</div></div>`;
}

function stateOf(v: RunView): string {
  if (v.queue?.state === 'failed') return 'failed';
  if (v.dir?.stage === 'done' || v.queue?.state === 'completed') return 'done';
  return v.dir?.stage ?? v.queue?.state ?? 'unknown';
}

const CSS = `body{font-family:"Noto Sans SC","Microsoft YaHei","Droid Sans Fallback",system-ui,sans-serif;margin:0 auto;max-width:900px;padding:20px;color:#1a202c;font-size:14px}
h1{font-size:20px}a{color:#1f5f99}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d9dee5;padding:5px 6px;text-align:left}th{font-size:12px;color:#5a6472}
.bar{display:grid;grid-template-columns:140px 1fr 170px;gap:10px;align-items:center;margin:8px 0}.track{background:#e8ecf1;border-radius:4px;height:14px}.fill{background:#1f5f99;height:14px;border-radius:4px}
.num{font-variant-numeric:tabular-nums}.cd{font-size:22px;font-weight:600}.late{color:#9b2c2c}.ok{color:#22663f}.muted{color:#5a6472}
.cards{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin:14px 0}.card{border:1px solid #d9dee5;border-radius:6px;padding:10px}`;

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${CSS}</style></head><body>${body}<p class="muted">Refreshes every 5 s · <a href="/">runs</a> · <a href="/queues">queue (bull-board)</a></p></body></html>`;
}

/** Each package at the print house: the counts per state, the overdue and rejected ones named. */
function deliveryBlock(d: DeliveryView): string {
  const c = d.counts;
  const onHost = c.delivered + c.acknowledged + c.rejected;
  const overdue = d.overdue.length ? `<p class="late" data-overdue>${esc(t('delivery.overdue', { hours: d.ackWithinHours, files: d.overdue.join(', ') }))}</p>` : '';
  const rows = d.packages
    .map((p) => {
      const tone = p.state === 'rejected' || p.overdue ? 'late' : p.state === 'acknowledged' ? 'ok' : '';
      return `<tr><td>${esc(p.file)}</td><td class="${tone}" data-delivery="${esc(p.file)}" data-state="${p.state}">${esc(t(`state.${p.state}`))}</td><td>${esc(p.deliveredAt?.slice(0, 16).replace('T', ' ') ?? '—')}</td><td>${esc(p.reason ?? (p.overdue ? t('report.overdueNote', { hours: d.ackWithinHours }) : ''))}</td></tr>`;
    })
    .join('');
  return `<h2>${esc(t('report.delivery'))}</h2>${bar(t('state.delivered'), onHost, d.packages.length, 'delivered')}${bar(t('state.acknowledged'), c.acknowledged, d.packages.length, 'acknowledged')}
${overdue}<table><thead><tr><th>${esc(t('report.package'))}</th><th>${esc(t('report.state'))}</th><th>${esc(t('report.deliveredOn'))} (UTC)</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function runPage(v: RunView, now: Date): string {
  const d = v.dir;
  const q = v.queue;
  const parts = d?.parts.total || q?.parts || 0;
  const rendered = Math.max(d?.parts.rendered ?? 0, q?.rendered ?? 0);
  const packaged = Math.max(d?.parts.packaged ?? 0, q?.packaged ?? 0);
  const ingestDone = d?.ingest.done ?? q?.ingest === 'completed';
  const ingest = ingestDone ? bar('ingest', 1, 1, 'ingest') : bar('ingest (bytes)', d?.ingest.bytesRead ?? 0, d?.ingest.totalBytes ?? 0, 'ingest');
  const deadlines = d
    ? [
        ['hand-off to the print house', d.handoffBy],
        ['statutory deadline (delivered)', d.deadline],
      ]
        .map(([label, date]) => {
          const c = countdown(date ?? '', now);
          return `<div class="card"><div class="muted">${esc(label ?? '')} · ${esc(date ?? '')}</div><div class="cd ${c.ms >= 0 ? 'ok' : 'late'}" data-countdown="${esc(label ?? '')}">${esc(c.text)}</div></div>`;
        })
        .join('')
    : '<p class="muted">The run directory is not readable from this machine: deadlines unknown.</p>';
  const counts = d?.counts
    ? `<p>records ${fmt(d.counts.input)} · printed ${fmt(d.counts.printed)} · ${esc(t('outcome.electronic'))} ${fmt(d.counts.electronic ?? 0)} · held ${fmt(d.counts.exceptions)} · suppressed ${fmt(d.counts.suppressed)} · statements ${fmt(d.counts.pieces)}</p>`
    : d
      ? `<p>records read so far ${fmt(d.ingest.records)} · held so far ${fmt(d.ingest.exceptionsSoFar)}</p>`
      : '';
  const failure = q?.failure ? `<p class="late">failed: ${esc(q.failure)}</p>` : '';
  const body = `<h1>run ${esc(v.runId)} <span class="muted">· ${esc(stateOf(v))}</span></h1>
<p class="muted">${d ? `${esc(d.mode)} ${d.year} · print date ${esc(d.printDate)} · ` : ''}${esc(v.runDir)}</p>
<div class="cards">${deadlines}</div>
${ingest}${bar('parts rendered', rendered, parts, 'rendered')}${bar('packages sealed', packaged, parts, 'packaged')}
${counts}${failure}${d?.delivery ? deliveryBlock(d.delivery) : ''}`;
  return shell(`siprint run ${v.runId}`, body);
}

export function runsPage(runs: RunView[], now: Date): string {
  const rows = runs
    .map((v) => {
      const parts = v.dir?.parts.total || v.queue?.parts || 0;
      const packaged = Math.max(v.dir?.parts.packaged ?? 0, v.queue?.packaged ?? 0);
      const hand = v.dir ? countdown(v.dir.handoffBy, now) : undefined;
      return `<tr><td><a href="/runs/${encodeURIComponent(v.runId)}">${esc(v.runId)}</a></td><td>${esc(stateOf(v))}</td><td>${fmt(packaged)} / ${fmt(parts)}</td><td class="${hand && hand.ms < 0 ? 'late' : ''}">${hand ? `${esc(v.dir?.handoffBy ?? '')} (${esc(hand.text)})` : '—'}</td></tr>`;
    })
    .join('');
  const body = `<h1>siprint runs</h1>${runs.length ? `<table><thead><tr><th>run</th><th>state</th><th>packages</th><th>hand-off</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No run in this queue yet.</p>'}`;
  return shell('siprint runs', body);
}
