/**
 * `siprint worker --redis URL [--concurrency N] [--prefix P]`: processes every stage of every run on
 * the queue until SIGTERM/SIGINT. The first signal finishes the current jobs and stops (exit 0); a second
 * one exits at once (exit 1) and so hands the unfinished jobs back: other workers take them over when
 * their locks lapse. With Redis gone the first signal cannot finish anything, so it exits within seconds
 * (exit 1) and hands the jobs back the same way.
 */
import { Command, Option } from 'commander';
import pino from 'pino';
import { UsageError } from '../domain/errors';
import { DEFAULT_REDIS_URL } from '../queue/connection';
import { lazy } from './lazy';
import { t } from '../i18n';

interface WorkerCliOptions {
  redis?: string;
  concurrency?: string;
  prefix?: string;
  stages?: string;
  lockDuration?: string;
  stalledInterval?: string;
  attempts?: string;
  backoff?: string;
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(t('queue.atLeastOne', { name, value: `'${value}'` }));
  return n;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('process queued runs (every stage) until SIGTERM/SIGINT; several workers on several machines share the work')
    .option('--redis <url>', `Redis URL (default: $REDIS_URL, else ${DEFAULT_REDIS_URL})`)
    .option('--concurrency <n>', 'jobs at once, each on its own thread (default: number of cores)')
    .option('--prefix <p>', 'BullMQ key prefix; run and worker must agree', 'siprint')
    // For tests and benchmarks: drive the queue with other stage functions and shorter timings.
    .addOption(new Option('--stages <module>', 'module exporting the stage functions').hideHelp())
    .addOption(new Option('--lock-duration <ms>').hideHelp())
    .addOption(new Option('--stalled-interval <ms>').hideHelp())
    .addOption(new Option('--attempts <n>').hideHelp())
    .addOption(new Option('--backoff <ms>').hideHelp())
    .action(async (o: WorkerCliOptions) => {
      const redisUrl = o.redis ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
      // Job IDs, stages and timings only: the payloads carry no personal data, and neither does this log.
      const logger = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: 2, sync: true }));
      const attempts = positiveInt('--attempts', o.attempts);
      const backoffMs = positiveInt('--backoff', o.backoff);
      const running = lazy.queue().startWorker({
        redisUrl,
        prefix: o.prefix,
        concurrency: positiveInt('--concurrency', o.concurrency),
        stages: o.stages,
        lockDurationMs: positiveInt('--lock-duration', o.lockDuration),
        stalledIntervalMs: positiveInt('--stalled-interval', o.stalledInterval),
        retry: { ...(attempts ? { attempts } : {}), ...(backoffMs ? { backoffMs } : {}) },
        log: (e) => (e.event === 'job-failed' || e.event === 'redis-error' || e.event === 'job-stalled' ? logger.warn(e) : logger.info(e)),
      });
      logger.info({ event: 'worker-started', prefix: o.prefix, concurrency: running.worker.concurrency });
      await new Promise<void>((resolve, reject) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals): void => {
          if (stopping) {
            // BullMQ cannot turn a graceful close into a forced one, so leave now: the unfinished jobs'
            // locks lapse (lock duration) and other workers take them over as stalled jobs.
            logger.warn({ event: 'worker-stopping-now', signal });
            process.exit(1);
          }
          stopping = true;
          logger.info({ event: 'worker-stopping', signal });
          running.stop().then((r) => {
            if (r.outcome === 'closed') return resolve();
            logger.warn({ event: 'worker-stopping-now', signal, reason: r.outcome, jobsHeld: r.held });
            process.exit(1);
          }, reject);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
      logger.info({ event: 'worker-stopped' });
    });
}
