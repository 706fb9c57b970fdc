import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateExtract, type ExtractItem, type JudgeOptions, type ReadOptions } from '../../src/extract';
import { loadPostcodeTable } from '../../src/assets';

export type Json = Record<string, unknown>;
const example = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/spec-example.json'), 'utf8')) as Json;

/** A fresh copy of the spec's example record, with a given recordId and (optionally) ssn. */
export function specRecord(recordId = 'R0000001', ssn?: string): Json {
  const r = structuredClone(example);
  r.recordId = recordId;
  if (ssn) (r.person as Json).ssn = ssn;
  return r;
}

export function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'siprint-test-'));
}

export async function collect(file: string, opts: Partial<ReadOptions & JudgeOptions> = {}): Promise<ExtractItem[]> {
  const items: ExtractItem[] = [];
  for await (const it of validateExtract(file, { year: 2025, postcodes: loadPostcodeTable().table, ...opts })) items.push(it);
  return items;
}

/** Writes JSONL lines (objects are stringified) and validates them. */
export async function runLines(lines: (Json | string)[], opts: Partial<ReadOptions & JudgeOptions> = {}): Promise<ExtractItem[]> {
  const file = path.join(tmp(), 'x.jsonl');
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return collect(file, opts);
}

/** [line, reason | 'ok'] per item. */
export function outcomes(items: ExtractItem[]): [number, string][] {
  return items.map((it) => (it.type === 'record' ? [it.record.line, 'ok'] : [it.entry.line, it.entry.reason]));
}

export async function reasonOf(rec: Json | string, opts: Partial<ReadOptions & JudgeOptions> = {}): Promise<string> {
  const items = await runLines([rec], opts);
  expect(items).toHaveLength(1);
  const it = items[0] as ExtractItem;
  return it.type === 'record' ? 'ok' : it.entry.reason;
}
