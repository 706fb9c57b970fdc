/**
 * Errors that end a command. The CLI maps them to exit codes (docs/interface.md):
 * 2 = bad usage, bad ticket or unreadable input; 1 = any other failure.
 * Messages are one line and say what, where, and how to fix it.
 */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The input (extract, ticket, layout, run directory) cannot be read or is not what it must be. */
export class InputError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export function exitCodeOf(err: unknown): number {
  return err instanceof UsageError ? 2 : 1;
}

export function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
