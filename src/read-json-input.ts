import { readFileSync } from 'node:fs';
import { InputError } from './errors';

/**
 * Reads an operator-supplied JSON file (a ticket, `--address-json`): unreadable or not JSON is exit 2
 * with one line naming what and where. Validating the shape is the caller's job.
 */
export function readJsonInput(file: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${label} ${file}: ${code ? `cannot be read (${code})` : 'is not valid JSON'}`);
  }
}
