/**
 * Returned mail (退信, docs/delivery.md §6) as the rules see it: the post's reasons, and last year's
 * returned addresses as keyed hashes, which `check|run --returned FILE…` hold `ADDRESS_RETURNED` with.
 */
import { addressHash, ssnHash } from './keyed-hash';
import type { Address } from './types';

/** The post's reasons; `OTHER` when the scan gives none. */
export const RETURN_REASONS = ['UNKNOWN_ADDRESSEE', 'INSUFFICIENT_ADDRESS', 'MOVED', 'REFUSED', 'OTHER'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
/** What the post stamps on the envelope (查无此人 …), accepted in a returns file as the code is. */
export const RETURN_REASON_ZH: Record<ReturnReason, string> = {
  UNKNOWN_ADDRESSEE: '查无此人',
  INSUFFICIENT_ADDRESS: '地址不详',
  MOVED: '迁移新址不明',
  REFUSED: '拒收',
  OTHER: '其他',
};

/** One line of returns/returned-addresses.jsonl: a returned piece, no ssn or address in the clear. */
export interface ReturnedAddress {
  runId: string;
  pieceId: string;
  reason: ReturnReason;
  returnedOn: string;
  ssnHash: string;
  addressHash: string;
}

/** (ssnHash, addressHash) → the piece that came back from there. */
export type ReturnedList = ReadonlyMap<string, ReturnedAddress>;
export const returnedKey = (ssn: string, address: string) => `${ssn}|${address}`;

/** The returned list and the key its hashes were made under (the run's verification key). */
export interface ReturnedCheck {
  list: ReturnedList;
  key: string;
}

/** The piece that came back from this person at this address, if any. */
export function returnedAt(check: ReturnedCheck, ssn: string, address: Address): ReturnedAddress | undefined {
  return check.list.get(returnedKey(ssnHash(ssn, check.key), addressHash(address, check.key)));
}
