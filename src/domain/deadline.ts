/** Statements for business year Y must be delivered by 31 March of Y+1 (domain.md). */
export function deadlineFor(year: number): string {
  return `${year + 1}-03-31`;
}

/** The day the files must reach the print house: the deadline minus its lead time, YYYY-MM-DD. */
export function handoffBy(year: number, leadDays = 15): string {
  if (!Number.isInteger(leadDays) || leadDays < 0) throw new RangeError(`leadDays must be a whole number ≥ 0, got ${leadDays}`);
  const t = Date.UTC(year + 1, 2, 31) - leadDays * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
