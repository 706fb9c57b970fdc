/** Numbers, sums, dates and day counts as a reader of each language expects them. */
import { formatMoney } from '../domain/format';
import type { Lang } from './lang';

/** 1234567 → "1,234,567" (both languages group by thousands on these screens). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Fen → "1,234.56 元" / "¥1,234.56". */
export function formatYuan(fen: number, lang: Lang): string {
  return lang === 'zh-CN' ? `${formatMoney(fen)} 元` : `¥${formatMoney(fen)}`;
}

/** YYYY-MM-DD → "2026年3月16日" in Chinese; unchanged in English. */
export function formatDay(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (lang !== 'zh-CN' || !m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}
