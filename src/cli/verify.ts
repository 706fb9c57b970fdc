import type { Command } from 'commander';
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
        process.stderr.write(`siprint verify: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${runDir}\n`);
        process.exitCode = 1;
        return;
      }
      if (s.purgedOn !== undefined) {
        process.stdout.write(
          `OK ${s.runId}: PURGED on ${s.purgedOn} (packages and archive removed on purpose); manifest of ${s.pieces} pieces, ` +
            `${s.exceptionLines} exceptions lines, audit chain of ${s.auditLines} lines intact\n`,
        );
        return;
      }
      const sealed = s.encryptedPackages > 0 ? ` (${s.encryptedPackages} encrypted: checked by hash only)` : '';
      process.stdout.write(
        `OK ${s.runId}: ${s.packages} packages${sealed}, ${s.pieces} pieces, ${s.statementPages} statement pages, ` +
          `${s.envelopePages} envelopes, ${s.exceptionLines} exceptions lines, audit chain of ${s.auditLines} lines intact\n`,
      );
      if (s.finishedLate) {
        const red = (t: string): string => (process.stderr.isTTY ? `\x1b[31m${t}\x1b[0m` : t);
        process.stderr.write(red(`siprint verify: this run finished after its hand-off date ${s.handoffBy} (the print house needs its lead time)\n`));
      }
    });
}
