import type { Command } from 'commander';
import { registerCheck } from './check';
import { registerGenerate } from './generate';
import { registerVerify } from './verify';

/** One line per command file; each file exports `register(program)`. */
export function registerCommands(program: Command): void {
  registerCheck(program);
  registerGenerate(program);
  registerVerify(program);
}
