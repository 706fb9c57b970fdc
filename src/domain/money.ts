import type { Fen } from './types';

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;
/** 12 integer digits of yuan, in fen: the largest amount the extract format allows. */
export const MAX_FEN = 999_999_999_999_99;

/**
 * Money as exact integer fen. Accepts a decimal string with at most 2 decimals and at most 12 integer
 * digits (`"1280"`, `"1280.5"`, `"1280.50"`) or a JSON integer (yuan). Never parses through a binary
 * float: `"0.1"` is 10 fen, `"1280.499999"` is an error, not 1280.50.
 */
/** What is wrong with an amount (its English text in MONEY_ERRORS; the catalogue has both languages). */
export type MoneyFault = 'notFinite' | 'fraction' | 'negative' | 'tooLong' | 'notDecimalOrInteger' | 'decimals' | 'notDecimal';
const MONEY_ERRORS: Record<MoneyFault, string> = {
  notFinite: 'is not a finite number',
  fraction: 'is a JSON number with a fraction; send a decimal string with at most 2 decimals',
  negative: 'is negative',
  tooLong: 'has more than 12 digits before the point',
  notDecimalOrInteger: 'must be a decimal string or a JSON integer',
  decimals: 'has more than 2 decimals',
  notDecimal: 'is not a decimal number like 1280.50',
};
const bad = (fault: MoneyFault) => ({ error: MONEY_ERRORS[fault], fault });

export function parseMoney(v: unknown): Fen | { error: string; fault: MoneyFault } {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return bad('notFinite');
    if (!Number.isInteger(v)) return bad('fraction');
    if (v < 0 || Object.is(v, -0)) return bad('negative');
    if (v > 999_999_999_999) return bad('tooLong');
    return v * 100;
  }
  if (typeof v !== 'string') return bad('notDecimalOrInteger');
  const m = DECIMAL.exec(v);
  if (!m) {
    if (/^-/.test(v)) return bad('negative');
    if (/^\d{13,}(\.\d*)?$/.test(v)) return bad('tooLong');
    if (/^\d+\.\d{3,}$/.test(v)) return bad('decimals');
    return bad('notDecimal');
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
