/**
 * The operator's language: `--lang`, else SIPRINT_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG
 * starting with "zh" → zh-CN), else English. Set once by the CLI before it builds its commands, and
 * passed on to worker threads and child processes through SIPRINT_LANG.
 */
import { z } from 'zod';

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

/** "zh", "zh_CN.UTF-8", "zh-Hans", "ZH-cn" → zh-CN; "en", "en_US.UTF-8", "C" → en; anything else: undefined. */
export function parseLang(value: string | undefined): Lang | undefined {
  const v = value?.trim().toLowerCase();
  if (!v) return undefined;
  if (v.startsWith('zh')) return 'zh-CN';
  if (v.startsWith('en') || v === 'c' || v === 'posix' || v.startsWith('c.')) return 'en';
  return undefined;
}

/** The `--lang` value in argv (`--lang zh-CN` or `--lang=zh-CN`), if any. */
export function langFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--lang') return argv[i + 1];
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}

export function resolveLang(opts: { flag?: string; env?: NodeJS.ProcessEnv } = {}): Lang {
  const env = opts.env ?? process.env;
  return parseLang(opts.flag) ?? parseLang(env.SIPRINT_LANG) ?? parseLang(env.LC_ALL || env.LC_MESSAGES || env.LANG) ?? 'en';
}

let current: Lang | undefined;
let fromFlag: Lang | undefined;

/** zod's own texts (a field's wrong type or value, in ticket and extract messages) in the same language. */
function useLibraryLocale(lang: Lang): void {
  z.config(lang === 'zh-CN' ? z.locales.zhCN() : z.locales.en());
}
// worker threads never call setLang: they take the language from SIPRINT_LANG as soon as this loads
useLibraryLocale(resolveLang());

/** The language of this process (resolved from the environment on first use). */
export function currentLang(): Lang {
  return (current ??= resolveLang());
}

/** `flag`: the operator asked for this language with --lang (it then wins over a run's own language). */
export function setLang(lang: Lang, opts: { flag?: boolean } = {}): void {
  current = lang;
  fromFlag = opts.flag ? lang : undefined;
  useLibraryLocale(lang);
}

/**
 * The language of a run's screens and files: --lang when given, else the run's own (run.json, from
 * its ticket or the --lang it was started with), else this process's.
 */
export function runLang(recorded?: Lang): Lang {
  return fromFlag ?? recorded ?? currentLang();
}
