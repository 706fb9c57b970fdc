import { ANY_ID_IN_TEXT, FULL_SSN_IN_TEXT, checkSsn, ssnCheckChar } from '../../src/domain/ssn';
import { maskSsn } from '../../src/domain/masking';

describe('checkSsn (GB 11643)', () => {
  it('accepts the spec examples and derives gender and birth date', () => {
    expect(checkSsn('34052419800101001X')).toEqual({ ok: true, gender: 'M', birthDate: '1980-01-01' });
    expect(checkSsn('11010519491231002X')).toEqual({ ok: true, gender: 'F', birthDate: '1949-12-31' });
  });
  it('computes the check character with the standard weights', () => {
    expect(ssnCheckChar('34052419800101001')).toBe('X');
    expect(ssnCheckChar('11010519491231002')).toBe('X');
  });
  it.each([
    ['340524198001010019', 'check character'],
    ['34052419800101001x', 'uppercase X'],
    ['3405241980010100', '18 characters'],
    ['34052419800230001X', 'real date'],
    ['340524190002290012', 'real date'], // 1900 is not a leap year
    ['34052418991231001X', 'real date'],
    ['00052419800101001X', 'province'],
    ['３4052419800101001X', 'digits'],
  ])('rejects %s (%s)', (ssn, why) => {
    const r = checkSsn(ssn);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.why).toContain(why);
  });
  it('accepts 29 Feb of a leap year', () => {
    const first17 = '11010520000229001';
    expect(checkSsn(first17 + ssnCheckChar(first17))).toMatchObject({ ok: true, birthDate: '2000-02-29', gender: 'M' });
  });
  it('masks to first 6 + last 4', () => {
    expect(maskSsn('34052419800101001X')).toBe('340524********001X');
    expect(maskSsn('123')).toBe('***');
  });
});

describe('an ssn standing alone in a text (the privacy checks)', () => {
  // A SHA-256 in hex ends in exactly 18 digits after a letter about once in 12,000 hashes: the
  // demo's electronic index.csv held one and verify called it an ssn.
  const hashEndingIn18Digits = `${'ab'.repeat(23)}340524198001010019`;
  it('finds an ssn between separators, and not the tail of a hash', () => {
    expect(hashEndingIn18Digits).toHaveLength(64);
    expect(FULL_SSN_IN_TEXT.test(`ELR00000001,R00000170,R,IZ6J-RCVB-D34F-ZTFB,${hashEndingIn18Digits}\r\n`)).toBe(false);
    expect(FULL_SSN_IN_TEXT.test('P1,34052419800101001X,100000\r\n')).toBe(true);
    expect(FULL_SSN_IN_TEXT.test('{"ssn":"34052419800101001x"}')).toBe(true);
    expect(FULL_SSN_IN_TEXT.test('{"ssnMasked":"340524********001X"}')).toBe(false);
    expect(FULL_SSN_IN_TEXT.test('3405241980010100190')).toBe(false);
  });
  it('in free text also finds a 15-digit first-generation ID', () => {
    expect(ANY_ID_IN_TEXT.test('moved, old ID 340524800101001 on the letter')).toBe(true);
    expect(FULL_SSN_IN_TEXT.test('moved, old ID 340524800101001 on the letter')).toBe(false);
    expect(ANY_ID_IN_TEXT.test(hashEndingIn18Digits)).toBe(false);
  });
});
