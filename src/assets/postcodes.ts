/**
 * The postcode prefix table (postcodes/postcode-prefixes.json): data an agency may correct, like the
 * layouts. An assets root without its own table uses the package's. A broken table is an InputError
 * (exit 2) naming the file and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import type { PostcodeTable } from '../domain/postcode';
import { sha256 } from '../run-dir/hash';
import { PACKAGE_ROOT } from '../version';

export const POSTCODE_TABLE_FILE = 'postcodes/postcode-prefixes.json';

const tableSchema = z.strictObject({
  id: z.string().min(1),
  version: z.string().min(1),
  note: z.string().optional(),
  provinces: z
    .array(
      z.strictObject({
        province: z.string().min(1),
        names: z.array(z.string().min(1)).min(1),
        prefixes: z.array(z.string().regex(/^\d{2}$/, { error: () => t('postcodes.prefixDigits') })).min(1),
      }),
    )
    .min(1),
});

export interface LoadedPostcodeTable {
  file: string;
  sha256: string;
  table: PostcodeTable;
}

const cache = new Map<string, LoadedPostcodeTable>();

/** Parses and checks one table's text (exported for tests of broken tables). */
export function parsePostcodeTable(file: string, text: string): PostcodeTable {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(t('postcodes.notJson', { file, error: (err as Error).message }));
  }
  const parsed = tableSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(t('postcodes.field', { file, field: (issue?.path ?? []).map(String).join('.') || t('err.topLevel'), problem: issue?.message ?? t('err.invalid') }));
  }
  const seen = new Map<string, string>();
  for (const p of parsed.data.provinces) {
    for (const prefix of p.prefixes) {
      const other = seen.get(prefix);
      if (other) throw new InputError(t('postcodes.prefixTwice', { file, prefix, other, province: p.province }));
      seen.set(prefix, p.province);
    }
  }
  const { note: _note, ...table } = parsed.data;
  return table;
}

/** The table under `root` (the package root by default), read once per process. */
export function loadPostcodeTable(root: string = PACKAGE_ROOT): LoadedPostcodeTable {
  const own = path.join(root, POSTCODE_TABLE_FILE);
  const file = existsSync(own) ? own : path.join(PACKAGE_ROOT, POSTCODE_TABLE_FILE);
  let loaded = cache.get(file);
  if (!loaded) {
    if (!existsSync(file)) throw new InputError(t('postcodes.missing', { file: POSTCODE_TABLE_FILE, root }));
    const bytes = readFileSync(file);
    loaded = { file: POSTCODE_TABLE_FILE, sha256: sha256(bytes), table: parsePostcodeTable(POSTCODE_TABLE_FILE, bytes.toString('utf8')) };
    cache.set(file, loaded);
  }
  return loaded;
}
