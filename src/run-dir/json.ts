/** JSON files of a run (markers, manifests) and JSON given by an operator (tickets, --address-json). */
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../domain/errors';

/** Stable JSON (2-space, trailing newline) so equal content gives equal bytes. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function jsonBytes(value: unknown): Uint8Array {
  return Buffer.from(jsonText(value));
}

export function readJsonSync<T>(file: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${what} ${file} cannot be read (${code ?? 'error'})`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new InputError(`${what} ${file} is not valid JSON: remove it to redo that step`);
  }
}

export function readJsonIfExists<T>(file: string, what: string): T | undefined {
  return existsSync(file) ? readJsonSync<T>(file, what) : undefined;
}

/**
 * An operator-supplied JSON file (a ticket, `--address-json`): unreadable or not JSON is exit 2
 * with one line naming what and where. Validating the shape is the caller's job. A UTF-8 byte-order
 * mark (what Windows editors write) is skipped, as in an extract.
 */
export function readJsonInput(file: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${label} ${file}: ${code ? `cannot be read (${code})` : 'is not valid JSON'}`);
  }
}
