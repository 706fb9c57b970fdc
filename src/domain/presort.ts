import { isMinor } from './minor';
import { addressText } from './address';
import type { Distribution, InsuredRecord, Recipient } from './types';

/**
 * Who the envelope goes to: a minor's guardian (the statement is still the minor's), else the person —
 * through the employer when the run distributes so and the employee's employer has an address
 * (domain.md: residents, minors and employees without one are mailed home).
 * Validation has already held minors without a guardian and adults without an address; meeting one
 * here is a programming error, so it throws.
 */
export function recipientOf(record: InsuredRecord, year: number, distribution: Distribution = 'home'): Recipient {
  if (isMinor(record.person.birthDate, year)) {
    const g = record.guardian;
    if (!g) throw new Error(`record ${record.recordId} (line ${record.line}) is a minor without a guardian; validation should have held it`);
    return { role: 'guardian', name: g.name, address: g.address, relation: g.relation };
  }
  const employer = record.employer;
  if (distribution === 'employer' && record.kind === 'employee' && employer?.address) {
    return { role: 'self', name: record.person.name, address: employer.address, via: { code: employer.code, name: employer.name } };
  }
  if (!record.address) throw new Error(`record ${record.recordId} (line ${record.line}) has no address; validation should have held it`);
  return { role: 'self', name: record.person.name, address: record.address };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Print order within a part (the post's presort): recipient postcode, then address text, then the
 * employer a piece goes through (none first: so one employer's pieces lie together, a bundle, even
 * where two employers share an address), then recordId.
 * Compares by UTF-16 code units, not locale, so the order is the same on every machine.
 */
export function comparePieces(
  a: { recipient: Pick<Recipient, 'address' | 'via'>; record: Pick<InsuredRecord, 'recordId'> },
  b: { recipient: Pick<Recipient, 'address' | 'via'>; record: Pick<InsuredRecord, 'recordId'> },
): number {
  return (
    cmp(a.recipient.address.postcode, b.recipient.address.postcode) ||
    cmp(addressText(a.recipient.address), addressText(b.recipient.address)) ||
    cmp(a.recipient.via?.code ?? '', b.recipient.via?.code ?? '') ||
    cmp(a.record.recordId, b.record.recordId)
  );
}
