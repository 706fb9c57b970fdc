import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { generateExtract } from '../../src/generate/generate';

export const KEY = 'test-verification-key-0123456789';

export interface ExtractPeople {
  /** Every person's and guardian's name, and every ssn, found in the file (for "not in the logs" scans). */
  names: string[];
  ssns: string[];
}

/**
 * A small generated extract (src/extract's generator, so the real validator, renderer and packager
 * see realistic records); `faults` is the share of records that break one rule each.
 * `edit` may change a parsed line (e.g. to put a rare character into a name) before it is written back.
 */
export async function writeExtract(
  file: string,
  n: number,
  opts: { faults?: number; seed?: string; edit?: (rec: Record<string, unknown>, index: number) => void } = {},
): Promise<ExtractPeople> {
  mkdirSync(path.dirname(file), { recursive: true });
  await generateExtract(file, { count: n, year: 2025, seed: opts.seed ?? 'pipeline-test', format: 'jsonl', encoding: 'utf8', faults: opts.faults ?? 0 });
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const people: ExtractPeople = { names: [], ssns: [] };
  const out = lines.map((line, i) => {
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return line; // a deliberately broken line (PARSE_ERROR fault)
    }
    opts.edit?.(rec, i);
    const person = rec.person as { name?: unknown; ssn?: unknown } | undefined;
    const guardian = rec.guardian as { name?: unknown } | undefined;
    for (const v of [person?.name, guardian?.name]) if (typeof v === 'string' && v.length >= 2) people.names.push(v);
    if (typeof person?.ssn === 'string' && person.ssn.length >= 15) people.ssns.push(person.ssn);
    return opts.edit ? JSON.stringify(rec) : line;
  });
  if (opts.edit) writeFileSync(file, `${out.join('\n')}\n`);
  return people;
}
