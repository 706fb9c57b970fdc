import { InputError } from '../domain/errors';
import { t } from '../i18n';

/** One RFC 4180 row from text; 'open' when a quoted field continues on the next physical line. */
export function parseCsvRow(s: string): string[] | 'open' | { error: string } {
  if (!s.includes('"')) return s.split(',');
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  for (;;) {
    if (s.charCodeAt(i) === 34) {
      let j = i + 1;
      let val = '';
      for (;;) {
        const q = s.indexOf('"', j);
        if (q === -1) return 'open';
        val += s.slice(j, q);
        if (s.charCodeAt(q + 1) === 34) {
          val += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(val);
      if (i === n) return out;
      if (s.charCodeAt(i) !== 44) return { error: t('exc.csvAfterQuote', { n: out.length }) };
      i++;
    } else {
      const c = s.indexOf(',', i);
      const end = c === -1 ? n : c;
      const val = s.slice(i, end);
      if (val.includes('"')) return { error: t('exc.csvQuoteInside', { n: out.length + 1 }) };
      out.push(val);
      if (c === -1) return out;
      i = c + 1;
    }
    if (i === n) {
      out.push('');
      return out;
    }
  }
}

type Segment = string | number;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The header row: dotted JSON paths, list items by index (`benefits.0.item`). */
export class CsvHeader {
  readonly paths: Segment[][];
  readonly width: number;
  constructor(
    readonly file: string,
    /** The header's cells as read (another thread rebuilds the header from them). */
    readonly names: string[],
  ) {
    const seen = new Set<string>();
    this.paths = names.map((raw, i) => {
      const name = raw.trim();
      if (name === '' || seen.has(name)) {
        throw new InputError(name === '' ? t('extract.csvHeaderEmpty', { file, column: i + 1 }) : t('extract.csvHeaderDuplicate', { file, column: i + 1, name }));
      }
      seen.add(name);
      const segs = name.split('.');
      if (segs.some((s) => s === '' || FORBIDDEN.has(s))) throw new InputError(t('extract.csvHeaderNotPath', { file, column: i + 1, name }));
      return segs.map((s) => (/^\d{1,3}$/.test(s) ? Number(s) : s));
    });
    for (const name of seen) {
      const parts = name.split('.');
      for (let k = 1; k < parts.length; k++) {
        const prefix = parts.slice(0, k).join('.');
        if (seen.has(prefix)) throw new InputError(t('extract.csvHeaderBoth', { file, prefix, name }));
      }
    }
    this.width = names.length;
  }

  indexOf(path: string): number {
    return this.paths.findIndex((p) => p.join('.') === path);
  }

  /** The nested JSON form of a row; an empty cell means "absent". */
  toObject(fields: string[]): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const v = fields[i];
      if (v === undefined || v === '') continue;
      const path = this.paths[i];
      if (!path) continue;
      let node: Record<string | number, unknown> = root;
      for (let k = 0; k < path.length - 1; k++) {
        const key = path[k] as Segment;
        let next = node[key];
        if (next === undefined || next === null || typeof next !== 'object') {
          next = typeof path[k + 1] === 'number' ? [] : {};
          node[key] = next;
        }
        node = next as Record<string | number, unknown>;
      }
      node[path[path.length - 1] as Segment] = v;
    }
    return root;
  }
}
