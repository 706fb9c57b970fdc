import path from 'node:path';
import type { Command } from 'commander';
import { t } from '../i18n';
import { trackingView } from '../run-dir/tracking-view';
import { operatorOf } from './delivery-options';
import { lazy } from './lazy';
import { trackingLines } from './tracking-lines';

/** `siprint dispatch RUN_DIR --file FILE`: the post's receipts (docs/delivery.md §5); exit 1 when pieces are at risk. */
export function registerDispatch(program: Command): void {
  program
    .command('dispatch')
    .description('take the post\'s receipts in (CSV unit,dispatchedOn[,receipt]: a package file name, 交寄清单, or a piece ID for registered mail); names the pieces at risk against deadline − printHouse.transitDays (exit 1 when any)')
    .argument('<RUN_DIR>', 'the run directory DIR/<runId>')
    .requiredOption('--file <FILE>', 'the dispatch file')
    .option('--operator <OP>', 'who takes the file in (default $USER)')
    .action(async (dir: string, o: { file: string; operator?: string }) => {
      const runDir = path.resolve(dir);
      const { summary: s, recorded } = await lazy.tracking().takeInDispatch(runDir, o.file, { operator: operatorOf(o) });
      const out = [recorded ? t('dispatch.recorded', { file: o.file, k: s.k, packages: s.packages, pieces: s.pieces }) : t('tracking.sameFile', { file: o.file, kind: 'dispatch', k: s.k })];
      if (s.unknown.count) out.push(t('dispatch.unknown', { n: s.unknown.count, list: s.unknown.units.slice(0, 10).join(', ') }));
      const view = trackingView(runDir);
      if (view) out.push(...trackingLines(view).map((l) => `  ${l}`));
      process.stdout.write(out.map((l) => `${l}\n`).join(''));
      if (view?.atRisk) process.exitCode = 1;
    });
}
