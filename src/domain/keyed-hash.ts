/**
 * Keyed hashes (HMAC-SHA256 under the run's verification key) that let one year's lists be matched
 * against the next year's extract without keeping an ssn or an address in the clear: the returned-mail
 * list (docs/delivery.md §6) and `ssnHash` in the deceased list (extract-format.md).
 */
import { createHmac } from 'node:crypto';
import { addressText } from './address';
import type { Address } from './types';

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');

export function ssnHash(ssn: string, key: string): string {
  return hmac(key, ssn.trim().toUpperCase());
}

/**
 * The address as the post reads it, so a retyped but unchanged address still matches: full-width
 * forms folded (NFKC), spaces and punctuation dropped, Latin letters upper-cased; the postcode kept.
 */
export function normalizedAddress(a: Address): string {
  const text = addressText(a).normalize('NFKC').toUpperCase().replace(/[\s\p{P}\p{S}]/gu, '');
  return `${a.postcode.trim()}|${text}`;
}

export function addressHash(a: Address, key: string): string {
  return hmac(key, `address|${normalizedAddress(a)}`);
}
