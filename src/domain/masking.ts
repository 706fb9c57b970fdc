/** What may be shown of a person where the reader does not need more (logs, exceptions, lookups). */

/** First 6 + 8 stars + last 4 of an ssn. */
export function maskSsn(ssn: string): string {
  if (ssn.length < 10) return '*'.repeat(ssn.length);
  return `${ssn.slice(0, 6)}********${ssn.slice(-4)}`;
}

/** The first character of a name, the rest as stars (张伟 → 张*). */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length === 0 ? '' : chars[0] + '*'.repeat(chars.length - 1);
}
