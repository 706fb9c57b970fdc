/** The piece-state lines of `status` (and of results, makeup, dispatch, returns). */
import { t } from '../i18n';
import { PIECE_STATES, type TrackingView } from '../run-dir/tracking-view';

const n = (x: number) => x.toLocaleString('en-US');

export function trackingLines(v: TrackingView): string[] {
  const parts = PIECE_STATES.filter((s) => v.counts[s] > 0).map((s) => `${t(`piece.${s}`)} ${n(v.counts[s])}`);
  const out = [t('tracking.pieces', { states: parts.join(' · ') })];
  const pieces = v.notDispatched.reduce((a, x) => a + x.pieces, 0);
  const days = v.daysLeft >= 0 ? t('days.left', { n: n(v.daysLeft), days: v.daysLeft }) : t('days.ago', { n: n(-v.daysLeft), days: -v.daysLeft });
  if (pieces === 0) out.push(t('tracking.allDispatched', { dispatchBy: v.dispatchBy }));
  else {
    const list = v.notDispatched.slice(0, 8).map((x) => `${x.file} ${n(x.pieces)}`).join(', ') + (v.notDispatched.length > 8 ? ', …' : '');
    out.push(t(v.atRisk ? 'tracking.atRisk' : 'tracking.notDispatched', { pieces: n(pieces), dispatchBy: v.dispatchBy, days, list }));
  }
  return out;
}
