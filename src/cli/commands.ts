import type { Command } from 'commander';
import { registerVerify } from './verify';

/** One line per command file; each file exports `register(program)`. */
export function registerCommands(program: Command): void {
  registerVerify(program);
}
