import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { isMinor } from '../domain/minor';
import { REASON_CODES, SUPPRESSION_CODES, WARNING_CODES, type ReasonCode, type SuppressionCode, type WarningCode, type WarningEntry } from '../domain/types';
import { UsageError } from '../domain/errors';
import { assertHasRecords, validateExtract, type ExtractProgress, type PrintabilityCheck, type ReadOptions, type JudgeOptions } from '../extract';
import { probeFile } from '../extract/lines';
import { loadPostcodeTable, loadRenderAssets } from '../assets';
import { columns, currentLang, formatCount as n, padColumns, t, tIn, type Lang } from '../i18n';
import { chinaDate, yearEnded } from '../domain/dates';
import { makeDirectory, writeError } from '../run-dir/atomic';
import { lazy } from './lazy';
import { dayNumber, readDeceasedLists, type DeceasedListRef } from '../extract/deceased';
import { loadTicket, type Ticket } from '../pipeline/config';
import type { ReturnedCheck } from '../domain/returned';
import { readReturnedList, type ReturnedListRef } from '../run-dir/returns';
import { assertCompareDirs, formatComparison, readCheckDir, writeComparison } from './compare';

/**
 * The renderer's printability check (font coverage + box fitting): the very check `run`'s ingest
 * applies, so `check` holds exactly the records `run` will hold.
 */
const SUPPRESSED = new Set<string>(SUPPRESSION_CODES);

export function printabilityForCheck(): PrintabilityCheck {
  return lazy.render().createRenderer(loadRenderAssets()).printable;
}

export interface CheckSummary {
  input: number;
  mailed: number;
  byBatch: { E: number; R: number };
  guardianAddressed: number; // mailed minors whose statement goes to the guardian
  /** Records that get an electronic statement instead of a printed one (delivery: electronic). */
  electronic: number;
  suppressed: Record<(typeof SUPPRESSION_CODES)[number], number>;
  held: Record<ReasonCode, number>;
  /** Warnings per code: printed all the same (warnings.jsonl). */
  warnings: Record<WarningCode, number>;
  printabilityChecked: boolean;
}

export interface CheckOptions extends ReadOptions, JudgeOptions {
  /** Directory for exceptions.jsonl (held and suppressed records, ssn masked). */
  out?: string;
}

/** validateExtract + counting; writes exceptions.jsonl when `out` is given. */
export async function runCheck(file: string, opts: CheckOptions): Promise<CheckSummary> {
  const s: CheckSummary = {
    input: 0,
    mailed: 0,
    byBatch: { E: 0, R: 0 },
    guardianAddressed: 0,
    electronic: 0,
    suppressed: Object.fromEntries(SUPPRESSION_CODES.map((c) => [c, 0])) as CheckSummary['suppressed'],
    held: Object.fromEntries(REASON_CODES.map((c) => [c, 0])) as Record<ReasonCode, number>,
    warnings: Object.fromEntries(WARNING_CODES.map((c) => [c, 0])) as Record<WarningCode, number>,
    printabilityChecked: opts.printable !== undefined,
  };
  // an unreadable extract, or one without a record, fails before exceptions.jsonl is created
  probeFile(file);
  await assertHasRecords(file, opts);
  if (opts.out) {
    const out = opts.out;
    await makeDirectory(out).catch((err: unknown) => {
      throw writeError(err, out);
    });
  }
  const exc = opts.out ? new LineSink(path.join(opts.out, 'exceptions.jsonl')) : null;
  const warn = opts.out ? new LineSink(path.join(opts.out, 'warnings.jsonl')) : null;
  for await (const item of validateExtract(file, opts)) {
    s.input++;
    if (item.type === 'record') {
      const r = item.record;
      for (const w of item.warnings ?? []) {
        s.warnings[w.warning]++;
        await warn?.add({ recordId: r.recordId, line: r.line, warning: w.warning, message: w.message } satisfies WarningEntry);
      }
      if (r.delivery === 'electronic') {
        s.electronic++;
        continue;
      }
      s.mailed++;
      s.byBatch[r.kind === 'employee' ? 'E' : 'R']++;
      if (r.guardian && isMinor(r.person.birthDate, opts.year)) s.guardianAddressed++;
      continue;
    }
    const e = item.entry;
    if (SUPPRESSED.has(e.reason)) s.suppressed[e.reason as (typeof SUPPRESSION_CODES)[number]]++;
    else if (e.reason !== 'DELIVERY_ELECTRONIC') s.held[e.reason as ReasonCode]++;
    await exc?.add(e);
  }
  await exc?.close();
  await warn?.close();
  return s;
}

/** A JSONL file written in 64 KiB slices, with backpressure; a write error rejects the next add or close. */
class LineSink {
  private readonly out: ReturnType<typeof createWriteStream>;
  private readonly failed: Promise<never>;
  private buf = '';
  constructor(file: string) {
    const out = createWriteStream(file);
    this.out = out;
    // a full disk or a read-only directory: one line naming the file
    this.failed = new Promise<never>((_, reject) => out.on('error', (err) => reject(writeError(err, file))));
    this.failed.catch(() => undefined);
  }
  async add(line: object): Promise<void> {
    this.buf += `${JSON.stringify(line)}\n`;
    if (this.buf.length > 1 << 16) await this.flush();
  }
  private async flush(): Promise<void> {
    if (!this.buf) return;
    const ok = this.out.write(this.buf);
    this.buf = '';
    if (!ok) await Promise.race([once(this.out, 'drain'), this.failed]);
  }
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await Promise.race([once(this.out, 'close'), this.failed]);
  }
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/** The table operators read: counts only, no personal data; each code with what it means. */
export function formatCheckReport(s: CheckSummary, file: string, year: number, lang: Lang = currentLang()): string {
  const m = (key: 'check.input' | 'check.mailed' | 'check.employees' | 'check.residents' | 'check.guardians' | 'check.electronic' | 'check.suppressed' | 'check.held' | 'check.warnings') => tIn(lang, key);
  const code = (c: ReasonCode | SuppressionCode) => `  ${c} ${tIn(lang, `reason.${c}`)}`;
  const rows: [string, number][] = [
    [m('check.input'), s.input],
    [m('check.mailed'), s.mailed],
    [m('check.employees'), s.byBatch.E],
    [m('check.residents'), s.byBatch.R],
    [m('check.guardians'), s.guardianAddressed],
    [m('check.electronic'), s.electronic],
    [m('check.suppressed'), sum(s.suppressed)],
    ...SUPPRESSION_CODES.map((c): [string, number] => [code(c), s.suppressed[c]]),
    [m('check.held'), sum(s.held)],
    ...REASON_CODES.map((c): [string, number] => [code(c), s.held[c]]),
    [m('check.warnings'), sum(s.warnings)],
    ...WARNING_CODES.map((c): [string, number] => [`  ${c} ${tIn(lang, `warning.${c}`)}`, s.warnings[c]]),
  ];
  const width = Math.max(...rows.map(([, v]) => n(v).length));
  const labels = Math.max(32, ...rows.map(([l]) => columns(l) + 2));
  const lines = [tIn(lang, 'check.head', { file: path.basename(file), year })];
  for (const [label, v] of rows) lines.push(`${padColumns(label, labels)}${n(v).padStart(width)}`);
  const ok = s.input === s.mailed + s.electronic + sum(s.suppressed) + sum(s.held);
  lines.push(tIn(lang, 'check.balance', { input: n(s.input), mailed: n(s.mailed), electronic: n(s.electronic), suppressed: n(sum(s.suppressed)), held: n(sum(s.held)), ok }));
  if (!s.printabilityChecked) lines.push(tIn(lang, 'check.notPrintable'));
  return `${lines.join('\n')}\n`;
}

/** A bar on a terminal; periodic lines for a large file otherwise; nothing for a small one. */
export function progressReporter(
  stderr: Pick<NodeJS.WriteStream, 'isTTY' | 'write'>,
  opts: { largeBytes?: number; everyMs?: number } = {},
): { onProgress: (p: ExtractProgress) => void; stop: () => void } {
  const LARGE = opts.largeBytes ?? 64 * 1024 * 1024;
  const EVERY = opts.everyMs ?? 10_000;
  if (stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${t('check.progressBar')} [{bar}] ${t('check.progressRead')} | {records} ${t('check.progressRecords')} | {eta_formatted}`, stream: stderr as NodeJS.WriteStream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let pass = 0;
    return {
      onProgress: (p) => {
        if (p.pass !== pass) {
          if (pass !== 0) bar.stop();
          pass = p.pass;
          bar.start(p.totalBytes || 1, 0, { pass, records: '0' });
        }
        bar.update(p.bytesRead, { pass, records: n(p.records) });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    onProgress: (p) => {
      if (p.totalBytes < LARGE || Date.now() - last < EVERY) return;
      last = Date.now();
      stderr.write(`${t('check.progressLine', { pass: p.pass, pct: Math.floor((p.bytesRead / p.totalBytes) * 100), records: n(p.records) })}\n`);
    },
    stop: () => undefined,
  };
}

export function parseYear(v: string): number {
  if (!/^\d{4}$/.test(v) || Number(v) < 1990 || Number(v) > 2999) throw new UsageError(t('check.badYear', { value: v }));
  return Number(v);
}

/** The lists of `--returned`, with the key `run` would judge them under (SIPRINT_VERIFY_KEY, else the ticket's key). */
export async function returnedForCheck(files: readonly string[], ticket: Ticket | undefined, env: NodeJS.ProcessEnv = process.env): Promise<{ check: ReturnedCheck; lists: ReturnedListRef[] }> {
  const key = env.SIPRINT_VERIFY_KEY || ticket?.verificationKey;
  if (!key) throw new UsageError(t('returned.needsKey'));
  const read = await readReturnedList(files);
  return { check: { list: read.list, key }, lists: read.lists };
}

/** The print date a death is judged against: --print-date, else the ticket's, else today (as `run` takes it). */
export function checkPrintDate(given: string | undefined, ticket: Ticket | undefined, now = new Date()): string {
  const d = given ?? ticket?.printDate ?? now.toISOString().slice(0, 10);
  if (dayNumber(d) === null) throw new UsageError(t('check.badPrintDate', { value: d }));
  return d;
}

/** The lists of `--deceased`, read once, keyed as `run` keys them (SIPRINT_VERIFY_KEY, else the ticket's key). */
export async function deceasedForCheck(files: string[], printDate: string, ticket: Ticket | undefined, env: NodeJS.ProcessEnv = process.env) {
  const key = env.SIPRINT_VERIFY_KEY || ticket?.verificationKey || undefined;
  const read = await readDeceasedLists(files, key);
  return { judge: { table: read.table, printDay: dayNumber(printDate) as number, key: read.key }, lists: read.lists };
}

interface CheckCli {
  extract: string;
  year: string;
  encoding: 'utf8' | 'gb18030';
  format?: 'jsonl' | 'csv';
  out?: string;
  ticket?: string;
  printDate?: string;
  deceased?: string[];
  distribution: 'home' | 'employer';
  returned?: string[];
  compare?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('validate an extract without rendering: counts per batch, minors, suppressed, and every held record with its reason')
    .requiredOption('--extract <file>', 'the year-end extract (.jsonl or .csv, optionally .gz)')
    .requiredOption('--year <yyyy>', 'the business year (minors: under 18 on 31 Dec of it)')
    .addOption(new Option('--encoding <enc>', 'text encoding of the extract (a UTF-8 BOM is always honoured)').choices(['utf8', 'gb18030']).default('utf8'))
    .addOption(new Option('--format <fmt>', 'extract format (default: from the file name)').choices(['jsonl', 'csv']))
    .option('--out <dir>', 'write exceptions.jsonl (held and suppressed records, ssn masked) into this directory')
    .option('--ticket <file>', 'the run\'s job ticket: its printDate, verificationKey, rates and interestRate, as `run` would take them')
    .option('--print-date <yyyy-mm-dd>', 'the print date a death on a --deceased list is judged against (default: the ticket\'s, else today)')
    .option('--deceased <files...>', 'lists of people who have died (CSV: ssn or ssnHash, diedOn): suppressed DECEASED when the death is before the print date')
    .addOption(new Option('--distribution <how>', 'as the run\'s ticket: employee statements mailed home or through employers (an employee with an employer address then needs no home address)').choices(['home', 'employer']).default('home'))
    .option('--returned <files...>', 'last year\'s returns/returned-addresses.jsonl: a person still at an address that came back is held ADDRESS_RETURNED (needs SIPRINT_VERIFY_KEY, the key the lists were made under)')
    .option('--compare <previous-dir>', 'last month\'s check --out directory: per reason and warning code, this month against that one, and the records that newly fail (compare.json and compare.html in --out)')
    .action(async (o: CheckCli) => {
      const year = parseYear(o.year);
      // before the check writes anything: --out must be given and must not be last month's directory
      // and last month's files are read first, so a wrong directory fails before this month's check runs
      if (o.compare !== undefined) assertCompareDirs(o.compare, o.out);
      const previous = o.compare !== undefined ? await readCheckDir(o.compare) : undefined;
      // check may look at a year still open (a rehearsal); it says so, and run will refuse the year
      const now = new Date();
      if (!yearEnded(year, now)) process.stderr.write(`siprint: ${t('input.yearOpenNote', { year, today: chinaDate(now) })}\n`);
      const ticket = o.ticket ? loadTicket(o.ticket) : undefined;
      const opts: CheckOptions = { year, postcodes: loadPostcodeTable().table, encoding: o.encoding };
      let lists: DeceasedListRef[] = [];
      if (o.deceased?.length) {
        const d = await deceasedForCheck(o.deceased, checkPrintDate(o.printDate, ticket), ticket);
        opts.deceased = d.judge;
        lists = d.lists;
      }
      const returned = o.returned?.length ? await returnedForCheck(o.returned, ticket) : undefined;
      const progress = progressReporter(process.stderr);
      opts.onProgress = progress.onProgress;
      opts.printable = printabilityForCheck();
      if (o.format) opts.format = o.format;
      if (o.out) opts.out = o.out;
      if (o.distribution === 'employer') opts.distribution = 'employer';
      if (ticket?.rates || ticket?.interestRate !== undefined) opts.warnings = { ...(ticket.rates ? { rates: ticket.rates } : {}), ...(ticket.interestRate !== undefined ? { interestRate: ticket.interestRate } : {}) };
      if (returned) opts.returned = returned.check;
      try {
        const summary = await runCheck(o.extract, opts);
        progress.stop();
        process.stdout.write(formatCheckReport(summary, o.extract, year));
        for (const l of lists) process.stdout.write(`${t('check.deceasedList', { file: l.file, entries: n(l.entries), sha256: l.sha256 })}\n`);
        for (const l of returned?.lists ?? []) process.stdout.write(`${t('returned.list', { file: l.file, entries: n(l.entries), sha256: l.sha256 })}\n`);
        if (o.out) process.stdout.write(`${t('check.exceptionsFile', { file: path.join(o.out, 'exceptions.jsonl') })}\n${t('check.warningsFile', { file: path.join(o.out, 'warnings.jsonl') })}\n`);
        if (previous && o.compare !== undefined && o.out) process.stdout.write(`\n${formatComparison(await writeComparison(previous, o.compare, o.out), o.compare, o.out)}`);
      } finally {
        progress.stop();
      }
    });
}
