import type { Command } from 'commander';
import { registerCheck } from './check';
import { registerGenerate } from './generate';

/** One line per command file; each file exports `register(program)`. */
export function registerCommands(program: Command): void {
  registerCheck(program);
  registerGenerate(program);
}
