/**
 * A mailed piece's state after the hand-off, the furthest it got (docs/delivery.md "A piece's life"):
 * what `status`, the report and the dashboard count, in this order.
 */
export const PIECE_STATES = ['notDelivered', 'unreported', 'produced', 'failed', 'madeUp', 'dispatched', 'returned'] as const;
export type PieceState = (typeof PIECE_STATES)[number];

/** Where a run's mailed pieces stand: what run-dir's trackingView reads and status, the report and the dashboard show. */
export interface TrackingView {
  counts: Record<PieceState, number>;
  byBatch: Record<string, Record<PieceState, number>>;
  /** deadline − printHouse.transitDays: by when every piece should be with the post. */
  dispatchBy: string;
  transitDays: number;
  /** Days from today to dispatchBy (negative: past it). */
  daysLeft: number;
  /** Packages with pieces not yet dispatched (nor returned), and how many. */
  notDispatched: { file: string; pieces: number }[];
  /** dispatchBy has passed and pieces are not with the post. */
  atRisk: boolean;
  files: { results: number; makeup: number; dispatch: number; returns: number };
  lastDispatchOn?: string;
}
