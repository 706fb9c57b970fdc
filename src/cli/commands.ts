import type { Command } from 'commander';
import { registerCheck } from './check';
import { registerGenerate } from './generate';
import { registerRun } from './run';
import { registerStatus } from './status';
import { registerVerify } from './verify';

/** One line per command file; each file exports `register(program)`. */
export function registerCommands(program: Command): void {
  registerRun(program);
  registerCheck(program);
  registerStatus(program);
  registerVerify(program);
  registerGenerate(program);
}
