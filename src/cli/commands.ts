import type { Command } from 'commander';
import { registerWorker } from './worker';

/** One line per command file; each file exports `register(program)`. */
export function registerCommands(program: Command): void {
  registerWorker(program);
}
