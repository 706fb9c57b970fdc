/**
 * Progress of a run on stderr: cli-progress bars on a terminal, a plain line every few seconds
 * otherwise (e.g. in a log collector). Counts only, no personal data.
 */
import cliProgress from 'cli-progress';
import type { PipelineEvent } from '../pipeline';

const n = (x: number) => x.toLocaleString('en-US');

export interface ProgressReporter {
  onEvent(e: PipelineEvent): void;
  stop(): void;
}

function eta(done: number, total: number, startedMs: number, nowMs: number): string {
  if (done <= 0 || total <= done) return done >= total ? '0s' : '…';
  const s = Math.round(((nowMs - startedMs) / done) * (total - done) / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function createProgressReporter(stream: NodeJS.WriteStream, opts: { intervalMs?: number; now?: () => number } = {}): ProgressReporter {
  const now = opts.now ?? Date.now;
  const started = now();
  let renderStarted = 0;
  const s = { records: 0, bytesRead: 0, totalBytes: 0, parts: 0, rendered: 0, packaged: 0 };

  if (stream.isTTY) {
    const multi = new cliProgress.MultiBar(
      { stream, hideCursor: true, clearOnComplete: false, stopOnComplete: false, etaBuffer: 50, barsize: 30, autopadding: true },
      cliProgress.Presets.shades_classic,
    );
    const records = multi.create(1, 0, { what: 'records read', count: '0', rate: '0' }, { format: ' {what} |{bar}| {count} · {rate}/s · ETA {eta_formatted}' });
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
          const fmt = (what: string) => ({ format: ` ${what} |{bar}| {value}/{total} parts · {rate} parts/s · ETA {eta_formatted}` });
          rendered = multi.create(Math.max(1, e.parts), 0, { what: 'parts rendered ', rate: '0' }, fmt('parts rendered '));
          packaged = multi.create(Math.max(1, e.parts), 0, { what: 'packages sealed', rate: '0' }, fmt('packages sealed'));
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
    line(`${n(s.rendered)}/${n(s.parts)} parts rendered, ${n(s.packaged)}/${n(s.parts)} packages sealed, ETA ${eta(s.packaged, s.parts, renderStarted, now())}`, force);
  return {
    onEvent(e) {
      if (e.type === 'ingest-progress') {
        s.records = e.records;
        const pct = e.totalBytes > 0 ? ` (${Math.floor((100 * e.bytesRead) / e.totalBytes)}% of the extract)` : '';
        line(`${n(e.records)} records read${pct}, ${n(Math.round(e.records / Math.max(0.001, (now() - started) / 1000)))} records/s`);
      } else if (e.type === 'ingested') {
        s.parts = e.parts;
        renderStarted = now();
        line(`ingest done: ${n(e.records)} records, ${n(e.pieces)} statements in ${n(e.parts)} parts`, true);
      } else if (e.type === 'part-rendered') {
        s.rendered = e.done;
        renderLine(false);
      } else if (e.type === 'part-packaged') {
        s.packaged = e.done;
        renderLine(e.done === s.parts);
      } else if (e.type === 'finalized') {
        line('run finalized', true);
      }
    },
    stop: () => undefined,
  };
}
