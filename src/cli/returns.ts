import path from 'node:path';
import type { Command } from 'commander';
import { RETURN_REASONS } from '../domain/returned';
import { t } from '../i18n';
import { returnsPaths } from '../run-dir/returns';
import { operatorOf } from './delivery-options';
import { lazy } from './lazy';

const list = (xs: readonly string[], n: number) => `${xs.slice(0, 10).join(', ')}${n > 10 ? ', …' : ''}`;

/** `siprint returns RUN_DIR --file FILE`: returned mail (退信, docs/delivery.md §6). */
export function registerReturns(program: Command): void {
  program
    .command('returns')
    .description(
      'take returned mail in (one envelope a line: its scanned code[,reason[,returnedOn]]; reasons UNKNOWN_ADDRESSEE 查无此人, INSUFFICIENT_ADDRESS 地址不详, MOVED 迁移新址不明, REFUSED 拒收, OTHER); writes returns/returned.csv for the core system (no name, ssn or address) and returns/returned-addresses.jsonl for next year\'s --returned',
    )
    .argument('<RUN_DIR>', 'the run directory DIR/<runId>')
    .requiredOption('--file <FILE>', 'the returned envelopes\' scans')
    .option('--operator <OP>', 'who takes the file in (default $USER)')
    .action(async (dir: string, o: { file: string; operator?: string }) => {
      const runDir = path.resolve(dir);
      const { summary: s, recorded } = await lazy.tracking().takeInReturns(runDir, o.file, { operator: operatorOf(o) });
      const out = [recorded ? t('returns.recorded', { file: o.file, k: s.k, rows: s.rows, returned: s.returned.length }) : t('tracking.sameFile', { file: o.file, kind: 'returns', k: s.k })];
      const counts = RETURN_REASONS.filter((r) => s.counts[r] > 0).map((r) => `${t(`returns.reason.${r}`)} ${s.counts[r]}`);
      if (counts.length) out.push(t('returns.counts', { counts: counts.join(' · ') }));
      if (s.repeated.count) out.push(t('returns.repeated', { n: s.repeated.count, list: list(s.repeated.pieces, s.repeated.count) }));
      if (s.unknown.count) out.push(t('returns.unknown', { n: s.unknown.count, list: list(s.unknown.codes, s.unknown.count) }));
      const p = returnsPaths(runDir);
      out.push(t('returns.files', { csv: p.csv, addresses: p.addresses }));
      if (s.returned.length) out.push(t('returns.remail', { runDir }));
      process.stdout.write(out.map((l) => `${l}\n`).join(''));
    });
}
