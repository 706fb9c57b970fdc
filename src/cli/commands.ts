import type { Command } from 'commander';

/** One line per command file; each file exports `register(program)`. */
export function registerCommands(program: Command): void {
  void program;
}
