/** The piece-state lines of `status` (and of results, makeup, dispatch, returns). */
import { currentLang, formatCount as n, formatDaysLeft, tIn, type Lang } from '../i18n';
import { PIECE_STATES, type TrackingView } from '../run-dir/tracking-view';

export function trackingLines(v: TrackingView, lang: Lang = currentLang()): string[] {
  const parts = PIECE_STATES.filter((s) => v.counts[s] > 0).map((s) => `${tIn(lang, `piece.${s}`)} ${n(v.counts[s])}`);
  const out = [tIn(lang, 'tracking.pieces', { states: parts.join(' · ') })];
  const pieces = v.notDispatched.reduce((a, x) => a + x.pieces, 0);
  if (pieces === 0) out.push(tIn(lang, 'tracking.allDispatched', { dispatchBy: v.dispatchBy }));
  else {
    const list = v.notDispatched.slice(0, 8).map((x) => `${x.file} ${n(x.pieces)}`).join(', ') + (v.notDispatched.length > 8 ? ', …' : '');
    out.push(tIn(lang, v.atRisk ? 'tracking.atRisk' : 'tracking.notDispatched', { pieces: n(pieces), dispatchBy: v.dispatchBy, days: formatDaysLeft(v.daysLeft, lang), list }));
  }
  return out;
}
