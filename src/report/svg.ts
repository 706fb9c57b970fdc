/**
 * Hand-written inline SVG charts for the run report: no library, no script, no network, so the page
 * opens offline and prints the same. Every text goes through `esc`.
 */
import { formatDuration, type Lang } from '../i18n';

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export const fmt = (n: number): string => n.toLocaleString('en-US');

const PALETTE = ['#1f5f99', '#c0392b', '#2e8b57', '#b7791f', '#6b46c1', '#2c7a7b', '#9b2c2c', '#4a5568'];

export interface Bar {
  label: string;
  value: number;
  /** Colour index into the palette (default 0). */
  tone?: number;
}

/** Horizontal bars, one row each, the value written at the end of the bar. */
export function barChart(title: string, rows: Bar[], opts: { width?: number; labelWidth?: number; unit?: string } = {}): string {
  const width = opts.width ?? 640;
  const labelW = opts.labelWidth ?? 170;
  const valueW = 90;
  const rowH = 22;
  const top = 6;
  const h = top + Math.max(1, rows.length) * rowH + 6;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const barMax = width - labelW - valueW;
  const body = rows.length
    ? rows
        .map((r, i) => {
          const y = top + i * rowH;
          const w = r.value > 0 ? Math.max(1, Math.round((r.value / max) * barMax)) : 0;
          const unit = opts.unit ? ` ${opts.unit}` : '';
          return (
            `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="lbl">${esc(r.label)}</text>` +
            `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 7}" rx="2" fill="${PALETTE[(r.tone ?? 0) % PALETTE.length]}"><title>${esc(r.label)}: ${fmt(r.value)}${esc(unit)}</title></rect>` +
            `<text x="${labelW + w + 6}" y="${y + 15}" class="val">${fmt(r.value)}${esc(unit)}</text>`
          );
        })
        .join('')
    : `<text x="${labelW}" y="${top + 15}" class="lbl">none</text>`;
  return `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title>${body}</svg>`;
}

export interface Span {
  label: string;
  /** Seconds from the run's start. */
  start: number;
  end: number;
  note: string;
}

/** A Gantt strip: one row per stage on a shared time axis (seconds from the run's start). */
export function ganttChart(title: string, spans: Span[], opts: { width?: number; lang?: Lang } = {}): string {
  const width = opts.width ?? 640;
  const labelW = 110;
  const rowH = 26;
  const axisH = 22;
  const plotW = width - labelW - 20;
  const total = Math.max(1, ...spans.map((s) => s.end));
  const x = (t: number) => labelW + (t / total) * plotW;
  const h = spans.length * rowH + axisH + 4;
  const rows = spans
    .map((s, i) => {
      const y = i * rowH;
      const w = Math.max(2, x(s.end) - x(s.start));
      return (
        `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end" class="lbl">${esc(s.label)}</text>` +
        `<rect x="${x(s.start).toFixed(1)}" y="${y + 5}" width="${w.toFixed(1)}" height="${rowH - 10}" rx="2" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(s.label)}: ${esc(s.note)}</title></rect>`
      );
    })
    .join('');
  const ticks: string[] = [];
  const step = niceStep(total / 5);
  for (let t = 0; t <= total + 1e-9; t += step) {
    const tx = x(t).toFixed(1);
    const y = spans.length * rowH;
    ticks.push(`<line x1="${tx}" y1="0" x2="${tx}" y2="${y + 4}" class="grid"/><text x="${tx}" y="${y + 17}" text-anchor="middle" class="tick">${esc(duration(t, opts.lang))}</text>`);
  }
  return `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title>${ticks.join('')}${rows}</svg>`;
}

function niceStep(raw: number): number {
  const candidates = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400];
  return candidates.find((c) => c >= raw) ?? Math.ceil(raw / 86400) * 86400;
}

/** 75 → "1m15s"; 4000 → "1h06m" (in Chinese 1分15秒, 1小时06分). */
export function duration(seconds: number, lang: Lang = 'en'): string {
  return formatDuration(seconds, lang);
}

export interface Milestone {
  date: string; // YYYY-MM-DD
  label: string;
  kind: 'info' | 'run' | 'handoff' | 'deadline';
}

const DAY = 86_400_000;
const dayOf = (d: string) => Date.parse(`${d}T00:00:00Z`);

/**
 * The calendar from the close of the business year to the statutory deadline (or later, if the run
 * ran late): milestones as flags, the span after the hand-off date shaded as the print house's time.
 */
export function timelineChart(
  title: string,
  milestones: Milestone[],
  opts: { width?: number; from: string; to: string; handoffBy: string; deadline: string; leadTime?: string; day?: (iso: string) => string },
): string {
  const day = opts.day ?? ((d: string) => d);
  const width = opts.width ?? 640;
  const pad = 16;
  const from = Math.min(dayOf(opts.from), ...milestones.map((m) => dayOf(m.date)));
  const to = Math.max(dayOf(opts.to), ...milestones.map((m) => dayOf(m.date))) + DAY;
  const x = (d: number) => pad + ((d - from) / (to - from)) * (width - 2 * pad);
  const axisY = 40 + milestones.length * 16;
  const h = axisY + 30;
  const colour = { info: '#4a5568', run: '#1f5f99', handoff: '#b7791f', deadline: '#c0392b' } as const;
  const shade = `<rect x="${x(dayOf(opts.handoffBy)).toFixed(1)}" y="${axisY - 10}" width="${(x(dayOf(opts.deadline) + DAY) - x(dayOf(opts.handoffBy))).toFixed(1)}" height="10" fill="#f6e0b5"><title>${esc(opts.leadTime ?? 'print house lead time')}: ${esc(day(opts.handoffBy))} → ${esc(day(opts.deadline))}</title></rect>`;
  const months: string[] = [];
  for (let d = new Date(from); d.getTime() < to; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    if (first < from) continue;
    const mx = x(first).toFixed(1);
    months.push(`<line x1="${mx}" y1="${axisY}" x2="${mx}" y2="${axisY + 5}" class="axis"/><text x="${mx}" y="${axisY + 18}" text-anchor="middle" class="tick">${new Date(first).toISOString().slice(0, 7)}</text>`);
  }
  const sorted = [...milestones].sort((a, b) => dayOf(a.date) - dayOf(b.date));
  const flags = sorted
    .map((m, i) => {
      const mx = x(dayOf(m.date) + DAY / 2);
      const y = 14 + i * 16;
      // labels on the right half are drawn leftwards so they stay inside the chart
      const right = mx > width * 0.6;
      return (
        `<line x1="${mx.toFixed(1)}" y1="${y + 3}" x2="${mx.toFixed(1)}" y2="${axisY}" stroke="${colour[m.kind]}" stroke-width="${m.kind === 'info' ? 1 : 2}"/>` +
        `<circle cx="${mx.toFixed(1)}" cy="${axisY}" r="3.5" fill="${colour[m.kind]}"/>` +
        `<text x="${(mx + (right ? -5 : 5)).toFixed(1)}" y="${y + 4}" text-anchor="${right ? 'end' : 'start'}" class="lbl" fill="${colour[m.kind]}">${esc(day(m.date))} ${esc(m.label)}</text>`
      );
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title>${shade}<line x1="${pad}" y1="${axisY}" x2="${width - pad}" y2="${axisY}" class="axis"/>${months.join('')}${flags}</svg>`;
}
