import path from 'node:path';
import type { Command } from 'commander';
import { t } from '../i18n';
import { lazy } from './lazy';

/** `siprint release RUN_DIR --approved-by OPERATOR`: the second operator's go for the print house. */
export function registerRelease(program: Command): void {
  program
    .command('release')
    .description('release a run held for approval (ticket requireApproval): its sealed packages go from pending to released; needs an operator other than the one who started the run')
    .argument('<RUN_DIR>', 'the run directory DIR/<runId>')
    .requiredOption('--approved-by <operator>', 'the approving operator (not the one who started the run)')
    .action(async (runDir: string, o: { approvedBy: string }) => {
      const { record, changed } = await lazy.release().releaseRun(path.resolve(runDir), o.approvedBy);
      process.stdout.write(
        `${changed
          ? t('release.done', { runId: record.runId, packages: record.packages.length, approvedBy: record.approvedBy ?? '', startedBy: record.startedBy })
          : t('release.already', { runId: record.runId, approvedBy: record.approvedBy ?? '?', approvedAt: record.approvedAt ?? '?' })}\n`,
      );
    });
}
