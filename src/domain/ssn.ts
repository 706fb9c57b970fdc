import type { Gender } from './types';

/** GB 11643-1999 weights for positions 1–17 and the check character for (sum mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** First two digits of the area code: the provinces of GB/T 2260 (plus 71/81/82 HK/MO/TW and 83/91 used for residence permits / abroad). */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83', '91',
]);

/**
 * An 18-character ssn standing alone in a text, for the privacy checks of the files a run leaves.
 * Bounded by non-alphanumerics on both sides: a SHA-256 in hex often ends in 18 digits after a
 * letter, and is not an ssn.
 */
export const FULL_SSN_IN_TEXT = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/;
/** The same, or a 15-digit first-generation ID: for free text an operator types (reasons, audit details). */
export const ANY_ID_IN_TEXT = /(?<![\dA-Za-z])(\d{17}[\dXx]|\d{15})(?![\dA-Za-z])/;

/** The check character for the first 17 digits (caller guarantees 17 ASCII digits). */
export function ssnCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '?';
}

export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= dim;
}

/**
 * Checks a 社会保障号码 (= citizen ID, GB 11643): 17 digits + check character (uppercase X only:
 * we do not "fix" data), a known province prefix, a real birth date from 1900 on.
 */
/** What is wrong with an ssn, for a message in the operator's language (`why` is the English one). */
export type SsnFault = 'length' | 'characters' | 'area' | 'birthDate' | 'check';

export function checkSsn(ssn: string): { ok: true; gender: Gender; birthDate: string } | { ok: false; why: string; fault: SsnFault; length: number } {
  const length = [...ssn].length;
  if (ssn.length !== 18) return { ok: false, why: `must be 18 characters, has ${length}`, fault: 'length', length };
  if (!/^\d{17}[\dX]$/.test(ssn)) return { ok: false, why: 'must be 17 digits followed by a digit or uppercase X', fault: 'characters', length };
  if (!PROVINCE_PREFIXES.has(ssn.slice(0, 2))) return { ok: false, why: 'area code does not start with a province code', fault: 'area', length };
  const y = Number(ssn.slice(6, 10));
  const m = Number(ssn.slice(10, 12));
  const d = Number(ssn.slice(12, 14));
  if (y < 1900 || !isRealDate(y, m, d)) return { ok: false, why: 'birth date (characters 7–14) is not a real date', fault: 'birthDate', length };
  const expected = ssnCheckChar(ssn.slice(0, 17));
  if (ssn[17] !== expected) return { ok: false, why: 'check character is wrong', fault: 'check', length };
  const seq = Number(ssn.slice(14, 17));
  return { ok: true, gender: seq % 2 === 1 ? 'M' : 'F', birthDate: `${ssn.slice(6, 10)}-${ssn.slice(10, 12)}-${ssn.slice(12, 14)}` };
}
