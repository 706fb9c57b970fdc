import { chinaDate, daysUntil, isCalendarDate } from '../../src/domain/dates';

describe('dates as the agency counts them (China time)', () => {
  it('gives the China calendar date of an instant', () => {
    expect(chinaDate(new Date('2026-03-16T15:59:59Z'))).toBe('2026-03-16');
    expect(chinaDate(new Date('2026-03-16T16:00:00Z'))).toBe('2026-03-17');
  });

  it('counts whole days to a date from today in China, negative once past', () => {
    // 23:30 UTC on 15 March is already 16 March in China
    expect(daysUntil('2026-03-31', new Date('2026-03-15T23:30:00Z'))).toBe(15);
    expect(daysUntil('2026-03-16', new Date('2026-03-15T23:30:00Z'))).toBe(0);
    expect(daysUntil('2026-03-16', new Date('2026-03-17T01:00:00Z'))).toBe(-1);
  });

  it('knows a real calendar day from a look-alike', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-2-3')).toBe(false);
  });
});
