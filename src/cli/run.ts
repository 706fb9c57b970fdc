import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../domain/errors';
// each from its own module: the pipeline's index would load every stage (pdf-lib, fontkit) into every command
import { configFromStored, loadTicket, resolveRunConfig, resolveVerificationKey, type RunConfig } from '../pipeline/config';
import { readRunDeceased } from '../pipeline/deceased';
import type { RunSummary } from '../pipeline/finalize';
import { initRun } from '../pipeline/init';
import { readRunReturned } from '../pipeline/returned';
import { runInProcess, type PipelineEvent } from '../pipeline/run-in-process';
import { readRunState } from '../pipeline/state';
import { formatDuration, runLang, t, tIn, type Lang } from '../i18n';
import { assertHasRecords } from '../extract';
import { lockRunDir } from '../run-dir/lock';
import { runPaths } from '../run-dir/paths';
import { readStoredConfig } from '../run-dir/run-config';
import { createProgressReporter } from './progress';
import { formatRunSummary } from './run-summary';
import type { QueueProgress } from '../queue';
import { lazy } from './lazy';

interface RunOptions {
  extract?: string;
  year?: string;
  out?: string;
  runId?: string;
  ticket?: string;
  encoding?: string;
  concurrency?: string;
  resume?: string | boolean;
  redis?: string;
  prefix?: string;
  operator?: string;
  postagePermit?: string;
  ingestRanges?: string;
  deceased?: string[];
  returned?: string[];
}

/** The queue reports job counts; the terminal shows them with the same bars as an in-process run. */
function queueProgressAdapter(runDir: () => string | undefined, emit: (e: PipelineEvent) => void, waiting: { lang: Lang; redis: string; prefixOption: string }): (p: QueueProgress) => void {
  let announced = false;
  let rendered = 0;
  let packaged = 0;
  return (p) => {
    if (p.notice) process.stderr.write(`siprint: ${p.notice}\n`);
    if (p.noWorker) {
      const { lang, redis, prefixOption } = waiting;
      process.stderr.write(`siprint: ${tIn(lang, 'run.waitingForWorker', { runId: p.runId, for: formatDuration(p.noWorker.forMs / 1000, lang), redis, prefixOption })}\n`);
    }
    if (p.ingestRead && !announced) emit({ type: 'ingest-progress', ...p.ingestRead });
    const dir = runDir();
    if (!announced && p.parts > 0 && dir) {
      announced = true;
      const counts = readRunState(dir).counts;
      emit({ type: 'ingested', records: counts?.input ?? 0, parts: p.parts, pieces: counts?.pieces ?? 0 });
    }
    if (p.rendered !== rendered) emit({ type: 'part-rendered', partId: '', done: (rendered = p.rendered), total: p.parts });
    if (p.packaged !== packaged) emit({ type: 'part-packaged', partId: '', done: (packaged = p.packaged), total: p.parts });
    if (p.state === 'completed') emit({ type: 'finalized' });
  };
}

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(t('err.wholeNumber', { name, value: v, min, max }));
  return Number(v);
}

function encodingOf(v: string | undefined): 'utf8' | 'gb18030' | undefined {
  if (v === undefined) return undefined;
  const e = v.toLowerCase().replace('-', '');
  if (e === 'utf8' || e === 'gb18030') return e;
  throw new UsageError(t('err.encoding', { value: v }));
}

/** A resume takes its settings from run.json; options given must agree with it (initRun checks). */
function resumeConfig(runDir: string, o: RunOptions): RunConfig {
  if (!existsSync(runPaths(runDir).config)) throw new UsageError(t('err.noResume', { runDir }));
  const stored = readStoredConfig(runDir);
  // the range plan was made when the run began; a different N halfway would cut the extract twice
  if (o.ingestRanges !== undefined) throw new UsageError(t('input.ingestRangesOnResume'));
  const config = configFromStored(stored, resolveVerificationKey(stored));
  if (o.extract) config.extract = path.resolve(o.extract);
  const year = int('--year', o.year, 2000, 2100);
  if (year !== undefined) config.year = year;
  const enc = encodingOf(o.encoding);
  if (enc) config.encoding = enc;
  return config;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('an annual (or per-scheme) run: ingest, render, package, finalize — in this process, or on BullMQ workers with --redis')
    .option('--extract <file>', 'the year-end extract (.jsonl, .csv, optionally .gz)')
    .option('--year <yyyy>', 'the business year')
    .option('--out <dir>', 'where run directories go (DIR/<runId>/)')
    .option('--run-id <id>', 'the run ID (default <year>-<mode>-<UTC timestamp>)')
    .option('--ticket <file>', 'a job ticket (jobs/*.json); options override it')
    .option('--encoding <enc>', 'utf8 or gb18030')
    .option('--concurrency <n>', 'render worker threads (default: one per core)')
    .option('--resume [runDir]', 'continue an interrupted run (its directory, or --out + --run-id); finished parts are not redone')
    .option('--redis <url>', 'run on BullMQ workers (default: $REDIS_URL; neither = in this process)')
    .option('--postage-permit <text>', 'the postage permit printed on every envelope after 邮资已付 (default: "postagePermit" in the ticket; one of them is needed)')
    .option('--ingest-ranges <n>', 'cut the ingest into N byte ranges, spread over the threads (or the BullMQ workers) (default: "ingestRanges" in the ticket, else one per 48 MB, and in this process from 4 MB on at least one per thread); a new run only')
    .option('--operator <id>', 'who starts the run (default $USER); with requireApproval, `siprint release` needs another operator')
    .option('--deceased <files...>', 'lists of people who have died (CSV: ssn or ssnHash, diedOn): suppressed DECEASED when the death is before the print date')
    .option('--returned <files...>', 'last year\'s returns/returned-addresses.jsonl: a person still at an address that came back is held ADDRESS_RETURNED; one at a corrected address prints')
    .option('--prefix <p>', 'BullMQ key prefix (with --redis); run and workers must agree (default: "siprint")')
    .action(async (o: RunOptions) => {
      const concurrency = int('--concurrency', o.concurrency, 1, 256);
      let outDir: string;
      let config: RunConfig;
      if (typeof o.resume === 'string') {
        const runDir = path.resolve(o.resume);
        outDir = path.dirname(runDir);
        config = resumeConfig(runDir, o);
        if (o.runId && o.runId !== config.runId) throw new UsageError(t('err.otherRunId', { runId: o.runId, runDir, inDir: config.runId }));
      } else {
        if (!o.out) throw new UsageError(t('err.noOut'));
        outDir = path.resolve(o.out);
        if (o.resume && !o.runId) throw new UsageError(t('err.resumeWhich'));
        const existing = o.resume && o.runId ? path.join(outDir, o.runId) : undefined;
        if (existing && existsSync(runPaths(existing).config)) {
          config = resumeConfig(existing, o);
        } else {
          const year = int('--year', o.year, 2000, 2100);
          const encoding = encodingOf(o.encoding);
          config = resolveRunConfig({
            ...(o.ticket ? { ticket: loadTicket(o.ticket) } : {}),
            ...(o.extract ? { extract: o.extract } : {}),
            ...(year !== undefined ? { year } : {}),
            ...(o.runId ? { runId: o.runId } : {}),
            ...(encoding ? { encoding } : {}),
            ...(o.operator !== undefined ? { operator: o.operator } : {}),
            ...(o.postagePermit !== undefined ? { postagePermit: o.postagePermit } : {}),
            ...(o.ingestRanges !== undefined ? { ingestRanges: o.ingestRanges } : {}),
          });
        }
      }
      if (!existsSync(config.extract)) throw new UsageError(t('err.noExtract', { file: config.extract }));
      // an extract without a record is refused before a run directory exists (a worker's ingest refuses it too)
      if (!o.resume) await assertHasRecords(config.extract, { encoding: config.encoding });
      if (o.deceased?.length) {
        // a resumed run keeps the lists it was created with (run.json): never a different set halfway
        if (o.resume) throw new UsageError(tIn(runLang(config.lang), 'run.deceasedOnResume'));
        config.deceased = await readRunDeceased(o.deceased, config.verificationKey);
      }
      if (o.returned?.length) {
        // a resumed run keeps the lists it was created with (run.json): never a different set halfway
        if (o.resume) throw new UsageError(tIn(runLang(config.lang), 'returned.onResume'));
        config.returned = await readRunReturned(o.returned);
      }
      const redisUrl = o.redis ?? process.env.REDIS_URL;
      const lang = runLang(config.lang);
      const reporter = createProgressReporter(process.stderr, { lang });
      let summary: RunSummary;
      // one process per run directory at a time: a resume takes the lock before it writes anything, a
      // new run once initRun has made its directory (a crashed holder's lock is taken over)
      const runDirOf = path.resolve(outDir, config.runId);
      let lock = o.resume && existsSync(runDirOf) ? await lockRunDir(runDirOf) : undefined;
      try {
        if (redisUrl) {
          // the queue path: runViaQueue reaches Redis before it creates the run directory (initRun)
          const existing = o.resume ? await initRun(outDir, config, { resume: true }) : undefined;
          const target = existing ? { runDir: existing } : { outDir, config };
          const waiting = { lang, redis: lazy.queue().safeUrl(redisUrl), prefixOption: o.prefix ? ` --prefix ${o.prefix}` : '' };
          const onProgress = queueProgressAdapter(() => existing ?? path.join(outDir, config.runId), (e) => reporter.onEvent(e), waiting);
          try {
            summary = await lazy.queue().runViaQueue({ redisUrl, resume: Boolean(o.resume), onProgress, ...(o.prefix ? { prefix: o.prefix } : {}), ...target });
          } finally {
            reporter.stop();
          }
        } else {
          const runDir = await initRun(outDir, config, { resume: Boolean(o.resume) });
          lock ??= await lockRunDir(runDir);
          // every file is written temp + rename, so stopping here is safe; say how to continue
          const onSigint = () => {
            process.stderr.write(`\nsiprint: ${tIn(lang, 'run.interrupted', { runDir })}\n`);
            process.exit(130);
          };
          process.once('SIGINT', onSigint);
          try {
            summary = await runInProcess(runDir, {
              verificationKey: config.verificationKey,
              ...(concurrency ? { concurrency } : {}),
              onEvent: (e) => reporter.onEvent(e),
            });
          } finally {
            reporter.stop();
            process.removeListener('SIGINT', onSigint);
          }
        }
      } finally {
        await lock?.release();
      }
      process.stdout.write(formatRunSummary(summary, new Date(), Boolean(process.stdout.isTTY), lang));
      if (config.requireApproval) {
        process.stdout.write(`  ${tIn(lang, 'run.pendingRelease', { operator: config.operator ?? 'unknown', runDir: summary.runDir })}\n`);
      }
    });
}
