import type { Fen } from './types';

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;
/** 12 integer digits of yuan, in fen: the largest amount the extract format allows. */
export const MAX_FEN = 999_999_999_999_99;

/**
 * Money as exact integer fen. Accepts a decimal string with at most 2 decimals and at most 12 integer
 * digits (`"1280"`, `"1280.5"`, `"1280.50"`) or a JSON integer (yuan). Never parses through a binary
 * float: `"0.1"` is 10 fen, `"1280.499999"` is an error, not 1280.50.
 */
export function parseMoney(v: unknown): Fen | { error: string } {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { error: 'is not a finite number' };
    if (!Number.isInteger(v)) return { error: 'is a JSON number with a fraction; send a decimal string with at most 2 decimals' };
    if (v < 0 || Object.is(v, -0)) return { error: 'is negative' };
    if (v > 999_999_999_999) return { error: 'has more than 12 digits before the point' };
    return v * 100;
  }
  if (typeof v !== 'string') return { error: 'must be a decimal string or a JSON integer' };
  const m = DECIMAL.exec(v);
  if (!m) {
    if (/^-/.test(v)) return { error: 'is negative' };
    if (/^\d{13,}(\.\d*)?$/.test(v)) return { error: 'has more than 12 digits before the point' };
    if (/^\d+\.\d{3,}$/.test(v)) return { error: 'has more than 2 decimals' };
    return { error: 'is not a decimal number like 1280.50' };
  }
  const yuan = Number(m[1]);
  const frac = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'));
  return yuan * 100 + frac;
}

/** Plain decimal text of fen, `128050` → `"1280.50"` (no grouping; for files, not for print). */
export function fenToDecimal(fen: Fen): string {
  const yuan = Math.floor(fen / 100);
  const rest = fen % 100;
  return `${yuan}.${rest < 10 ? '0' : ''}${rest}`;
}
