import { SCHEME_NAMES, type BatchCode, type InsuredRecord, type SchemeName } from './types';

/**
 * The batches a record is printed in. Annual: E (城镇职工) or R (城乡居民). Per-scheme fallback:
 * one `S-<scheme>` per scheme the record has and the ticket lists (all schemes when none listed),
 * in the fixed scheme order.
 */
export function batchesFor(record: Pick<InsuredRecord, 'kind' | 'schemes'>, mode: 'annual' | 'scheme', schemes?: SchemeName[]): BatchCode[] {
  if (mode === 'annual') return [record.kind === 'employee' ? 'E' : 'R'];
  return SCHEME_NAMES.filter((s) => record.schemes[s] !== undefined && (schemes === undefined || schemes.includes(s))).map(
    (s): BatchCode => `S-${s}`,
  );
}
