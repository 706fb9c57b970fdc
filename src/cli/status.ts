import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../errors';
import { formatStatus, readRunState, runPaths } from '../pipeline';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('where a run stands: counts per stage, exceptions so far, the deadline and days left')
    .argument('<runDirOrId>', 'the run directory (or a run ID with --out)')
    .option('--out <dir>', 'the directory holding run directories, when giving a run ID')
    .option('--json', 'print the status as JSON')
    // QUEUE HOOK: the queue stream adds `--redis <url>` (job counts from Redis) here.
    .action((target: string, o: { out?: string; json?: boolean }) => {
      const runDir = path.resolve(o.out ?? '.', target);
      if (!existsSync(runPaths(runDir).config)) {
        throw new InputError(`${runDir} is not a run directory (no run.json): give the run directory, or a run ID with --out DIR`);
      }
      const st = readRunState(runDir);
      process.stdout.write(o.json ? `${JSON.stringify(st, null, 2)}\n` : formatStatus(st, new Date(), Boolean(process.stdout.isTTY)));
    });
}
