import type { Command } from 'commander';
import { currentLang, formatDay, t } from '../i18n';
import { lazy } from './lazy';

/** `siprint verify RUN_DIR`: one line per problem on stdout and exit 1, or a short OK summary and exit 0. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('re-check a finished run: package SHA-256s against manifest.json, pieces and pages in every package, the balance, the audit chain')
    .argument('<RUN_DIR>', 'the run directory DIR/<runId>')
    .action(async (runDir: string) => {
      const { problems, summary: s } = await lazy.verify().verifyRunDetailed(runDir);
      if (problems.length > 0) {
        process.stdout.write(problems.map((p) => `${p}\n`).join(''));
        process.stderr.write(`${t('verify.problems', { n: problems.length, runDir })}\n`);
        process.exitCode = 1;
        return;
      }
      if (s.purgedOn !== undefined) {
        const on = formatDay(s.purgedOn, currentLang());
        process.stdout.write(`${t('verify.okPurged', { runId: s.runId, on, pieces: s.pieces, exceptionLines: s.exceptionLines, auditLines: s.auditLines })}\n`);
        return;
      }
      const { runId, packages, encryptedPackages: encrypted, pieces, statementPages, envelopePages, exceptionLines, auditLines } = s;
      process.stdout.write(`${t('verify.ok', { runId, packages, encrypted, pieces, statementPages, envelopePages, exceptionLines, auditLines })}\n`);
      if (s.finishedLate) {
        const red = (t: string): string => (process.stderr.isTTY ? `\x1b[31m${t}\x1b[0m` : t);
        process.stderr.write(red(`${t('verify.finishedAfterHandoff', { handoffBy: formatDay(s.handoffBy, currentLang()) })}\n`));
      }
    });
}
