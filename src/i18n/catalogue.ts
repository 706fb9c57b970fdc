/** Every message an operator reads, by key: one table per area (messages/*.ts), merged here. */
import type { Message } from './define';
import { currentLang, type Lang } from './lang';
import { assets } from './messages/assets';
import { audit } from './messages/audit';
import { check } from './messages/check';
import { common } from './messages/common';
import { dashboard } from './messages/dashboard';
import { exceptions } from './messages/exceptions';
import { extract } from './messages/extract';
import { http } from './messages/http';
import { delivery } from './messages/delivery';
import { errors } from './messages/errors';
import { input } from './messages/input';
import { packaging } from './messages/packaging';
import { proof } from './messages/proof';
import { pipeline } from './messages/pipeline';
import { purge } from './messages/purge';
import { release } from './messages/release';
import { reprint } from './messages/reprint';
import { quality } from './messages/quality';
import { queue } from './messages/queue';
import { report } from './messages/report';
import { run } from './messages/run';
import { runDir } from './messages/run-dir';
import { serve } from './messages/serve';
import { tracking } from './messages/tracking';
import { verify } from './messages/verify';

/** The tables, one per area: the catalogue is their union, and a key may be in one table only. */
const tables = { assets, audit, check, common, dashboard, delivery, errors, exceptions, extract, http, input, packaging, pipeline, proof, purge, quality, queue, release, report, reprint, run, runDir, serve, tracking, verify };

type Merged<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

// A key in two tables would silently take the later one's text and parameters (the serve page once
// printed the verify command's message): refuse it when the catalogue loads.
function merge(): Merged<(typeof tables)[keyof typeof tables]> {
  const merged: Record<string, unknown> = {};
  const owner = new Map<string, string>();
  for (const [table, messages] of Object.entries(tables)) {
    for (const [key, message] of Object.entries(messages)) {
      const other = owner.get(key);
      if (other !== undefined) throw new Error(`i18n: message key ${key} is in both messages/${other}.ts and messages/${table}.ts`);
      owner.set(key, table);
      merged[key] = message;
    }
  }
  return merged as Merged<(typeof tables)[keyof typeof tables]>;
}

export const catalogue = merge();

export type MessageKey = keyof typeof catalogue;
type ParamsOf<K extends MessageKey> = (typeof catalogue)[K] extends Message<infer P> ? P : never;

/** The message `key` in `lang` (default: this process's language). */
export function tIn<K extends MessageKey>(lang: Lang, key: K, ...params: ParamsOf<K> extends void ? [] : [ParamsOf<K>]): string {
  const m = catalogue[key] as Message<unknown>;
  return lang === 'zh-CN' ? m.zh(params[0]) : m.en(params[0]);
}

export function t<K extends MessageKey>(key: K, ...params: ParamsOf<K> extends void ? [] : [ParamsOf<K>]): string {
  return tIn(currentLang(), key, ...params);
}

/** `t` bound to a language: for a screen or file that is in a language other than this process's. */
export function tFor(lang: Lang): typeof t {
  return (key, ...params) => tIn(lang, key, ...params);
}
