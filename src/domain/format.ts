/** How amounts and dates are printed on statements (pure). */
import type { Fen } from './types';

/** 1234567 fen → `12,345.67` (thousands separators, always two decimals). */
export function formatMoney(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`formatMoney: ${fen} is not an integer number of fen`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toString();
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${sign}${yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** `2025-12-31` → `2025年12月31日`; `2005-07` → `2005年7月` (no leading zeros, as printed in Chinese). */
export function formatDateCn(iso: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (!m) throw new RangeError(`formatDateCn: ${JSON.stringify(iso)} is not YYYY-MM-DD or YYYY-MM`);
  const [, y, mo, d] = m;
  return d === undefined ? `${y}年${Number(mo)}月` : `${y}年${Number(mo)}月${Number(d)}日`;
}

/** 245 months → `20年5个月` (累计缴费年限 as statements print it). */
export function formatYearsMonths(months: number): string {
  if (!Number.isSafeInteger(months) || months < 0) throw new RangeError(`formatYearsMonths: ${months} is not a whole number of months`);
  return `${Math.floor(months / 12)}年${months % 12}个月`;
}
