/** Numbers, sums, dates and day counts as a reader of each language expects them. */
import { formatMoney } from '../domain/format';
import { tIn } from './catalogue';
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

/** Days until a date (negative: gone): "75 days left" / "还有 75 天", "259 days ago" / "已过期 259 天" — whole days, never hours. */
export function formatDaysLeft(days: number, lang: Lang): string {
  return days >= 0 ? tIn(lang, 'days.left', { n: formatCount(days), days }) : tIn(lang, 'days.ago', { n: formatCount(-days), days: -days });
}

/** 75 → "1m15s" / "1分15秒"; 4000 → "1h06m" / "1小时06分" (ETAs, stage times). */
export function formatDuration(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (x: number) => String(x).padStart(2, '0');
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  if (lang === 'zh-CN') return h > 0 ? `${h}小时${two(m)}分` : m > 0 ? `${m}分${two(r)}秒` : `${s}秒`;
  return h > 0 ? `${h}h${two(m)}m` : m > 0 ? `${m}m${two(r)}s` : `${s}s`;
}

/** Terminal columns of a string: CJK characters take two (for bars and tables that line up in either language). */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/gu;
export const columns = (s: string): number => s.length + (s.match(WIDE)?.length ?? 0);
export const padColumns = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - columns(s)));
