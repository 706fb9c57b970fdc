import path from 'node:path';
import type { Command } from 'commander';
import { t } from '../i18n';
import { RESULT_STATUSES } from '../run-dir/tracking';
import { trackingView } from '../run-dir/tracking-view';
import { operatorOf } from './delivery-options';
import { lazy } from './lazy';

const list = (xs: readonly string[], n: number) => `${xs.slice(0, 10).join(', ')}${n > 10 ? ', …' : ''}`;

/**
 * `siprint results RUN_DIR --file FILE`: takes the inserter's per-piece results in (docs/delivery.md §3)
 * and reports duplicates, unknown codes and unreported pieces; exit 1 when a piece is not ok or doubled.
 */
export function registerResults(program: Command): void {
  program
    .command('results')
    .description('take the print house\'s production results in (CSV piece,status[,time,station]): counts, duplicates, unknown and unreported pieces (exit 1 when a piece failed or was reported ok twice)')
    .argument('<RUN_DIR>', 'the run directory DIR/<runId>')
    .requiredOption('--file <FILE>', 'the results file (piece = DataMatrix content, ]d2 prefix or not, or a bare piece ID)')
    .option('--operator <OP>', 'who takes the file in (default $USER)')
    .action(async (dir: string, o: { file: string; operator?: string }) => {
      const runDir = path.resolve(dir);
      const operator = operatorOf(o);
      const { summary: s, recorded } = await lazy.tracking().takeInResults(runDir, o.file, { operator });
      const out = [recorded ? t('results.recorded', { file: o.file, k: s.k, rows: s.rows }) : t('tracking.sameFile', { file: o.file, kind: 'results', k: s.k })];
      out.push(t('results.counts', { counts: RESULT_STATUSES.map((k) => `${t(`results.status.${k}`)} ${s.counts[k]}`).join(' · ') }));
      if (s.duplicates.count) out.push(t('results.duplicates', { n: s.duplicates.count, list: list(s.duplicates.pieces, s.duplicates.count) }));
      if (s.unknown.count) out.push(t('results.unknown', { n: s.unknown.count, list: list(s.unknown.codes, s.unknown.count) }));
      if (s.unreported.count) out.push(t('results.unreported', { n: s.unreported.count, list: Object.entries(s.unreported.byPackage).map(([f, n]) => `${f} ${n}`).join(', ') }));
      const rp = s.reprints ?? { count: 0, counts: {}, failed: [] };
      if (rp.count) out.push(t('results.reprints', { n: rp.count, counts: Object.entries(rp.counts).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(' · ') }));
      if (rp.failed.length) out.push(t('results.reprintsFailed', { n: rp.failed.length, list: list(rp.failed, rp.failed.length), runDir }));
      const failed = trackingView(runDir)?.counts.failed ?? 0;
      if (failed) out.push(t('results.failedNow', { n: failed, runDir }));
      process.stdout.write(out.map((l) => `${l}\n`).join(''));
      if (failed > 0 || s.duplicates.count > 0 || rp.failed.length > 0) process.exitCode = 1;
    });
}
