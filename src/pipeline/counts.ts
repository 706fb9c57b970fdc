import type { RunCounts } from '../run-dir/markers';

export function emptyCounts(): RunCounts {
  return {
    input: 0,
    printed: 0,
    electronic: 0,
    exceptions: 0,
    suppressed: 0,
    outOfScope: 0,
    guardianAddressed: 0,
    pieces: 0,
    byBatch: {},
    electronicByBatch: {},
    byRegion: {},
    heldByReason: {},
    suppressedByReason: {},
    exceptionsByBatchReason: {},
  };
}

export function bump(m: Record<string, number>, key: string, by = 1): void {
  m[key] = (m[key] ?? 0) + by;
}
