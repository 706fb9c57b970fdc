/** `siprint release`: a second operator releases a run held for approval. */
export { releaseRun, type ReleaseResult } from './release';
