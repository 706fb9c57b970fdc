/** Dates as the agency counts them: China time (UTC+8, no daylight saving), whole days. */

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar date in China of an instant, YYYY-MM-DD: deadlines and print dates are China dates. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from one date to another (YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Whole days from `now` (its China date) to `date` (YYYY-MM-DD); negative once past. */
export function daysUntil(date: string, now: Date): number {
  return daysBetween(chinaDate(now), date);
}

/** YYYY-MM-DD naming a real calendar day (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

/** The date `days` whole days after (before, when negative) a YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last day of a business year (31 December, China time): statements for it are made after it. */
export function yearEnd(year: number): string {
  return `${year}-12-31`;
}

/** Whether business year `year` has ended in China at `now`: its figures are final only then. */
export function yearEnded(year: number, now: Date): boolean {
  return chinaDate(now) > yearEnd(year);
}

/** Whether `date` (YYYY-MM-DD) may be printed as the date of business year `year`'s statements: after the year's end. */
export function isAfterYearEnd(date: string, year: number): boolean {
  return date > yearEnd(year);
}

/** Whether a reprint dated `date` is a real day from the run's print date to today in China (`now`). */
export function reprintDateProblem(date: string, printDate: string, now: Date): 'not-a-date' | 'before-print' | 'future' | null {
  if (!isCalendarDate(date)) return 'not-a-date';
  if (date < printDate) return 'before-print';
  if (date > chinaDate(now)) return 'future';
  return null;
}
