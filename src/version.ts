import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The package root, whether running from src/ (tests) or dist/ (the built CLI). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..');

export const VERSION: string = (
  JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
