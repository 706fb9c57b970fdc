import type { Command } from 'commander';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { lazy } from './lazy';

interface DashboardCliOptions {
  redis?: string;
  port: string;
  host: string;
  prefix?: string;
}

/** `siprint dashboard`: bull-board + a page per run; stops on SIGINT/SIGTERM. */
export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description('serve the BullMQ queue (bull-board, /queues) and a page per run with progress and the deadline countdown; 127.0.0.1 unless --host, and then only with SIPRINT_DASHBOARD_USER/PASSWORD (basic auth)')
    .option('--redis <url>', 'the Redis of the workers (default: $REDIS_URL)')
    .option('--port <n>', 'port', '3000')
    .option('--host <addr>', 'address to bind (anything but loopback needs SIPRINT_DASHBOARD_USER and SIPRINT_DASHBOARD_PASSWORD)', '127.0.0.1')
    .option('--prefix <p>', 'BullMQ key prefix of the run and workers (default: "siprint")')
    .action(async (o: DashboardCliOptions) => {
      const redisUrl = o.redis ?? process.env.REDIS_URL;
      if (!redisUrl) throw new UsageError(t('dashboard.noRedis'));
      if (!/^\d+$/.test(o.port) || Number(o.port) > 65535) throw new UsageError(t('err.wholeNumber', { name: '--port', value: o.port, min: 0, max: 65535 }));
      const d = await lazy.dashboard().startDashboard({ redisUrl, port: Number(o.port), host: o.host, ...(o.prefix ? { prefix: o.prefix } : {}) });
      process.stdout.write(`${t('dashboard.started', { url: d.url, queues: `${d.url}queues`, auth: d.auth })}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await d.close();
    });
}
