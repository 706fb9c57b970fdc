/**
 * `siprint verify-code CODE --run RUN_DIR | --runs DIR`: is a verification code (校验码) on record in
 * a run's verification index, whose (masked), and — with SIPRINT_VERIFY_KEY — does the HMAC of the
 * archived statement's content give it? Never prints a full ssn or name.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError, UsageError } from '../domain/errors';
import { t } from '../i18n';
import { formatVerificationCode, normalizeVerificationCode } from '../render/verification';
import { CodeIndex } from '../run-dir/code-index';
import { runPaths } from '../run-dir/paths';
import type { HmacCheck, IndexedRun } from '../serve';
import { lazy } from './lazy';

function openRuns(opts: { run?: string; runs?: string }): IndexedRun[] {
  const serve = lazy.serve();
  if (opts.run) {
    if (!existsSync(runPaths(opts.run).config)) throw new InputError(t('verifyCode.notRun', { dir: opts.run }));
    if (!CodeIndex.exists(opts.run)) throw new InputError(t('verifyCode.noIndex', { runDir: opts.run }));
    return [new serve.IndexedRun(opts.run)];
  }
  const dir = opts.runs ?? '';
  if (!existsSync(dir)) throw new InputError(t('verifyCode.noRuns', { dir }));
  const runs = new serve.RunSet(dir).list();
  if (runs.length === 0) throw new InputError(t('verifyCode.noRuns', { dir }));
  return runs;
}

function hmacLine(h: HmacCheck): string {
  switch (h.result) {
    case 'checks':
      return t('verifyCode.hmacChecks', { keyId: h.keyId });
    case 'no_key':
      return t('verifyCode.hmacNoKey');
    case 'other_key':
      return t('verifyCode.hmacOtherKey', { keyId: h.keyId, runKeyId: h.runKeyId });
    case 'mismatch':
      return t('verifyCode.hmacMismatch', { keyId: h.keyId });
    case 'unreadable':
      return t('verifyCode.hmacUnreadable', { why: h.why });
  }
}

export function registerVerifyCode(program: Command): void {
  program
    .command('verify-code')
    .description('look a verification code (校验码) up in the runs\' verification index: whose statement (masked), and whether its HMAC checks under SIPRINT_VERIFY_KEY')
    .argument('<code>', 'the 16-character code as printed, e.g. ABCD-EFGH-IJKL-MNOP')
    .option('--run <dir>', 'one run directory (DIR/<runId>)')
    .option('--runs <dir>', 'a directory of run directories (every year\'s): look in all of them')
    .action(async (code: string, opts: { run?: string; runs?: string }) => {
      const normalized = normalizeVerificationCode(code);
      if (!/^[A-Z2-7]{16}$/.test(normalized)) throw new UsageError(t('verifyCode.badCode', { code }));
      if (!opts.run === !opts.runs) throw new UsageError(t('verifyCode.runOrRuns'));
      const runs = openRuns(opts);
      const shown = formatVerificationCode(normalized);
      const { found, purged } = lazy.serve().findCode(runs, normalized);
      if (found.length === 0) {
        process.stdout.write(`${purged ? t('verifyCode.purged', { code: shown, runId: purged.runId, date: purged.purgedOn }) : t('verifyCode.notFound', { code: shown, where: opts.run ?? opts.runs ?? '' })}\n`);
        process.exitCode = 1;
        return;
      }
      const key = process.env.SIPRINT_VERIFY_KEY || undefined;
      for (const { run, piece } of found) {
        process.stdout.write(`${t('verifyCode.found', { code: shown, runId: run.runId, pieceId: piece.pieceId, batch: piece.batch, recordId: piece.recordId, name: piece.name, ssn: piece.ssn })}\n`);
        const h = await lazy.serve().checkHmac(run.runDir, run.stored, piece, normalized, key);
        process.stdout.write(`${hmacLine(h)}\n`);
        // asked to check (a key given) and it does not, or cannot: not a clean answer
        if (h.result !== 'checks' && h.result !== 'no_key') process.exitCode = 1;
      }
    });
}
