import type { Command } from 'commander';
import { registerVerifyCode } from './verify-code';

/** One line per command file; each file exports `register(program)`. */
export function registerCommands(program: Command): void {
  registerVerifyCode(program);
}
