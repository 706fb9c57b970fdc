import type { Command } from 'commander';
import { registerRun } from './run';
import { registerStatus } from './status';

/** One line per command file; each file exports `register(program)`. */
export function registerCommands(program: Command): void {
  registerRun(program);
  registerStatus(program);
}
