import path from 'node:path';
import type { Command } from 'commander';
import { t } from '../i18n';
import { operatorOf } from './delivery-options';
import { lazy } from './lazy';

/** `siprint makeup RUN_DIR [--approved-by OP]`: a make-up package of the pieces that failed (docs/delivery.md §4). */
export function registerMakeup(program: Command): void {
  program
    .command('makeup')
    .description('build print/<runId>-MU-<k>.zip: the same statements and envelopes for exactly the pieces whose latest result is not ok (their DataMatrix with |MU<k>); more than makeupApprovalPercent of the run needs --approved-by')
    .argument('<RUN_DIR>', 'the run directory DIR/<runId>')
    .option('--approved-by <OP>', 'a second operator approving a large make-up')
    .option('--operator <OP>', 'who makes the package (default $USER)')
    .action(async (dir: string, o: { approvedBy?: string; operator?: string }) => {
      const runDir = path.resolve(dir);
      const r = await lazy.tracking().makeUp(runDir, { operator: operatorOf(o), ...(o.approvedBy !== undefined ? { approvedBy: o.approvedBy } : {}) });
      if ('none' in r) process.stdout.write(`${t('makeup.none', { runId: r.runId })}\n`);
      else process.stdout.write(`${t('makeup.made', { file: path.join(runDir, r.record.path), pieces: r.record.pieces, sheets: r.record.sheets })}\n`);
    });
}
