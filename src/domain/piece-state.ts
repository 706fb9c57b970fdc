/**
 * A mailed piece's state after the hand-off, the furthest it got (docs/delivery.md "A piece's life"):
 * what `status`, the report and the dashboard count, in this order.
 */
export const PIECE_STATES = ['notDelivered', 'unreported', 'produced', 'failed', 'madeUp', 'dispatched', 'returned'] as const;
export type PieceState = (typeof PIECE_STATES)[number];
