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

type PresortFields = { recipient: Pick<Recipient, 'address' | 'via'>; record: Pick<InsuredRecord, 'recordId'> };

/** Characters U+0000–U+000A: escaped in a key, so a key holds no TAB or newline and U+0000 U+0000 can end a field. */
const LOW = /[\0-\n]/g;

/**
 * One field of a presort key: a low character becomes U+0000 + (it + 0x20), below every character
 * left as it is, as the character itself is; then U+0000 U+0000, below both, so a field that is a
 * prefix of another sorts first. Plain comparison of joined fields is then the fields' comparison.
 */
function keyField(s: string): string {
  return `${s.replace(LOW, (c) => `\0${String.fromCharCode(c.charCodeAt(0) + 0x20)}`)}\0\0`;
}

/**
 * Print order within a part (the post's presort): recipient postcode, then address text, then the
 * employer a piece goes through (none first: so one employer's pieces lie together, a bundle, even
 * where two employers share an address), then recordId — as one string whose plain comparison (UTF-16
 * code units, not locale: the same order on every machine) is that order. The sort compares keys only,
 * made once a piece; the key holds no TAB or newline (a sort chunk's line is the key, a TAB, the piece).
 */
export function presortKey(p: PresortFields): string {
  return keyField(p.recipient.address.postcode) + keyField(addressText(p.recipient.address)) + keyField(p.recipient.via?.code ?? '') + keyField(p.record.recordId);
}

/** Two pieces in print order (presortKey's). */
export function comparePieces(a: PresortFields, b: PresortFields): number {
  const x = presortKey(a);
  const y = presortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
