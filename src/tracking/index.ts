/** The last mile after the hand-off (docs/delivery.md §3–6): results, make-up pieces, dispatch, returned mail. */
export { takeInResults, type ResultsSummary, type ResultsOutcome } from './results';
export { pieceIndex, parseScannedCode, type PieceIndex, type ScannedCode } from './pieces';
export { makeUp, toMakeUp, DEFAULT_MAKEUP_APPROVAL_PERCENT, type MakeupOutcome, type MakeupOptions } from './makeup';
export { takeInDispatch, type DispatchSummary } from './dispatch';
export { takeInReturns } from './returns';
