import type { Command } from 'commander';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { lazy } from './lazy';

interface ServeCliOptions {
  runs: string;
  port: string;
  host: string;
  rateLimit: string;
  trustProxy?: string;
}

const whole = (flag: string, v: string, max: number): number => {
  if (!/^\d+$/.test(v) || Number(v) > max) throw new UsageError(t('err.wholeNumber', { name: flag, value: v, min: 0, max }));
  return Number(v);
};

/** `siprint serve --runs DIR`: the verification service behind the QR; stops cleanly on SIGINT/SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the verification page behind the QR (GET /v/<code>, /api/v1/verify/<code>, /healthz) from the runs\' verification index; 127.0.0.1 unless --host, and then only with SIPRINT_SERVE_USER/PASSWORD (basic auth on /admin)')
    .requiredOption('--runs <dir>', 'the directory holding the run directories (siprint run --out): every year\'s')
    .option('--port <n>', 'port', '8080')
    .option('--host <addr>', 'address to bind (anything but loopback needs SIPRINT_SERVE_USER and SIPRINT_SERVE_PASSWORD)', '127.0.0.1')
    .option('--rate-limit <n>', 'lookups per client per minute', '60')
    .option('--trust-proxy <hops>', 'reverse proxies in front whose X-Forwarded-For names the client')
    .action(async (o: ServeCliOptions) => {
      // listening for the signal before the service starts: a SIGTERM right after start-up stops it cleanly too
      const stopped = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      const s = await lazy.serve().startServe({
        runs: o.runs,
        port: whole('--port', o.port, 65535),
        host: o.host,
        ratePerMinute: Math.max(1, whole('--rate-limit', o.rateLimit, 1_000_000)),
        ...(o.trustProxy ? { trustProxy: whole('--trust-proxy', o.trustProxy, 10) } : {}),
      });
      process.stderr.write(`${t('serve.started', { url: s.url, runs: o.runs })}\n`);
      await stopped;
      await s.close();
      process.stderr.write(`${t('serve.stopped')}\n`);
    });
}
