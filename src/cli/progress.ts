/**
 * Progress of a run on stderr: cli-progress bars on a terminal, a plain line every few seconds
 * otherwise (e.g. in a log collector). Counts only, no personal data.
 */
import cliProgress from 'cli-progress';
import { currentLang, formatCount as n, formatDuration, padColumns, columns, tIn, type Lang } from '../i18n';
import type { PipelineEvent } from '../pipeline';

export interface ProgressReporter {
  onEvent(e: PipelineEvent): void;
  stop(): void;
}

function eta(done: number, total: number, startedMs: number, nowMs: number, lang: Lang): string {
  if (done <= 0 || total <= done) return done >= total ? formatDuration(0, lang) : '…';
  return formatDuration((((nowMs - startedMs) / done) * (total - done)) / 1000, lang);
}

export function createProgressReporter(stream: NodeJS.WriteStream, opts: { intervalMs?: number; now?: () => number; lang?: Lang } = {}): ProgressReporter {
  const now = opts.now ?? Date.now;
  const lang = opts.lang ?? currentLang();

  const started = now();
  let renderStarted = 0;
  const s = { records: 0, bytesRead: 0, totalBytes: 0, parts: 0, rendered: 0, packaged: 0 };

  if (stream.isTTY) {
    const multi = new cliProgress.MultiBar(
      { stream, hideCursor: true, clearOnComplete: false, stopOnComplete: false, etaBuffer: 50, barsize: 30, autopadding: true },
      cliProgress.Presets.shades_classic,
    );
    // the three names line up in either language (CJK characters take two columns)
    const names = [tIn(lang, 'progress.recordsBar'), tIn(lang, 'progress.renderedBar'), tIn(lang, 'progress.packagedBar')];
    const width = Math.max(...names.map(columns));
    const [recordsName, renderedName, packagedName] = names.map((x) => padColumns(x, width));
    const [parts, eta] = [tIn(lang, 'progress.partsUnit'), tIn(lang, 'progress.eta')];
    const records = multi.create(1, 0, { count: '0', rate: '0' }, { format: ` ${recordsName} |{bar}| {count} · {rate}/s · ${eta} {eta_formatted}` });
    let rendered: cliProgress.SingleBar | undefined;
    let packaged: cliProgress.SingleBar | undefined;
    const rate = (x: number, since: number) => n(Math.round(x / Math.max(0.001, (now() - since) / 1000)));
    return {
      onEvent(e) {
        if (e.type === 'ingest-progress') {
          records.setTotal(Math.max(1, e.totalBytes));
          records.update(Math.min(e.bytesRead, Math.max(1, e.totalBytes)), { count: n(e.records), rate: rate(e.records, started) });
        } else if (e.type === 'ingested') {
          records.setTotal(1);
          records.update(1, { count: n(e.records), rate: rate(e.records, started) });
          renderStarted = now();
          const fmt = (what: string) => ({ format: ` ${what} |{bar}| {value}/{total} ${parts} · {rate} ${parts}/s · ${eta} {eta_formatted}` });
          rendered = multi.create(Math.max(1, e.parts), 0, { rate: '0' }, fmt(renderedName ?? ''));
          packaged = multi.create(Math.max(1, e.parts), 0, { rate: '0' }, fmt(packagedName ?? ''));
        } else if (e.type === 'part-rendered') {
          rendered?.update(e.done, { rate: (e.done / Math.max(0.001, (now() - renderStarted) / 1000)).toFixed(1) });
        } else if (e.type === 'part-packaged') {
          packaged?.update(e.done, { rate: (e.done / Math.max(0.001, (now() - renderStarted) / 1000)).toFixed(1) });
        } else if (e.type === 'finalized') {
          multi.stop();
        }
      },
      stop: () => multi.stop(),
    };
  }

  // not a terminal: one plain line at most every intervalMs, plus one per stage change
  const interval = opts.intervalMs ?? 5000;
  let last = 0;
  const line = (text: string, force = false) => {
    const t = now();
    if (!force && t - last < interval) return;
    last = t;
    stream.write(`siprint: ${text}\n`);
  };
  const renderLine = (force: boolean) =>
    line(tIn(lang, 'progress.parts', { rendered: n(s.rendered), packaged: n(s.packaged), parts: n(s.parts), eta: eta(s.packaged, s.parts, renderStarted, now(), lang) }), force);
  return {
    onEvent(e) {
      if (e.type === 'ingest-progress') {
        s.records = e.records;
        const rate = n(Math.round(e.records / Math.max(0.001, (now() - started) / 1000)));
        line(tIn(lang, 'progress.records', { records: n(e.records), rate, ...(e.totalBytes > 0 ? { pct: Math.floor((100 * e.bytesRead) / e.totalBytes) } : {}) }));
      } else if (e.type === 'ingest-ranges') {
        // each range's stage a line (there are a few per thread); the buckets' layer only at its end
        const key = e.layer === 'keys' ? 'progress.rangesKeys' : e.layer === 'duplicates' ? 'progress.rangesDuplicates' : 'progress.rangesJudge';
        if (e.layer !== 'duplicates' || e.done === e.total) line(tIn(lang, key, { done: n(e.done), total: n(e.total) }), true);
      } else if (e.type === 'ingested') {
        s.parts = e.parts;
        renderStarted = now();
        line(tIn(lang, 'progress.ingested', { records: n(e.records), pieces: n(e.pieces), parts: n(e.parts) }), true);
      } else if (e.type === 'part-rendered') {
        s.rendered = e.done;
        renderLine(false);
      } else if (e.type === 'part-packaged') {
        s.packaged = e.done;
        renderLine(e.done === s.parts);
      } else if (e.type === 'finalized') {
        line(tIn(lang, 'progress.finalized'), true);
      }
    },
    stop: () => undefined,
  };
}
