import path from 'node:path';
import type { Command } from 'commander';
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
      const what = `${record.packages.length} package${record.packages.length === 1 ? '' : 's'}`;
      process.stdout.write(
        changed
          ? `released ${record.runId}: ${what} approved by ${record.approvedBy ?? ''} (started by ${record.startedBy}); ready for the print house\n`
          : `${record.runId} was already released by ${record.approvedBy ?? '?'} on ${record.approvedAt ?? '?'}: nothing changed\n`,
      );
    });
}
