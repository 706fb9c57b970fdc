import path from 'node:path';
import type { Command } from 'commander';
import { t } from '../i18n';
import { readRunState } from '../pipeline/state';
import { createDeliverProgress } from './deliver-progress';
import { deliveryLines, operatorOf, targetOptions, type TargetFlags } from './delivery-options';
import { lazy } from './lazy';

/** `siprint deliver RUN_DIR`: the released packages onto the print house's SFTP host (docs/delivery.md §1). */
export function registerDeliver(program: Command): void {
  targetOptions(
    program
      .command('deliver')
      .description('send the run\'s released packages and their P.manifest.json sidecars to the print house over SFTP (.part + rename, sizes checked); a rerun sends only what is missing')
      .argument('<RUN_DIR>', 'the run directory DIR/<runId>'),
  )
    .option('--again <package...>', 'send these rejected packages again (after `siprint acks` reported them)')
    .action(async (dir: string, o: TargetFlags & { again?: string[] }) => {
      const runDir = path.resolve(dir);
      const d = lazy.delivery();
      const operator = operatorOf(o);
      const run = d.deliveryRun(runDir);
      const target = d.resolveTarget(o, run.stored.printHouse);
      const progress = createDeliverProgress(process.stderr);
      let r;
      try {
        r = await d.deliverRun(runDir, target, { operator, ...(o.again ? { again: o.again } : {}), onEvent: (e) => progress.onEvent(e) });
      } finally {
        progress.stop();
      }
      const seconds = r.ms / 1000;
      process.stdout.write(
        r.sent.length + r.foundComplete.length === 0
          ? `${t('deliver.nothing', { runId: r.runId, n: r.alreadyDelivered.length })}\n`
          : `${t('deliver.done', { runId: r.runId, url: target.url, sent: r.sent.length, mb: (r.bytesSent / 1048576).toFixed(1), seconds: seconds.toFixed(1), rate: (r.bytesSent / 1048576 / Math.max(seconds, 0.001)).toFixed(1), found: r.foundComplete.length, already: r.alreadyDelivered.length })}\n`,
      );
      const view = readRunState(runDir).delivery;
      if (view) process.stdout.write(deliveryLines(view).map((l) => `  ${l}\n`).join(''));
    });
}
