/**
 * `check --compare`: the monthly data-quality report the notice (§2) asks for — this month's check
 * against the last, code by code, and the records that newly fail. Pure: the two checks' entries come
 * in, the comparison and its page go out (src/cli/compare.ts reads and writes the files).
 *
 * Personal data: record IDs, extract lines and ssns already masked in exceptions.jsonl; no message
 * (it may quote a field), no name, no amount.
 */
import { REASON_CODES, SUPPRESSION_CODES, WARNING_CODES, type ExceptionEntry, type WarningEntry } from '../domain/types';
import { tFor, type Lang } from '../i18n';
import { CSS } from './html';
import { barChart, esc, fmt, type Bar } from './svg';

/** One check's output, as its exceptions.jsonl and warnings.jsonl hold it. */
export interface CheckEntries {
  exceptions: readonly Pick<ExceptionEntry, 'recordId' | 'line' | 'reason' | 'ssnMasked'>[];
  warnings: readonly Pick<WarningEntry, 'recordId' | 'line' | 'warning'>[];
}

export interface CodeChange {
  code: string;
  previous: number;
  current: number;
  change: number;
}

/** A record that fails this month and did not last month (matched by recordId). */
export interface NewFailure {
  recordId: string;
  line: number;
  code: string;
  ssnMasked?: string;
}

export interface CheckComparison {
  held: CodeChange[];
  suppressed: CodeChange[];
  warnings: CodeChange[];
  totals: { held: Omit<CodeChange, 'code'>; suppressed: Omit<CodeChange, 'code'>; warnings: Omit<CodeChange, 'code'> };
  /** Held this month, not held last month under any code. */
  newlyHeld: NewFailure[];
  /** A warning code this month the record did not have last month. */
  newlyWarned: NewFailure[];
  /** Held records without a recordId (a line not parsed far enough): counted, but they cannot be matched month to month. */
  unmatchable: { previous: number; current: number };
}

function perCode(codes: readonly string[], previous: readonly string[], current: readonly string[]): CodeChange[] {
  const count = (list: readonly string[]) => {
    const m = new Map<string, number>();
    for (const c of list) m.set(c, (m.get(c) ?? 0) + 1);
    return m;
  };
  const p = count(previous);
  const c = count(current);
  return codes.map((code) => ({ code, previous: p.get(code) ?? 0, current: c.get(code) ?? 0, change: (c.get(code) ?? 0) - (p.get(code) ?? 0) }));
}

const total = (rows: CodeChange[]) => {
  const previous = rows.reduce((a, r) => a + r.previous, 0);
  const current = rows.reduce((a, r) => a + r.current, 0);
  return { previous, current, change: current - previous };
};

const HELD = new Set<string>(REASON_CODES);
const SUPPRESSED = new Set<string>(SUPPRESSION_CODES);

/** This month (`current`) against the last (`previous`); codes in the catalogue's order, every code listed. */
export function compareChecks(previous: CheckEntries, current: CheckEntries): CheckComparison {
  const heldOf = (e: CheckEntries) => e.exceptions.filter((x) => HELD.has(x.reason));
  const prevHeld = heldOf(previous);
  const curHeld = heldOf(current);
  const held = perCode(REASON_CODES, prevHeld.map((x) => x.reason), curHeld.map((x) => x.reason));
  const suppressed = perCode(
    SUPPRESSION_CODES,
    previous.exceptions.filter((x) => SUPPRESSED.has(x.reason)).map((x) => x.reason),
    current.exceptions.filter((x) => SUPPRESSED.has(x.reason)).map((x) => x.reason),
  );
  const warnings = perCode(WARNING_CODES, previous.warnings.map((w) => w.warning), current.warnings.map((w) => w.warning));

  const wasHeld = new Set(prevHeld.map((x) => x.recordId).filter((id): id is string => id !== null));
  const newlyHeld: NewFailure[] = [];
  for (const x of curHeld) {
    if (x.recordId === null || wasHeld.has(x.recordId)) continue;
    newlyHeld.push({ recordId: x.recordId, line: x.line, code: x.reason, ...(x.ssnMasked ? { ssnMasked: x.ssnMasked } : {}) });
  }
  const wasWarned = new Set(previous.warnings.map((w) => `${w.warning} ${w.recordId}`));
  const newlyWarned = current.warnings.filter((w) => !wasWarned.has(`${w.warning} ${w.recordId}`)).map((w) => ({ recordId: w.recordId, line: w.line, code: w.warning }));
  return {
    held,
    suppressed,
    warnings,
    totals: { held: total(held), suppressed: total(suppressed), warnings: total(warnings) },
    newlyHeld,
    newlyWarned,
    unmatchable: { previous: prevHeld.filter((x) => x.recordId === null).length, current: curHeld.filter((x) => x.recordId === null).length },
  };
}

/** How many new failures the page lists; compare.json has them all. */
const LISTED = 500;

const signed = (n: number) => (n > 0 ? `+${fmt(n)}` : fmt(n));

export interface ComparePageInput {
  comparison: CheckComparison;
  previousDir: string;
  currentDir: string;
  generatedAt: string;
  lang: Lang;
}

/** compare.html: one self-contained page, no script, no network; each code as a pair of bars (last month, this month). */
export function buildComparePage(p: ComparePageInput): string {
  const m = tFor(p.lang);
  const c = p.comparison;
  const section = (title: string, rows: CodeChange[], label: (code: string) => string) => {
    const shown = rows.filter((r) => r.previous || r.current);
    const bars: Bar[] = shown.flatMap((r) => [
      { label: `${r.code} · ${m('compare.previous')}`, value: r.previous, tone: 7 },
      { label: `${r.code} · ${m('compare.current')}`, value: r.current, tone: r.change > 0 ? 1 : 2 },
    ]);
    const body = rows
      .map((r) => `<tr><td><code>${esc(r.code)}</code></td><td>${esc(label(r.code))}</td><td class="n">${fmt(r.previous)}</td><td class="n">${fmt(r.current)}</td><td class="n ${r.change > 0 ? 'bad' : r.change < 0 ? 'good' : ''}">${signed(r.change)}</td></tr>`)
      .join('');
    return (
      `<section><h2>${esc(title)}</h2>${barChart(title, bars, { labelWidth: 300 })}` +
      `<table><thead><tr><th>${esc(m('compare.code'))}</th><th></th><th class="n">${esc(m('compare.previous'))}</th><th class="n">${esc(m('compare.current'))}</th><th class="n">${esc(m('compare.change'))}</th></tr></thead><tbody>${body}</tbody></table></section>`
    );
  };
  const list = (title: string, rows: NewFailure[]) => {
    const shown = rows.slice(0, LISTED);
    const body = shown.map((r) => `<tr><td><code>${esc(r.recordId)}</code></td><td class="n">${fmt(r.line)}</td><td><code>${esc(r.code)}</code></td><td><code>${esc(r.ssnMasked ?? '')}</code></td></tr>`).join('');
    const more = rows.length > shown.length ? `<p class="muted">${esc(m('compare.more', { more: fmt(rows.length - shown.length) }))}</p>` : '';
    return (
      `<section><h2>${esc(title)} (${fmt(rows.length)})</h2>` +
      (rows.length
        ? `<table><thead><tr><th>recordId</th><th class="n">${esc(m('compare.line'))}</th><th>${esc(m('compare.code'))}</th><th>${esc(m('compare.ssnMasked'))}</th></tr></thead><tbody>${body}</tbody></table>${more}`
        : `<p class="muted">${esc(m('compare.noneNew'))}</p>`) +
      `</section>`
    );
  };
  return `<!doctype html>
<html lang="${p.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(m('compare.title'))}</title><style>${CSS}</style></head>
<body>
<header><h1>${esc(m('compare.title'))}</h1>
<p class="meta">${esc(m('compare.head', { previous: p.previousDir, current: p.currentDir }))}</p></header>
${section(m('check.held'), c.held, (code) => m(`reason.${code}` as 'reason.PARSE_ERROR'))}
${section(m('check.suppressed'), c.suppressed, (code) => m(`reason.${code}` as 'reason.PARSE_ERROR'))}
${section(m('check.warnings'), c.warnings, (code) => m(`warning.${code}` as 'warning.AGE_OVER_105'))}
${list(m('compare.newlyHeld'), c.newlyHeld)}
${list(m('compare.newlyWarned'), c.newlyWarned)}
${c.unmatchable.current || c.unmatchable.previous ? `<p class="muted">${esc(m('compare.unmatchable', { previous: fmt(c.unmatchable.previous), current: fmt(c.unmatchable.current) }))}</p>` : ''}
<footer>${esc(m('report.madeAt', { at: p.generatedAt }))}</footer>
</body></html>
`;
}
