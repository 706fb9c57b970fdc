import { fenToDecimal, parseMoney } from '../../src/domain/money';

describe('parseMoney (exact integer fen)', () => {
  it.each([
    ['1280', 128000],
    ['1280.5', 128050],
    ['1280.50', 128050],
    ['0.1', 10],
    ['0.2', 20],
    ['0', 0],
    ['0.01', 1],
    ['999999999999.99', 99999999999999],
    ['007.50', 750],
  ])('parses %s', (s, fen) => expect(parseMoney(s)).toBe(fen));

  it('adds 0.1 + 0.2 exactly (the binary-float trap)', () => {
    const a = parseMoney('0.1') as number;
    const b = parseMoney('0.2') as number;
    expect(a + b).toBe(parseMoney('0.3'));
    expect(0.1 + 0.2).not.toBe(0.3);
  });
  it('accepts JSON integers as yuan', () => {
    expect(parseMoney(1280)).toBe(128000);
    expect(parseMoney(0)).toBe(0);
  });
  it.each([
    ['1280.499999', '2 decimals'],
    ['1e309', 'decimal number'],
    ['1e3', 'decimal number'],
    ['NaN', 'decimal number'],
    ['-0', 'negative'],
    ['-5.00', 'negative'],
    ['0x10', 'decimal number'],
    ['1234567890123', '12 digits'],
    ['1234567890123.00', '12 digits'],
    ['', 'decimal number'],
    [' 12', 'decimal number'],
    ['12.', 'decimal number'],
    ['.5', 'decimal number'],
    ['1,280.00', 'decimal number'],
    ['１２', 'decimal number'],
  ])('rejects the string %j (%s)', (s, why) => {
    const r = parseMoney(s);
    expect(typeof r).toBe('object');
    expect((r as { error: string }).error).toContain(why);
  });
  it.each([
    [1280.5, 'fraction'],
    [0.1 + 0.2, 'fraction'],
    [-1, 'negative'],
    [-0, 'negative'],
    [Infinity, 'finite'],
    [NaN, 'finite'],
    [1e13, '12 digits'],
  ])('rejects the number %p (%s)', (n, why) => {
    expect((parseMoney(n) as { error: string }).error).toContain(why);
  });
  it.each([[null], [true], [{}], [[]], [undefined]])('rejects %p', (v) => {
    expect(parseMoney(v)).toHaveProperty('error');
  });
  it('formats fen back to plain decimals', () => {
    expect(fenToDecimal(128050)).toBe('1280.50');
    expect(fenToDecimal(5)).toBe('0.05');
    expect(fenToDecimal(0)).toBe('0.00');
    expect(parseMoney(fenToDecimal(99999999999999))).toBe(99999999999999);
  });
});
