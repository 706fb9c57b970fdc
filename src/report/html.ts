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
import { deliverySection, lastDeliveryDay, type ReportDelivery } from './delivery';
import { t } from '../i18n';
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
  packages: ReportPackage[];
  /** ISO: the run's creation (first audit line) and finalize. */
  runStartedAt?: string;
  runFinishedAt: string;
  stages: ReportStage[];
  release?: { required: boolean; status: 'pending' | 'released'; approvedBy?: string; approvedAt?: string };
  /** Each package's state at the print house (delivery/events.jsonl). */
  delivery?: ReportDelivery;
}

export const BATCH_NAMES: Record<string, string> = {
  E: '城镇职工 urban employees',
  R: '城乡居民 urban-rural residents',
  'S-pension': '养老保险 pension',
  'S-medical': '医疗保险 medical',
  'S-unemployment': '失业保险 unemployment',
  'S-injury': '工伤保险 work injury',
  'S-maternity': '生育保险 maternity',
};

const REGIONS_SHOWN = 15;
const STAGE_LABEL: Record<StageName, string> = { ingest: 'ingest', render: 'render', package: 'package', finalize: 'finalize' };

const fig = (name: string, value: number) => `<span data-figure="${esc(name)}">${fmt(value)}</span>`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const ms = (iso: string) => Date.parse(iso);

function card(label: string, value: string, sub = ''): string {
  return `<div class="card"><div class="k">${esc(label)}</div><div class="v">${value}</div>${sub ? `<div class="s">${sub}</div>` : ''}</div>`;
}

const chinaDay = (iso: string) => chinaDate(new Date(ms(iso)));

function regionBars(byRegion: Record<string, number>): Bar[] {
  const sorted = Object.entries(byRegion).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const shown = sorted.slice(0, REGIONS_SHOWN).map(([label, value]) => ({ label, value }));
  const rest = sorted.slice(REGIONS_SHOWN);
  if (rest.length) shown.push({ label: `${rest.length} other regions`, value: sum(rest.map(([, v]) => v)) });
  return shown;
}

function stagesSection(r: RunReportInput): string {
  if (!r.stages.length) return '<p class="muted">No stage timings in logs/siprint.log.</p>';
  const t0 = Math.min(...r.stages.map((s) => ms(s.startedAt)), r.runStartedAt ? ms(r.runStartedAt) : Infinity);
  const spans: Span[] = r.stages.map((s) => ({
    label: STAGE_LABEL[s.stage],
    start: (ms(s.startedAt) - t0) / 1000,
    end: (ms(s.endedAt) - t0) / 1000,
    note: `${duration((ms(s.endedAt) - ms(s.startedAt)) / 1000)} wall, ${duration(s.busyMs / 1000)} busy`,
  }));
  const rows = r.stages
    .map((s) => {
      const wall = (ms(s.endedAt) - ms(s.startedAt)) / 1000;
      const rate = s.stage === 'render' || s.stage === 'package' ? `${fmt(Math.round(r.pieces / Math.max(wall, 0.001)))} pieces/s` : s.stage === 'ingest' ? `${fmt(Math.round(r.counts.input / Math.max(wall, 0.001)))} records/s` : '';
      return `<tr><td>${esc(STAGE_LABEL[s.stage])}</td><td class="n">${esc(duration(wall))}</td><td class="n">${esc(duration(s.busyMs / 1000))}</td><td class="n">${fmt(s.units)}</td><td class="n">${esc(rate)}</td></tr>`;
    })
    .join('');
  const total = r.runStartedAt ? (ms(r.runFinishedAt) - ms(r.runStartedAt)) / 1000 : undefined;
  const overall = total
    ? `<p>From creation to finalize: <b>${esc(duration(total))}</b>, ${fmt(Math.round(r.pieces / Math.max(total, 0.001)))} pieces/s overall (a resumed run counts its pauses).</p>`
    : '';
  return `${ganttChart('Time per stage', spans)}
<table><thead><tr><th>stage</th><th class="n">wall time</th><th class="n">busy time (all threads)</th><th class="n">parts</th><th class="n">throughput</th></tr></thead><tbody>${rows}</tbody></table>${overall}`;
}

function heldSection(r: RunReportInput): string {
  const reasons = [
    ...Object.entries(r.heldByReason).map(([code, n]) => ({ code, n, kind: 'held' })),
    ...Object.entries(r.suppressedByReason).map(([code, n]) => ({ code, n, kind: 'suppressed' })),
  ].sort((a, b) => b.n - a.n || (a.code < b.code ? -1 : 1));
  if (!reasons.length) return '<p>No record was held or suppressed.</p>';
  const bars = reasons.map((x) => ({ label: x.code, value: x.n, tone: x.kind === 'held' ? 1 : 7 }));
  const rows = reasons
    .map((x) => {
      const ex = (r.examples[x.code] ?? [])
        .map((e) => `<li><code>${esc(e.recordId ?? '(no record ID)')}</code> line ${fmt(e.line)}${e.ssnMasked ? ` · <code>${esc(e.ssnMasked)}</code>` : ''}</li>`)
        .join('');
      return `<tr><td><code>${esc(x.code)}</code></td><td>${x.kind}</td><td class="n">${fmt(x.n)}</td><td><ul class="ex">${ex}</ul></td></tr>`;
    })
    .join('');
  return `<p>${fig('counts.exceptions', r.counts.exceptions)} held (reported back to the core system for correction, never printed wrong) and ${fig('counts.suppressed', r.counts.suppressed)} suppressed (not to be mailed). Full list: <code>exceptions.jsonl</code>.</p>
${barChart('Held and suppressed records per reason code', bars, { labelWidth: 210 })}
<table><thead><tr><th>reason</th><th>kind</th><th class="n">records</th><th>first examples (record ID · extract line · ssn masked)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function packagesSection(r: RunReportInput): string {
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
        `<tr><td><code>${esc(p.path)}</code></td><td>${esc(p.batch)}</td><td class="n">${p.part}</td><td class="n">${fig(`packages.${i}.pieces`, p.pieces)}</td><td class="n">${fig(`packages.${i}.statementPages`, p.statementPages)}</td><td class="n">${fig(`packages.${i}.envelopePages`, p.envelopePages)}</td><td class="n">${(p.bytes / 1048576).toFixed(1)} MB</td>${r.release ? `<td>${esc(p.status ?? 'pending')}</td>` : ''}</tr>`,
    )
    .join('');
  // sheets are known per run (from ingest), pages and envelopes per package
  const bars: Bar[] = [...byBatch.entries()].flatMap(([b, ps]) => [
    { label: `${b} statement pages`, value: sum(ps.map((p) => p.statementPages)), tone: 0 },
    { label: `${b} envelopes`, value: sum(ps.map((p) => p.envelopePages)), tone: 3 },
  ]);
  bars.push({ label: 'sheets of paper (all)', value: r.sheets, tone: 2 });
  return `<p>${fig('packages.count', r.packages.length)} packages · ${fig('packages.pieces', totals.pieces)} pieces · ${fig('packages.statementPages', totals.statementPages)} statement pages on ${fmt(r.sheets)} sheets · ${fig('packages.envelopePages', totals.envelopePages)} envelopes · ${(totals.bytes / 1048576).toFixed(1)} MB</p>
${barChart('Pages, sheets and envelopes', bars, { labelWidth: 210 })}
<table><thead><tr><th>package</th><th>batch</th><th class="n">part</th><th class="n">pieces</th><th class="n">statement pages</th><th class="n">envelopes</th><th class="n">size</th>${r.release ? '<th>status</th>' : ''}</tr></thead><tbody>${rows}</tbody></table>`;
}

function timelineSection(r: RunReportInput): string {
  const finished = r.finishedOn;
  const spare = daysBetween(finished, r.handoffBy);
  const milestones: Milestone[] = [
    { date: `${r.year}-12-31`, label: 'business year closed', kind: 'info' },
    ...(r.runStartedAt ? [{ date: chinaDay(r.runStartedAt), label: 'run started', kind: 'run' as const }] : []),
    { date: finished, label: 'run finished', kind: 'run' },
    ...(r.release?.approvedAt ? [{ date: chinaDay(r.release.approvedAt), label: `released by ${r.release.approvedBy ?? '?'}`, kind: 'run' as const }] : []),
    ...(r.delivery && lastDeliveryDay(r.delivery) ? [{ date: lastDeliveryDay(r.delivery) ?? '', label: 'all packages delivered', kind: 'run' as const }] : []),
    { date: r.handoffBy, label: 'hand-off to print house', kind: 'handoff' },
    { date: r.deadline, label: 'statutory deadline (delivered)', kind: 'deadline' },
  ];
  const verdict = r.finishedLate
    ? `<p class="bad">Finished <b>${fmt(-spare)} day(s) after</b> the hand-off date ${esc(r.handoffBy)}: the print house has less than its lead time before ${esc(r.deadline)}.</p>`
    : `<p class="good">Finished ${fmt(spare)} day(s) before the hand-off date ${esc(r.handoffBy)}; the print house then has until ${esc(r.deadline)} to deliver.</p>`;
  const chart = timelineChart('Timeline against the hand-off date and the 31 March deadline', milestones, {
    from: `${r.year}-12-20`,
    to: addDays(r.deadline, 5),
    handoffBy: r.handoffBy,
    deadline: r.deadline,
  });
  return `${verdict}${chart}`;
}

const CSS = `
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

/** The whole page as one string (UTF-8). */
export function buildRunReport(r: RunReportInput): string {
  const c = r.counts;
  const batches = Object.entries(c.byBatch).filter((e): e is [string, number] => typeof e[1] === 'number');
  const batchBars: Bar[] = batches.map(([b, n], i) => ({ label: `${b} ${BATCH_NAMES[b]?.split(' ')[0] ?? ''}`.trim(), value: n, tone: i }));
  const batchRows = batches.map(([b, n]) => `<tr><td>${esc(b)}</td><td>${esc(BATCH_NAMES[b] ?? '')}</td><td class="n">${fig(`counts.byBatch.${b}`, n)}</td></tr>`).join('');
  const badges = [
    r.finishedLate ? '<span class="badge late">finished after hand-off date</span>' : '<span class="badge ok">on time</span>',
    ...(r.release ? [r.release.status === 'released' ? `<span class="badge ok">released by ${esc(r.release.approvedBy ?? '')}</span>` : '<span class="badge pending">pending approval — not for the print house yet</span>'] : []),
  ].join('');
  const balance = c.printed + c.exceptions + c.suppressed + (c.outOfScope ?? 0) === c.input;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>运行报告 Run report ${esc(r.runId)}</title><style>${CSS}</style></head>
<body>
<header>
<h1>社会保险个人权益记录单 · 运行报告 Run report ${badges}</h1>
<p class="meta">Run <code>${esc(r.runId)}</code> · ${esc(r.mode)} ${r.year} · print date ${esc(r.printDate)} · finished ${esc(r.finishedOn)}${r.startedBy ? ` · started by ${esc(r.startedBy)}` : ''}</p>
</header>
<section>
<div class="cards">
${card('records in extract', fig('counts.input', c.input))}
${card('printed', fig('counts.printed', c.printed), `${fig('counts.guardianAddressed', c.guardianAddressed)} to guardians`)}
${card('held', fig('counts.exceptions', c.exceptions), 'with a reason code')}
${card('suppressed', fig('counts.suppressed', c.suppressed), 'not to be mailed')}
${card('statements', fmt(r.pieces), `${fmt(r.sheets)} sheets`)}
${daysBetween(r.finishedOn, r.handoffBy) >= 0 ? card('days to spare', fmt(daysBetween(r.finishedOn, r.handoffBy)), `hand-off by ${esc(r.handoffBy)}`) : card('days late', fmt(-daysBetween(r.finishedOn, r.handoffBy)), `hand-off was ${esc(r.handoffBy)}`)}
</div>
<p class="${balance ? 'good' : 'bad'}">Every record accounted for: ${fmt(c.input)} = ${fmt(c.printed)} printed + ${fmt(c.exceptions)} held + ${fmt(c.suppressed)} suppressed${c.outOfScope ? ` + ${fmt(c.outOfScope)} out of scope` : ''}${balance ? ' ✓' : ' — DOES NOT BALANCE'}</p>
</section>
<section><h2>Timeline</h2>${timelineSection(r)}</section>
<section class="grid2">
<div><h2>Pieces per batch</h2>${barChart('Pieces per batch', batchBars, { width: 440, labelWidth: 110 })}
<table><thead><tr><th>batch</th><th></th><th class="n">pieces</th></tr></thead><tbody>${batchRows}</tbody></table></div>
<div><h2>Pieces per province / city</h2>${barChart('Pieces per province and city', regionBars(r.byRegion), { width: 440, labelWidth: 150 })}</div>
</section>
<section><h2>Held and suppressed records</h2>${heldSection(r)}</section>
<section><h2>Pages, sheets and packages</h2>${packagesSection(r)}</section>
${r.delivery ? `<section><h2>${esc(t('report.delivery'))}</h2>${deliverySection(r.delivery, { handoffBy: r.handoffBy, deadline: r.deadline, today: chinaDay(r.generatedAt) })}</section>` : ''}
<section><h2>Time per stage and throughput</h2>${stagesSection(r)}</section>
<footer>Made ${esc(r.generatedAt)} by siprint from manifest.json, reconciliation.json, exceptions.jsonl and logs/siprint.log of this run. The figures marked in the manifest are checked by <code>siprint verify</code>.</footer>
</body></html>
`;
}
