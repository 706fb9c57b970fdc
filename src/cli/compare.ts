/** `check --compare PREVIOUS_DIR`: reads two check outputs, writes compare.json and compare.html, prints the table. */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { z } from 'zod';
import { REASON_CODES, SUPPRESSION_CODES, WARNING_CODES } from '../domain/types';
import { UsageError } from '../domain/errors';
import { columns, currentLang, formatCount as n, padColumns, tIn, type Lang } from '../i18n';
import { buildComparePage, compareChecks, type CheckComparison, type CheckEntries, type CodeChange } from '../report/compare';
import { writeFileAtomic } from '../run-dir/atomic';

// only the fields the comparison needs; the message (which may quote a field) is not kept
const exceptionLine = z.object({ recordId: z.string().nullable(), line: z.number().int(), reason: z.enum([...REASON_CODES, ...SUPPRESSION_CODES, 'DELIVERY_ELECTRONIC']), ssnMasked: z.string().optional() });
const warningLine = z.object({ recordId: z.string(), line: z.number().int(), warning: z.enum(WARNING_CODES) });

async function readLines<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const out: T[] = [];
  const rl = readline.createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (!text.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new UsageError(tIn(currentLang(), 'compare.badLine', { file, line }));
    }
    const r = schema.safeParse(parsed);
    if (!r.success) throw new UsageError(tIn(currentLang(), 'compare.badLine', { file, line }));
    out.push(r.data);
  }
  return out;
}

/** A check's --out directory: its exceptions.jsonl and warnings.jsonl, or one line naming what is missing. */
export async function readCheckDir(dir: string): Promise<CheckEntries> {
  for (const file of ['exceptions.jsonl', 'warnings.jsonl']) {
    if (!existsSync(path.join(dir, file))) throw new UsageError(tIn(currentLang(), 'compare.notCheckDir', { dir, file }));
  }
  const exceptions = await readLines(path.join(dir, 'exceptions.jsonl'), exceptionLine);
  const warnings = await readLines(path.join(dir, 'warnings.jsonl'), warningLine);
  return {
    exceptions: exceptions.map((e) => ({ recordId: e.recordId, line: e.line, reason: e.reason, ...(e.ssnMasked ? { ssnMasked: e.ssnMasked } : {}) })),
    warnings,
  };
}

/** Refuses --compare without --out, or with --out itself (the check would overwrite last month's files). */
export function assertCompareDirs(previous: string, out: string | undefined): string {
  if (!out) throw new UsageError(tIn(currentLang(), 'compare.needsOut'));
  if (path.resolve(previous) === path.resolve(out)) throw new UsageError(tIn(currentLang(), 'compare.sameDir', { dir: previous }));
  return out;
}

/** The comparison into `out` (compare.json, compare.html); returns it for the table. */
export async function writeComparison(previous: CheckEntries, previousDir: string, out: string, lang: Lang = currentLang(), now = new Date()): Promise<CheckComparison> {
  const comparison = compareChecks(previous, await readCheckDir(out));
  await writeFileAtomic(path.join(out, 'compare.json'), `${JSON.stringify({ previous: previousDir, current: out, ...comparison }, null, 2)}\n`);
  await writeFileAtomic(path.join(out, 'compare.html'), buildComparePage({ comparison, previousDir, currentDir: out, generatedAt: now.toISOString(), lang }));
  return comparison;
}

const signed = (v: number) => (v > 0 ? `+${n(v)}` : n(v));

/** The table operators read: counts per code only, no personal data. */
export function formatComparison(c: CheckComparison, previousDir: string, out: string, lang: Lang = currentLang()): string {
  const rows: [string, CodeChange | Omit<CodeChange, 'code'>][] = [
    [tIn(lang, 'check.held'), c.totals.held],
    ...c.held.map((r): [string, CodeChange] => [`  ${r.code}`, r]),
    [tIn(lang, 'check.suppressed'), c.totals.suppressed],
    ...c.suppressed.map((r): [string, CodeChange] => [`  ${r.code}`, r]),
    [tIn(lang, 'check.warnings'), c.totals.warnings],
    ...c.warnings.map((r): [string, CodeChange] => [`  ${r.code}`, r]),
  ];
  const head = [tIn(lang, 'compare.previous'), tIn(lang, 'compare.current'), tIn(lang, 'compare.change')];
  const cells = rows.map(([, r]) => [n(r.previous), n(r.current), signed(r.change)]);
  const widths = head.map((h, i) => Math.max(columns(h), ...cells.map((row) => (row[i] ?? '').length)) + 2);
  const labels = Math.max(32, ...rows.map(([l]) => columns(l) + 2));
  const right = (s: string, w: number) => ' '.repeat(Math.max(0, w - columns(s))) + s;
  const lines = [tIn(lang, 'compare.head', { previous: previousDir, current: out }), padColumns('', labels) + head.map((h, i) => right(h, widths[i] ?? 0)).join('')];
  rows.forEach(([label], i) => lines.push(padColumns(label, labels) + (cells[i] ?? []).map((v, j) => right(v, widths[j] ?? 0)).join('')));
  lines.push(tIn(lang, 'compare.newCount', { held: n(c.newlyHeld.length), warned: n(c.newlyWarned.length) }));
  if (c.unmatchable.previous || c.unmatchable.current) lines.push(tIn(lang, 'compare.unmatchable', { previous: n(c.unmatchable.previous), current: n(c.unmatchable.current) }));
  lines.push(tIn(lang, 'compare.files', { json: path.join(out, 'compare.json'), html: path.join(out, 'compare.html') }));
  return `${lines.join('\n')}\n`;
}
