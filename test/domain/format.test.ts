import { formatDateCn, formatMoney } from '../../src/domain/format';

describe('formatMoney', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [100, '1.00'],
    [1234567, '12,345.67'],
    [100000000, '1,000,000.00'],
    [99999999999999, '999,999,999,999.99'],
  ])('%d fen → %s', (fen, text) => expect(formatMoney(fen)).toBe(text));
  it('refuses fractions of a fen', () => expect(() => formatMoney(1.5)).toThrow(/not an integer/));
});

describe('formatDateCn', () => {
  it('prints a date without leading zeros', () => expect(formatDateCn('2025-12-31')).toBe('2025年12月31日'));
  it('prints January 5th', () => expect(formatDateCn('2026-01-05')).toBe('2026年1月5日'));
  it('prints a month', () => expect(formatDateCn('2005-07')).toBe('2005年7月'));
  it('refuses other shapes', () => expect(() => formatDateCn('31.12.2025')).toThrow(/YYYY-MM-DD/));
});
