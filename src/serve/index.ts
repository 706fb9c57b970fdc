/** The verification service behind the QR (docs/delivery.md §8) and the lookups `verify-code` shares with it. */
export { RunSet, IndexedRun, lookupCode, findCode, type VerifyResult, type VerifiedStatement, type PieceState } from './lookup';
export { checkHmac, type HmacCheck } from './hmac';
export { startServe, type ServeOptions, type RunningServer } from './server';
