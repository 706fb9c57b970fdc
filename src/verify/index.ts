/** `siprint verify`: every file a run leaves, checked. */
export { verifyRun, verifyRunDetailed, type VerifyResult, type VerifySummary } from './run';
