import { batchesFor } from '../../src/domain/batch';
import { deadlineFor, handoffBy } from '../../src/domain/deadline';
import { isMinor } from '../../src/domain/minor';
import { addressText } from '../../src/domain/address';
import { regionOf } from '../../src/domain/region';
import { comparePieces, presortKey, recipientOf } from '../../src/domain/presort';
import type { Address, InsuredRecord } from '../../src/domain/types';

const addr = (postcode: string, line: string): Address => ({ postcode, province: '北京市', city: '北京市', line });

function record(over: Partial<InsuredRecord> = {}): InsuredRecord {
  return {
    recordId: 'R1', kind: 'employee', line: 1,
    person: { name: '张伟', ssn: '11010519491231002X', gender: 'F', birthDate: '1949-12-31' },
    address: addr('100022', '建国路88号'), delivery: 'mail',
    agency: { code: '110105', name: '中心', address: '某路', postcode: '100020', phone: '12333' },
    schemes: { pension: { enrolledSince: '2005-07', status: 'contributing', monthsThisYear: 12, cumulativeMonths: 10, arrearsMonths: 0 } },
    benefits: [], ...over,
  };
}

describe('isMinor: under 18 on 31 Dec of the business year', () => {
  it.each([
    ['2007-12-31', 2025, false], // turns 18 on 31 Dec 2025: an adult on the last day
    ['2008-01-01', 2025, true], // turns 18 on 1 Jan 2026: still a minor for 2025
    ['2007-01-01', 2025, false],
    ['2008-12-31', 2025, true],
    ['2025-06-01', 2025, true],
    ['1949-12-31', 2025, false],
  ])('born %s, year %d → %p', (birth, year, minor) => expect(isMinor(birth, year)).toBe(minor));
});

describe('batchesFor', () => {
  it('annual: E for employees, R for residents', () => {
    expect(batchesFor(record(), 'annual')).toEqual(['E']);
    expect(batchesFor(record({ kind: 'resident' }), 'annual')).toEqual(['R']);
  });
  it('scheme: one batch per scheme the record has and the ticket lists, in scheme order', () => {
    const s = { enrolledSince: '2005-07', status: 'contributing' as const, monthsThisYear: 12, cumulativeMonths: 1, arrearsMonths: 0 };
    const r = record({ schemes: { injury: s, pension: s, medical: s } });
    expect(batchesFor(r, 'scheme')).toEqual(['S-pension', 'S-medical', 'S-injury']);
    expect(batchesFor(r, 'scheme', ['injury', 'unemployment'])).toEqual(['S-injury']);
    expect(batchesFor(r, 'scheme', ['maternity'])).toEqual([]);
  });
});

describe('deadline and hand-off', () => {
  it('is 31 March of the next year', () => expect(deadlineFor(2025)).toBe('2026-03-31'));
  it('hand-off is deadline minus lead days (default 15)', () => {
    expect(handoffBy(2025)).toBe('2026-03-16');
    expect(handoffBy(2025, 0)).toBe('2026-03-31');
    expect(handoffBy(2025, 31)).toBe('2026-02-28');
    expect(handoffBy(2027, 31)).toBe('2028-02-29'); // leap year
    expect(() => handoffBy(2025, -1)).toThrow(RangeError);
  });
});

describe('recipientOf and comparePieces', () => {
  const guardian = { name: '李娜', relation: '母亲', address: addr('200120', '世纪大道1号') };
  it('sends a minor’s statement to the guardian', () => {
    const minor = record({ person: { name: '张小', ssn: 'x', gender: 'M', birthDate: '2010-05-01' }, guardian });
    expect(recipientOf(minor, 2025)).toEqual({ role: 'guardian', name: '李娜', address: guardian.address, relation: '母亲' });
  });
  it('sends an adult’s statement to the person even if a guardian is on record', () => {
    expect(recipientOf(record({ guardian }), 2025)).toMatchObject({ role: 'self', name: '张伟' });
  });
  it('throws for a minor without guardian (validation must have held it)', () => {
    const minor = record({ person: { name: '张小', ssn: 'x', gender: 'M', birthDate: '2010-05-01' } });
    expect(() => recipientOf(minor, 2025)).toThrow(/guardian/);
  });
  it('orders by postcode, then address text, then recordId', () => {
    const p = (postcode: string, line: string, recordId: string) => ({ recipient: { address: addr(postcode, line) }, record: { recordId } });
    const pieces = [p('200000', 'a', 'R1'), p('100000', 'b', 'R2'), p('100000', 'a', 'R4'), p('100000', 'a', 'R3')];
    expect(pieces.sort(comparePieces).map((x) => x.record.recordId)).toEqual(['R3', 'R4', 'R2', 'R1']);
  });
  it('keys compare as the fields do, one after another: prefixes, control characters, surrogates, the employer', () => {
    // each field's code-unit comparison, in turn: the order presortKey's plain comparison must give
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    type P = { recipient: { address: Address; via?: { code: string; name: string } }; record: { recordId: string } };
    const fields = (x: P) => [x.recipient.address.postcode, addressText(x.recipient.address), x.recipient.via?.code ?? '', x.record.recordId];
    const byFields = (a: P, b: P) => fields(a).reduce((c, f, i) => c || cmp(f, fields(b)[i] as string), 0);
    const texts = ['', 'a', 'ab', 'a\u0000', 'a\u0001b', 'a\tb', 'a\nb', 'a\u000bb', 'a b', '\u0000', '\u000a', '\u002a', '建国路', '\ud83d\ude00', '\uffff'];
    const pieces: P[] = [];
    texts.forEach((t, i) => {
      const u = texts[(i * 7) % texts.length] as string;
      pieces.push({ recipient: { address: addr(`1000${i % 3}`, t) }, record: { recordId: u } });
      pieces.push({ recipient: { address: addr('10000', u), via: { code: t, name: 'x' } }, record: { recordId: t } });
    });
    for (const a of pieces) {
      expect(presortKey(a)).not.toMatch(/[\t\n]/);
      for (const b of pieces) expect([a, b, Math.sign(comparePieces(a, b))]).toEqual([a, b, Math.sign(byFields(a, b))]);
    }
  });
});

describe('addressText', () => {
  it('prints a municipality once and keeps a city that differs from its province', () => {
    expect(addressText({ postcode: '100020', province: '北京市', city: '北京市', district: '朝阳区', line: '建国路1号' })).toBe('北京市朝阳区建国路1号');
    expect(addressText({ postcode: '510000', province: '广东省', city: '广州市', line: '中山路2号' })).toBe('广东省广州市中山路2号');
  });
});

describe('regionOf', () => {
  it('names a region once for a municipality', () => {
    expect(regionOf({ province: '北京市', city: '北京市' })).toBe('北京市');
    expect(regionOf({ province: '广东省', city: '广州市' })).toBe('广东省 广州市');
    expect(regionOf(undefined)).toBe('(unknown)');
  });
});
