import { createHmac } from 'node:crypto';
import { canonicalJson, formatVerificationCode, normalizeVerificationCode, verificationCode } from '../../src/render';
import { employee } from '../fixtures/records';

describe('verification code', () => {
  it('is 16 base32 characters, printed in groups of four', () => {
    const code = verificationCode(employee(), 'E', 2025, 'k');
    expect(code).toMatch(/^[A-Z2-7]{16}$/);
    expect(formatVerificationCode(code)).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    expect(normalizeVerificationCode(formatVerificationCode(code).toLowerCase())).toBe(code);
  });

  it('depends on the content, batch, year and key — not on field order or the extract line', () => {
    const r = employee();
    const code = verificationCode(r, 'E', 2025, 'k');
    const { person, ...rest } = r;
    const reordered = JSON.parse(JSON.stringify({ ...rest, line: 99, person })) as typeof r;
    expect(verificationCode(reordered, 'E', 2025, 'k')).toBe(code);
    const changed = employee({ pensionAccount: { ...r.pensionAccount!, closingBalance: r.pensionAccount!.closingBalance + 1 } });
    expect(verificationCode(changed, 'E', 2025, 'k')).not.toBe(code);
    expect(verificationCode(r, 'S-pension', 2025, 'k')).not.toBe(code);
    expect(verificationCode(r, 'E', 2024, 'k')).not.toBe(code);
    expect(verificationCode(r, 'E', 2025, 'other')).not.toBe(code);
  });

  it('refuses an empty key', () => {
    expect(() => verificationCode(employee(), 'E', 2025, '')).toThrow(/SIPRINT_VERIFY_KEY/);
  });
});

describe('HMAC', () => {
  it('is RFC 2104 HMAC-SHA256 (checked against node:crypto, short and long keys)', () => {
    const r = employee();
    for (const key of ['k', 'x'.repeat(64), 'long key '.repeat(20)]) {
      const { line: _line, ...content } = r;
      const mac = createHmac('sha256', key).update(canonicalJson({ v: 1, batch: 'E', year: 2025, record: content })).digest();
      const expected = base32(mac).slice(0, 16);
      expect(verificationCode(r, 'E', 2025, key)).toBe(expected);
    }
  });
});

function base32(buf: Buffer): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of buf) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i + 5 <= bits.length; i += 5) out += A[parseInt(bits.slice(i, i + 5), 2)];
  return out;
}
