import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../domain/errors';
import { formatCount, t } from '../i18n';
import { buildCodeIndex } from '../pipeline/code-index';
import { runPaths } from '../run-dir/paths';
import { readStoredConfig } from '../run-dir/run-config';

/** `siprint index RUN_DIR`: (re)builds a finished run's verification index from its archive. */
export function registerIndex(program: Command): void {
  program
    .command('index')
    .description('build a finished run\'s verification index (index/) from its archive: for runs that finished before siprint wrote one (finalize writes it)')
    .argument('<RUN_DIR>', 'the run directory DIR/<runId>')
    .action(async (dir: string) => {
      const runDir = path.resolve(dir);
      const p = runPaths(runDir);
      readStoredConfig(runDir);
      if (existsSync(p.purged)) throw new InputError(t('index.purged', { runDir }));
      if (!existsSync(p.manifest)) throw new InputError(t('index.notFinished', { runDir }));
      const meta = await buildCodeIndex(runDir);
      process.stdout.write(`${t('index.written', { runId: meta.runId, pieces: formatCount(meta.pieces) })}\n`);
    });
}
