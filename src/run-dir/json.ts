/** JSON files of a run (markers, manifests) and JSON given by an operator (tickets, --address-json). */
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import type { JsonFileLabel, JsonInputLabel } from '../i18n/messages/run-dir';

export type { JsonFileLabel, JsonInputLabel };

/** Stable JSON (2-space, trailing newline) so equal content gives equal bytes. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function jsonBytes(value: unknown): Uint8Array {
  return Buffer.from(jsonText(value));
}

export function readJsonSync<T>(file: string, what: JsonFileLabel): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(t('json.cannotRead', { what, file, code: code ?? 'error' }));
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new InputError(t('json.notJson', { what, file }));
  }
}

export function readJsonIfExists<T>(file: string, what: JsonFileLabel): T | undefined {
  return existsSync(file) ? readJsonSync<T>(file, what) : undefined;
}

/**
 * An operator-supplied JSON file (a ticket, `--address-json`): unreadable or not JSON is exit 2
 * with one line naming what and where. Validating the shape is the caller's job. A UTF-8 byte-order
 * mark (what Windows editors write) is skipped, as in an extract.
 */
export function readJsonInput(file: string, label: JsonInputLabel): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code ? t('json.inputCannotRead', { label, file, code }) : t('json.inputNotJson', { label, file }));
  }
}
