/**
 * Upload progress on stderr: per package and in all — bytes, rate, ETA — as cli-progress bars on a
 * terminal, a plain line every few seconds otherwise. File names and sizes only.
 */
import cliProgress from 'cli-progress';
import type { DeliverEvent } from '../delivery';
import { columns, padColumns as pad, t } from '../i18n';

const mb = (b: number) => (b / 1048576).toFixed(1);

function etaText(left: number, rate: number): string {
  if (rate <= 0) return '…';
  const s = Math.round(left / rate);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function createDeliverProgress(stream: NodeJS.WriteStream, opts: { intervalMs?: number } = {}): { onEvent(e: DeliverEvent): void; stop(): void } {
  let total = 0;
  let doneBytes = 0;
  let started = 0;
  let current = { file: '', sent: 0, bytes: 0, started: 0 };
  let width = 0; // the names line up
  const rate = (bytes: number, since: number) => bytes / Math.max(0.001, (Date.now() - since) / 1000);
  const payload = (file: string, sent: number, bytes: number, since: number) => {
    const r = rate(sent, since);
    return { file: pad(file, width), sentMb: mb(sent), totalMb: mb(bytes), rate: mb(r), left: etaText(bytes - sent, r) };
  };

  if (stream.isTTY) {
    // two bars, redrawn in place: the package being sent, and all of them
    const multi = new cliProgress.MultiBar(
      { stream, hideCursor: true, clearOnComplete: false, stopOnComplete: false, barsize: 30, format: ' {file} |{bar}| {sentMb}/{totalMb} MB · {rate} MB/s · ETA {left}' },
      cliProgress.Presets.shades_classic,
    );
    let all: cliProgress.SingleBar | undefined;
    let bar: cliProgress.SingleBar | undefined;
    return {
      onEvent(e) {
        if (e.type === 'start') {
          total = e.packages.reduce((a, p) => a + p.bytes, 0);
          started = Date.now();
          width = Math.max(columns(t('deliver.all')), ...e.packages.map((p) => columns(p.file)));
          bar = multi.create(1, 0, payload('', 0, 0, started));
          all = multi.create(Math.max(1, total), 0, payload(t('deliver.all'), 0, total, started));
        } else if (e.type === 'bytes') {
          if (e.file !== current.file) {
            current = { file: e.file, sent: 0, bytes: e.bytes, started: Date.now() };
            bar?.setTotal(Math.max(1, e.bytes));
          }
          current.sent = e.sent;
          bar?.update(e.sent, payload(e.file, e.sent, e.bytes, current.started));
          all?.update(doneBytes + e.sent, payload(t('deliver.all'), doneBytes + e.sent, total, started));
        } else if (e.type === 'done') {
          if (e.file === current.file) doneBytes += current.bytes;
          current = { file: '', sent: 0, bytes: 0, started: 0 };
          all?.update(doneBytes, payload(t('deliver.all'), doneBytes, total, started));
        }
      },
      stop: () => multi.stop(),
    };
  }

  const interval = opts.intervalMs ?? 5000;
  let last = 0;
  return {
    onEvent(e) {
      if (e.type === 'start') {
        total = e.packages.reduce((a, p) => a + p.bytes, 0);
        started = last = Date.now(); // a short delivery prints no progress line at all
      } else if (e.type === 'bytes') {
        if (e.file !== current.file) current = { file: e.file, sent: 0, bytes: e.bytes, started: Date.now() };
        current.sent = e.sent;
        if (Date.now() - last < interval) return;
        last = Date.now();
        const one = payload(e.file, e.sent, e.bytes, current.started);
        const sum = payload(t('deliver.all'), doneBytes + e.sent, total, started);
        stream.write(`siprint: ${t('deliver.progress', { file: e.file, sent: one.sentMb, total: one.totalMb, rate: one.rate, eta: one.left })}; ${t('deliver.progress', { file: t('deliver.all'), sent: sum.sentMb, total: sum.totalMb, rate: sum.rate, eta: sum.left })}\n`);
      } else if (e.type === 'done') {
        if (e.file === current.file) doneBytes += current.bytes;
        current = { file: '', sent: 0, bytes: 0, started: 0 };
      }
    },
    stop: () => undefined,
  };
}
