/**
 * The run report (`report.html`): one self-contained page for the agency's director — no script, no
 * external file, no network — that reads the same on screen, offline and on paper. Pure: everything
 * comes in through `RunReportInput` (collect.ts gathers it from the run directory).
 *
 * Personal data: none but what exceptions.jsonl already shows the operators (record IDs, extract lines
 * and ssns masked to first 6 + last 4). Every figure the manifest also states carries a
 * `data-figure` attribute naming the manifest field, so a test can hold the page to the manifest.
 */
import { addDays, chinaDate, daysBetween } from '../domain/dates';
import { REASON_CODES, SUPPRESSION_CODES, WARNING_CODES } from '../domain/types';
import { deliverySection, lastDeliveryDay, type ReportDelivery } from './delivery';
import type { TrackingView } from '../domain/piece-state';
import { trackingSection } from './tracking';
import { formatDay, tFor, tIn, type Lang, type MessageKey } from '../i18n';
import { barChart, duration, esc, fmt, ganttChart, timelineChart, type Bar, type Milestone, type Span } from './svg';

export type StageName = 'ingest' | 'render' | 'package' | 'finalize';

export interface ReportStage {
  stage: StageName;
  /** ISO times of the stage's first start and last end (parts overlap: this is the wall-clock window). */
  startedAt: string;
  endedAt: string;
  /** Sum of the stage's own durations (over parts and threads): busy time, not wall time. */
  busyMs: number;
  /** Parts (render/package) or 1 (ingest/finalize). */
  units: number;
}

export interface HeldExample {
  recordId: string | null;
  line: number;
  ssnMasked?: string;
}

export interface ReportPackage {
  path: string;
  batch: string;
  part: number;
  pieces: number;
  statementPages: number;
  envelopePages: number;
  bytes: number;
  status?: 'pending' | 'released';
}

export interface RunReportInput {
  /** When this page was made (ISO). */
  generatedAt: string;
  runId: string;
  year: number;
  mode: string;
  printDate: string;
  deadline: string;
  handoffBy: string;
  finishedOn: string;
  finishedLate: boolean;
  startedBy?: string;
  /** manifest.json's counts, as they are. */
  counts: {
    input: number;
    printed: number;
    /** Absent in runs before electronic statements. */
    electronic?: number;
    exceptions: number;
    suppressed: number;
    outOfScope?: number;
    guardianAddressed: number;
    byBatch: Partial<Record<string, number>>;
  };
  /** Statements (= envelopes) and sheets, from ingest. */
  pieces: number;
  sheets: number;
  byRegion: Record<string, number>;
  heldByReason: Record<string, number>;
  suppressedByReason: Record<string, number>;
  /** Per reason code, the first few records held for it (extract order). */
  examples: Record<string, HeldExample[]>;
  /** Warnings per code (printed all the same) and the first few records of each. */
  warningsByCode?: Record<string, number>;
  warningExamples?: Record<string, HeldExample[]>;
  packages: ReportPackage[];
  /** ISO: the run's creation (first audit line) and finalize. */
  runStartedAt?: string;
  runFinishedAt: string;
  stages: ReportStage[];
  release?: { required: boolean; status: 'pending' | 'released'; approvedBy?: string; approvedAt?: string };
  /** Each package's state at the print house (delivery/events.jsonl). */
  delivery?: ReportDelivery;
  /** The run's language (run.json): the whole page is in it. */
  lang: Lang;
  /** Every mailed piece's state after the hand-off, once a results, dispatch or returns file was taken in. */
  tracking?: TrackingView;
}

/** A batch's name: 城镇职工 for E, 养老保险 for S-pension… (the code is shown beside it). */
export function batchName(code: string, lang: Lang): string {
  const key = `batch.${code}` as MessageKey;
  return key in BATCH_KEYS ? tIn(lang, key as 'batch.E') : '';
}
const BATCH_KEYS = Object.fromEntries(['E', 'R', 'S-pension', 'S-medical', 'S-unemployment', 'S-injury', 'S-maternity'].map((b) => [`batch.${b}`, true]));

const REGIONS_SHOWN = 15;

const fig = (name: string, value: number) => `<span data-figure="${esc(name)}">${fmt(value)}</span>`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const ms = (iso: string) => Date.parse(iso);

function card(label: string, value: string, sub = ''): string {
  return `<div class="card"><div class="k">${esc(label)}</div><div class="v">${value}</div>${sub ? `<div class="s">${sub}</div>` : ''}</div>`;
}

const chinaDay = (iso: string) => chinaDate(new Date(ms(iso)));

/** The page's words in its language; `m` for text, `day` for YYYY-MM-DD. */
function words(lang: Lang) {
  return { m: tFor(lang), day: (iso: string) => formatDay(iso, lang) };
}

function regionBars(byRegion: Record<string, number>, lang: Lang): Bar[] {
  const sorted = Object.entries(byRegion).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const shown = sorted.slice(0, REGIONS_SHOWN).map(([label, value]) => ({ label, value }));
  const rest = sorted.slice(REGIONS_SHOWN);
  if (rest.length) shown.push({ label: tIn(lang, 'report.otherRegions', { n: rest.length }), value: sum(rest.map(([, v]) => v)) });
  return shown;
}

function stagesSection(r: RunReportInput): string {
  const { m } = words(r.lang);
  if (!r.stages.length) return `<p class="muted">${esc(m('report.noStages'))}</p>`;
  const dur = (sec: number) => duration(sec, r.lang);
  const t0 = Math.min(...r.stages.map((s) => ms(s.startedAt)), r.runStartedAt ? ms(r.runStartedAt) : Infinity);
  const name = (s: StageName) => m(`stageName.${s}`);
  const spans: Span[] = r.stages.map((s) => ({
    label: name(s.stage),
    start: (ms(s.startedAt) - t0) / 1000,
    end: (ms(s.endedAt) - t0) / 1000,
    note: m('report.spanNote', { wall: dur((ms(s.endedAt) - ms(s.startedAt)) / 1000), busy: dur(s.busyMs / 1000) }),
  }));
  const rows = r.stages
    .map((s) => {
      const wall = (ms(s.endedAt) - ms(s.startedAt)) / 1000;
      const per = (n: number) => fmt(Math.round(n / Math.max(wall, 0.001)));
      const rate = s.stage === 'render' || s.stage === 'package' ? m('report.piecesPerSecond', { n: per(r.pieces) }) : s.stage === 'ingest' ? m('report.recordsPerSecond', { n: per(r.counts.input) }) : '';
      return `<tr><td>${esc(name(s.stage))}</td><td class="n">${esc(dur(wall))}</td><td class="n">${esc(dur(s.busyMs / 1000))}</td><td class="n">${fmt(s.units)}</td><td class="n">${esc(rate)}</td></tr>`;
    })
    .join('');
  const total = r.runStartedAt ? (ms(r.runFinishedAt) - ms(r.runStartedAt)) / 1000 : undefined;
  const overall = total ? `<p>${m('report.overall', { total: esc(dur(total)), rate: fmt(Math.round(r.pieces / Math.max(total, 0.001))) })}</p>` : '';
  return `${ganttChart(m('report.stagesChart'), spans, { lang: r.lang })}
<table><thead><tr><th>${esc(m('report.stage'))}</th><th class="n">${esc(m('report.wall'))}</th><th class="n">${esc(m('report.busy'))}</th><th class="n">${esc(m('report.part'))}</th><th class="n">${esc(m('report.throughput'))}</th></tr></thead><tbody>${rows}</tbody></table>${overall}`;
}

function heldSection(r: RunReportInput): string {
  const { m } = words(r.lang);
  const reasons = [
    ...Object.entries(r.heldByReason).map(([code, n]) => ({ code, n, kind: 'held' as const })),
    ...Object.entries(r.suppressedByReason).map(([code, n]) => ({ code, n, kind: 'suppressed' as const })),
  ].sort((a, b) => b.n - a.n || (a.code < b.code ? -1 : 1));
  if (!reasons.length) return `<p>${esc(m('report.noneHeld'))}</p>`;
  const bars = reasons.map((x) => ({ label: x.code, value: x.n, tone: x.kind === 'held' ? 1 : 7 }));
  const meaning = (code: string) => (`reason.${code}` in REASON_KEYS ? m(`reason.${code}` as 'reason.INVALID_SSN') : '');
  const rows = reasons
    .map((x) => {
      const ex = (r.examples[x.code] ?? [])
        .map((e) => `<li><code>${esc(e.recordId ?? m('report.noRecordId'))}</code> ${esc(m('report.line', { n: fmt(e.line) }))}${e.ssnMasked ? ` · <code>${esc(e.ssnMasked)}</code>` : ''}</li>`)
        .join('');
      return `<tr><td><code>${esc(x.code)}</code><br><span class="muted">${esc(meaning(x.code))}</span></td><td>${esc(m(`outcome.${x.kind}`))}</td><td class="n">${fmt(x.n)}</td><td><ul class="ex">${ex}</ul></td></tr>`;
    })
    .join('');
  return `<p>${m('report.heldIntro', { held: fig('counts.exceptions', r.counts.exceptions), suppressed: fig('counts.suppressed', r.counts.suppressed) })}</p>
${barChart(m('report.heldChart'), bars, { labelWidth: 210 })}
<table><thead><tr><th>${esc(m('report.reason'))}</th><th>${esc(m('report.kind'))}</th><th class="n">${esc(m('report.records'))}</th><th>${esc(m('report.examples'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}
function warningsSection(r: RunReportInput): string {
  const { m } = words(r.lang);
  const codes = WARNING_CODES.filter((c) => (r.warningsByCode?.[c] ?? 0) > 0);
  if (!codes.length) return `<p>${esc(m('report.noWarnings'))}</p>`;
  const bars = codes.map((c) => ({ label: c, value: r.warningsByCode?.[c] ?? 0, tone: 4 }));
  const rows = codes
    .map((c) => {
      const ex = (r.warningExamples?.[c] ?? []).map((e) => `<li><code>${esc(e.recordId ?? m('report.noRecordId'))}</code> ${esc(m('report.line', { n: fmt(e.line) }))}</li>`).join('');
      return `<tr><td><code>${esc(c)}</code><br><span class="muted">${esc(m(`warning.${c}`))}</span></td><td class="n">${fig(`warnings.${c}`, r.warningsByCode?.[c] ?? 0)}</td><td><ul class="ex">${ex}</ul></td></tr>`;
    })
    .join('');
  return `<p>${m('report.warningsIntro')}</p>
${barChart(m('report.warningsChart'), bars, { labelWidth: 210 })}
<table><thead><tr><th>${esc(m('report.warning'))}</th><th class="n">${esc(m('report.records'))}</th><th>${esc(m('report.examples'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const REASON_KEYS = Object.fromEntries([...REASON_CODES, ...SUPPRESSION_CODES].map((c) => [`reason.${c}`, true]));

function packagesSection(r: RunReportInput): string {
  const { m } = words(r.lang);
  const byBatch = new Map<string, ReportPackage[]>();
  for (const p of r.packages) byBatch.set(p.batch, [...(byBatch.get(p.batch) ?? []), p]);
  const totals = {
    pieces: sum(r.packages.map((p) => p.pieces)),
    statementPages: sum(r.packages.map((p) => p.statementPages)),
    envelopePages: sum(r.packages.map((p) => p.envelopePages)),
    bytes: sum(r.packages.map((p) => p.bytes)),
  };
  const rows = r.packages
    .map(
      (p, i) =>
        `<tr><td><code>${esc(p.path)}</code></td><td>${esc(p.batch)}</td><td class="n">${p.part}</td><td class="n">${fig(`packages.${i}.pieces`, p.pieces)}</td><td class="n">${fig(`packages.${i}.statementPages`, p.statementPages)}</td><td class="n">${fig(`packages.${i}.envelopePages`, p.envelopePages)}</td><td class="n">${(p.bytes / 1048576).toFixed(1)} MB</td>${r.release ? `<td>${esc(m(p.status === 'released' ? 'report.released' : 'report.pending'))}</td>` : ''}</tr>`,
    )
    .join('');
  // sheets are known per run (from ingest), pages and envelopes per package
  const bars: Bar[] = [...byBatch.entries()].flatMap(([b, ps]) => [
    { label: `${b} ${m('report.statementPages')}`, value: sum(ps.map((p) => p.statementPages)), tone: 0 },
    { label: `${b} ${m('report.envelopes')}`, value: sum(ps.map((p) => p.envelopePages)), tone: 3 },
  ]);
  bars.push({ label: m('report.allSheets'), value: r.sheets, tone: 2 });
  const line = m('report.packagesLine', {
    packages: fig('packages.count', r.packages.length),
    pieces: fig('packages.pieces', totals.pieces),
    pages: fig('packages.statementPages', totals.statementPages),
    sheets: fmt(r.sheets),
    envelopes: fig('packages.envelopePages', totals.envelopePages),
    mb: (totals.bytes / 1048576).toFixed(1),
  });
  const th = (key: 'report.package' | 'report.batch' | 'report.status', cls = '') => `<th${cls}>${esc(m(key))}</th>`;
  const thn = (key: 'report.part' | 'report.pieces' | 'report.statementPages' | 'report.envelopes' | 'report.size') => `<th class="n">${esc(m(key))}</th>`;
  return `<p>${line}</p>
${barChart(m('report.pagesChart'), bars, { labelWidth: 210 })}
<table><thead><tr>${th('report.package')}${th('report.batch')}${thn('report.part')}${thn('report.pieces')}${thn('report.statementPages')}${thn('report.envelopes')}${thn('report.size')}${r.release ? th('report.status') : ''}</tr></thead><tbody>${rows}</tbody></table>`;
}

function timelineSection(r: RunReportInput): string {
  const { m, day } = words(r.lang);
  const finished = r.finishedOn;
  const spare = daysBetween(finished, r.handoffBy);
  const milestones: Milestone[] = [
    { date: `${r.year}-12-31`, label: m('report.yearClosed'), kind: 'info' },
    ...(r.runStartedAt ? [{ date: chinaDay(r.runStartedAt), label: m('report.runStarted'), kind: 'run' as const }] : []),
    { date: finished, label: m('report.runFinished'), kind: 'run' },
    ...(r.release?.approvedAt ? [{ date: chinaDay(r.release.approvedAt), label: m('report.releasedBy', { by: r.release.approvedBy ?? '?' }), kind: 'run' as const }] : []),
    ...(r.delivery && lastDeliveryDay(r.delivery) ? [{ date: lastDeliveryDay(r.delivery) ?? '', label: m('report.allDelivered'), kind: 'run' as const }] : []),
    { date: r.handoffBy, label: m('report.handoff'), kind: 'handoff' },
    { date: r.deadline, label: m('report.deadline'), kind: 'deadline' },
  ];
  const dates = { handoffBy: esc(day(r.handoffBy)), deadline: esc(day(r.deadline)) };
  const verdict = r.finishedLate
    ? `<p class="bad">${m('report.finishedLate', { days: fmt(-spare), ...dates })}</p>`
    : `<p class="good">${m('report.finishedOnTime', { days: fmt(spare), ...dates })}</p>`;
  const chart = timelineChart(m('report.timelineChart'), milestones, {
    from: `${r.year}-12-20`,
    to: addDays(r.deadline, 5),
    handoffBy: r.handoffBy,
    deadline: r.deadline,
    leadTime: m('report.leadTime'),
    day,
  });
  return `${verdict}${chart}`;
}

export const CSS = `
:root{--ink:#1a202c;--muted:#5a6472;--line:#d9dee5;--accent:#1f5f99}
*{box-sizing:border-box}
body{font-family:"Noto Sans SC","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","Droid Sans Fallback",system-ui,sans-serif;color:var(--ink);margin:0 auto;max-width:980px;padding:24px 28px;font-size:14px;line-height:1.45}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--accent)}
.muted,.meta{color:var(--muted)}.meta{margin:0 0 14px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:10px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 10px}.card .k{color:var(--muted);font-size:12px}.card .v{font-size:22px;font-weight:600}.card .s{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}th{font-size:12px;color:var(--muted);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
ul.ex{margin:0;padding-left:16px}code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
svg.chart{max-width:100%;height:auto;display:block;margin:6px 0}
svg .lbl{font-size:12px;fill:#1a202c}svg .val,svg .tick{font-size:11px;fill:#5a6472}svg .axis{stroke:#5a6472}svg .grid{stroke:#e2e6ea}
.badge{display:inline-block;border-radius:4px;padding:1px 8px;font-size:12px;font-weight:600;margin-left:6px;vertical-align:middle}
.ok{background:#e3f3ea;color:#22663f}.late,.pending{background:#fbe4e1;color:#9b2c2c}
.good{color:#22663f}.bad{color:#9b2c2c}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:18px}
footer{margin-top:30px;color:var(--muted);font-size:12px}
@media (max-width:760px){.grid2{grid-template-columns:1fr}}
@media print{body{max-width:none;padding:0;font-size:11pt}h2{break-after:avoid}section,table,svg{break-inside:avoid}.grid2{grid-template-columns:1fr}@page{size:A4;margin:14mm}}
`;

/** The whole page as one string (UTF-8), in the run's language. */
export function buildRunReport(r: RunReportInput): string {
  const { m, day } = words(r.lang);
  const c = r.counts;
  const batches = Object.entries(c.byBatch).filter((e): e is [string, number] => typeof e[1] === 'number');
  const batchBars: Bar[] = batches.map(([b, n], i) => ({ label: `${b} ${batchName(b, 'zh-CN')}`.trim(), value: n, tone: i }));
  const batchRows = batches.map(([b, n]) => `<tr><td>${esc(b)}</td><td>${esc(batchName(b, r.lang))}</td><td class="n">${fig(`counts.byBatch.${b}`, n)}</td></tr>`).join('');
  const badges = [
    r.finishedLate ? `<span class="badge late">${esc(m('report.badgeLate'))}</span>` : `<span class="badge ok">${esc(m('report.badgeOnTime'))}</span>`,
    ...(r.release
      ? [r.release.status === 'released' ? `<span class="badge ok">${esc(m('report.badgeReleased', { by: r.release.approvedBy ?? '' }))}</span>` : `<span class="badge pending">${esc(m('report.badgePending'))}</span>`]
      : []),
  ].join('');
  const electronic = c.electronic ?? 0;
  const balance = c.printed + electronic + c.exceptions + c.suppressed + (c.outOfScope ?? 0) === c.input;
  const spare = daysBetween(r.finishedOn, r.handoffBy);
  const delivery = r.delivery
    ? `<section><h2>${esc(m('report.delivery'))}</h2>${deliverySection(r.delivery, { handoffBy: r.handoffBy, deadline: r.deadline, today: chinaDay(r.generatedAt) }, r.lang)}</section>`
    : '';
  const tracking = r.tracking
    ? `<section><h2>${esc(m('report.tracking'))}</h2>${trackingSection(r.tracking, { deadline: r.deadline, today: chinaDay(r.generatedAt) }, r.lang)}</section>`
    : '';
  return `<!doctype html>
<html lang="${r.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(m('report.title', { runId: r.runId }))}</title><style>${CSS}</style></head>
<body>
<header>
<h1>${esc(m('report.heading'))} ${badges}</h1>
<p class="meta">${esc(m('report.meta', { runId: r.runId, mode: r.mode, year: r.year, printDate: day(r.printDate), finishedOn: day(r.finishedOn), ...(r.startedBy ? { startedBy: r.startedBy } : {}) }))}</p>
</header>
<section>
<div class="cards">
${card(m('report.cardInput'), fig('counts.input', c.input))}
${card(m('outcome.printed'), fig('counts.printed', c.printed), `${fig('counts.guardianAddressed', c.guardianAddressed)} ${esc(m('report.cardGuardians'))}`)}
${card(m('outcome.electronic'), fig('counts.electronic', electronic), esc(m('report.cardElectronicSub')))}
${card(m('outcome.held'), fig('counts.exceptions', c.exceptions), esc(m('report.cardHeldSub')))}
${card(m('outcome.suppressed'), fig('counts.suppressed', c.suppressed), esc(m('report.cardSuppressedSub')))}
${card(m('report.cardStatements'), fmt(r.pieces), `${fmt(r.sheets)} ${esc(m('report.sheets'))}`)}
${spare >= 0 ? card(m('report.cardSpare'), fmt(spare), esc(m('report.handoffBy', { date: day(r.handoffBy) }))) : card(m('report.cardLate'), fmt(-spare), esc(m('report.handoffWas', { date: day(r.handoffBy) })))}
</div>
<p class="${balance ? 'good' : 'bad'}">${esc(m('report.balance', { input: fmt(c.input), printed: fmt(c.printed), electronic: fmt(electronic), held: fmt(c.exceptions), suppressed: fmt(c.suppressed), ...(c.outOfScope ? { outOfScope: fmt(c.outOfScope) } : {}), ok: balance }))}</p>
</section>
<section><h2>${esc(m('report.timeline'))}</h2>${timelineSection(r)}</section>
<section class="grid2">
<div><h2>${esc(m('report.perBatch'))}</h2>${barChart(m('report.perBatch'), batchBars, { width: 440, labelWidth: 110 })}
<table><thead><tr><th>${esc(m('report.batch'))}</th><th></th><th class="n">${esc(m('report.pieces'))}</th></tr></thead><tbody>${batchRows}</tbody></table></div>
<div><h2>${esc(m('report.perRegion'))}</h2>${barChart(m('report.perRegionChart'), regionBars(r.byRegion, r.lang), { width: 440, labelWidth: 150 })}</div>
</section>
<section><h2>${esc(m('report.heldSection'))}</h2>${heldSection(r)}</section>
<section><h2>${esc(m('report.warningsSection'))}</h2>${warningsSection(r)}</section>
<section><h2>${esc(m('report.packagesSection'))}</h2>${packagesSection(r)}</section>
${delivery}
${tracking}
<section><h2>${esc(m('report.stagesSection'))}</h2>${stagesSection(r)}</section>
<footer>${esc(m('report.madeAt', { at: r.generatedAt }))} ${m('report.footer')}</footer>
</body></html>
`;
}
