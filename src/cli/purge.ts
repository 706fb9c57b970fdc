import type { Command } from 'commander';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { lazy } from './lazy';

export function registerPurge(program: Command): void {
  program
    .command('purge')
    .description('after the retention period: remove a finished run\'s personal data (archive, parts, packages), keep manifest, reconciliation, exceptions and audit')
    .argument('<RUN_DIR>', 'the run directory DIR/<runId>')
    .option('--keep-audit', 'required: confirms that manifest.json and audit.jsonl stay (they always do)')
    .option('--older-than <days>', 'refuse unless the run finished at least this many days ago')
    .option('--operator <id>', 'operator ID for the audit log (default $USER)')
    .action(async (runDir: string, o: { keepAudit?: boolean; olderThan?: string; operator?: string }) => {
      let olderThanDays: number | undefined;
      if (o.olderThan !== undefined) {
        olderThanDays = Number(o.olderThan);
        if (!/^\d+$/.test(o.olderThan)) throw new UsageError(t('purge.badDays', { value: o.olderThan }));
      }
      const m = await lazy.purge().purgeRun({ runDir, keepAudit: o.keepAudit === true, ...(o.operator !== undefined ? { operator: o.operator } : {}), ...(olderThanDays !== undefined ? { olderThanDays } : {}) });
      process.stdout.write(`${t('purge.done', { runId: m.runId, removed: m.removed.join(', '), files: m.files, bytes: m.bytes })}\n`);
    });
}
