import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../domain/errors';
import { readRunState } from '../pipeline/state';
import { t } from '../i18n';
import { runPaths } from '../run-dir/paths';
import { formatRunStatus } from './run-summary';
import { lazy } from './lazy';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('where a run stands: counts per stage, exceptions so far, the deadline and days left')
    .argument('<runDirOrId>', 'the run directory (or a run ID with --out, or with --redis)')
    .option('--out <dir>', 'the directory holding run directories, when giving a run ID')
    .option('--redis <url>', 'also show the run\'s jobs on this Redis (BullMQ)')
    .option('--prefix <p>', 'BullMQ key prefix (with --redis; default "siprint")')
    .option('--json', 'print the run directory\'s status as JSON')
    .action(async (target: string, o: { out?: string; json?: boolean; redis?: string; prefix?: string }) => {
      const runDir = path.resolve(o.out ?? '.', target);
      const haveDir = existsSync(runPaths(runDir).config);
      if (!haveDir && !o.redis) {
        throw new InputError(t('status.notRunDir', { runDir }));
      }
      if (haveDir) {
        const st = readRunState(runDir);
        process.stdout.write(o.json ? `${JSON.stringify(st, null, 2)}\n` : formatRunStatus(st, new Date(), Boolean(process.stdout.isTTY)));
      }
      if (o.redis) {
        const runId = haveDir ? readRunState(runDir).runId : path.basename(target);
        const { formatQueueProgress, queueStatus } = lazy.queue();
        process.stdout.write(`  ${t('status.queue', { progress: formatQueueProgress(await queueStatus(o.redis, runId, o.prefix ? { prefix: o.prefix } : {})) })}\n`);
      }
    });
}
