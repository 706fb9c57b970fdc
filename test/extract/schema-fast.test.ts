/**
 * The JSONL schema's fast path (extract/schema.ts `wellFormedJson`) may pass a record only if zod
 * passes it too, and then the record itself stands for zod's output: held to zod here on the same
 * fields, on generated records and on every field of them changed to odd values or removed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ZodType } from 'zod';
import { JSON_RECORD_SCHEMA, wellFormedJson } from '../../src/extract/schema';
import { generateExtract } from '../../src/generate/generate';
import { specRecord, tmp, type Json } from './helpers';

type Tree = 'leaf' | { [k: string]: Tree };

/** The object fields of a zod schema, recursively (optional and nullable unwrapped, an array as '[]'). */
function zodTree(schema: ZodType): Tree {
  let s = schema as ZodType & { def: { type: string }; unwrap?: () => ZodType; shape?: Record<string, ZodType>; element?: ZodType };
  while (s.def.type === 'optional' || s.def.type === 'nullable') s = (s.unwrap as () => typeof s)();
  if (s.def.type === 'object' && s.shape) return Object.fromEntries(Object.entries(s.shape).map(([k, v]) => [k, zodTree(v)]));
  if (s.def.type === 'array' && s.element) return { '[]': zodTree(s.element) };
  return 'leaf';
}
function fastTree(c: typeof wellFormedJson): Tree {
  if (c.shape) return Object.fromEntries(Object.entries(c.shape).map(([k, v]) => [k, fastTree(v)]));
  if (c.element) return { '[]': fastTree(c.element) };
  return 'leaf';
}

/** Every path to a value in a JSON record (objects and arrays included). */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [at];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [at, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))];
}
function withValue(rec: Json, p: (string | number)[], value: unknown): Json {
  const copy = structuredClone(rec);
  let o = copy as Record<string | number, unknown>;
  for (const k of p.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = p[p.length - 1] as string | number;
  if (value === REMOVE) delete o[last];
  else o[last] = value;
  return copy;
}
const REMOVE = Symbol('remove');
const ODD: unknown[] = [REMOVE, null, '', ' ', '\u0001', 'x', 'A'.repeat(41), '中'.repeat(201), '2025-13', '1999-1', 'P'.repeat(11), 'PPPPPPPPPPPX', 0, -1, 1.5, 13, 1201, 36601, Infinity, '12.345', true, [], {}, [1], { a: 1 }];

async function generated(count: number): Promise<Json[]> {
  const file = path.join(tmp(), 'g.jsonl');
  await generateExtract(file, { count, year: 2025, seed: 'fast-path', format: 'jsonl', encoding: 'utf8', faults: 0.3 });
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Json]; // the faults include lines that are not JSON
      } catch {
        return [];
      }
    });
}

describe('the fast path of the JSONL schema', () => {
  it('checks the same fields as the zod schema, at every level', () => {
    expect(fastTree(wellFormedJson)).toEqual(zodTree(JSON_RECORD_SCHEMA));
  });

  it('passes a record only when zod passes it, and the record then holds what zod returns', async () => {
    const records = [specRecord(), ...(await generated(16))];
    let mutants = 0;
    let fast = 0;
    let zod = 0;
    for (const rec of records) {
      for (const p of paths(rec).filter((x) => x.length > 0)) {
        for (const value of ODD) {
          const m = withValue(rec, p, value);
          mutants++;
          const z = JSON_RECORD_SCHEMA.safeParse(m);
          if (z.success) zod++;
          if (!wellFormedJson(m)) continue;
          fast++;
          if (!z.success) throw new Error(`the fast path passes ${JSON.stringify(p)} = ${String(value)}, which zod rejects: ${z.error.issues[0]?.message}`);
          expect(m).toMatchObject(z.data);
        }
      }
    }
    expect(mutants).toBeGreaterThan(20000);
    // the fast path must take most of what zod passes, or it saves nothing
    expect(fast / zod).toBeGreaterThan(0.95);
  });

  it('takes the well-formed generated records', async () => {
    const records = await generated(400);
    const zodOk = records.filter((r) => JSON_RECORD_SCHEMA.safeParse(r).success);
    expect(zodOk.length).toBeGreaterThan(300);
    expect(zodOk.filter((r) => wellFormedJson(r)).length).toBe(zodOk.length);
  });
});
