/**
 * Typed message tables: every message has its English and Chinese text side by side, with the same
 * parameters, so a message without a translation (or with other parameters) does not compile.
 */
export interface Message<P> {
  en: (p: P) => string;
  zh: (p: P) => string;
}

/** A message with parameters: `msg<{ runId: string }>((p) => `run ${p.runId}`, (p) => `批次 ${p.runId}`)`. */
export function msg<P>(en: (p: P) => string, zh: (p: P) => string): Message<P> {
  return { en, zh };
}

/** A message without parameters. */
export function text(en: string, zh: string): Message<void> {
  return { en: () => en, zh: () => zh };
}
