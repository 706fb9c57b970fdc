/** INCONSISTENT_RECORD: the seven rules of extract-format.md, each at its edge, through the real reader. */
import type { ExtractItem } from '../../src/extract';
import { makeSsn } from '../../src/generate/generate';
import { setLang } from '../../src/i18n';
import { runLines, specRecord, type Json } from './helpers';

type Scheme = Json & { enrolledSince: string; monthsThisYear: number; cumulativeMonths: number; arrearsMonths: number; status: string };
type Rec = Json & { person: Json; schemes: { pension: Scheme; medical: Scheme; injury: Scheme }; months: { pension: string; medical: string }; benefits: Json[] };

/** The spec's employee (born 1949-12-31), with its schemes set to start in `since` and be consistent for 2025. */
function employee(f: (r: Rec) => void = () => undefined, since = '2005-07'): Json {
  const r = specRecord() as Rec;
  const sy = Number(since.slice(0, 4));
  const sm = Number(since.slice(5, 7));
  const inYear = sy === 2025 ? 13 - sm : 12;
  for (const sc of Object.values(r.schemes)) Object.assign(sc, { enrolledSince: since, monthsThisYear: inYear, cumulativeMonths: Math.min(245, (2025 - sy) * 12 + 13 - sm) });
  const grid = '-'.repeat(12 - inYear) + 'P'.repeat(inYear);
  r.months = { pension: grid, medical: grid };
  f(r);
  return r;
}
/** Born 2000-06-20: 16 in June 2016. */
const bornJune2000 = (f: (r: Rec) => void) =>
  employee((r) => {
    r.person.ssn = makeSsn('110105', '20000620', 21);
    f(r);
  }, '2016-06');

/** A resident child (born 2012-05-01) with a guardian, resident medical only. */
function child(f: (r: Rec) => void): Json {
  const r = specRecord() as Rec;
  r.kind = 'resident';
  delete r.employer;
  delete r.pensionAccount;
  delete (r as Json).months;
  r.benefits = [];
  r.person.ssn = makeSsn('110105', '20120501', 21);
  r.guardian = { name: '王芳', relation: '母亲', address: r.address };
  (r as Json).schemes = { medical: { enrolledSince: '2012-05', status: 'contributing', personalContribution: '380.00', monthsThisYear: 12, cumulativeMonths: 120, arrearsMonths: 0 } };
  f(r);
  return r;
}

async function verdict(rec: Json): Promise<string> {
  const [it] = await runLines([rec]);
  const item = it as ExtractItem;
  return item.type === 'record' ? 'ok' : `${item.entry.reason}: ${item.entry.message}`;
}

describe('the seven rules, each at its edge', () => {
  it('the spec example and its variants are consistent', async () => {
    expect(await verdict(specRecord())).toBe('ok');
    expect(await verdict(employee())).toBe('ok');
    expect(await verdict(employee(() => undefined, '2025-12'))).toBe('ok');
  });

  it('rule 1: enrolled in the last month of the year is fine, the month after is not', async () => {
    expect(await verdict(employee((r) => ((r.schemes.medical).enrolledSince = '2026-01'), '2025-12'))).toBe(
      'INCONSISTENT_RECORD: rule 1 (enrolled after the year): schemes.medical.enrolledSince is after the end of the business year 2025',
    );
  });

  it('rule 2: an employee scheme from the month of the 16th birthday, not the month before', async () => {
    expect(await verdict(bornJune2000(() => undefined))).toBe('ok');
    expect(await verdict(bornJune2000((r) => (r.schemes.injury.enrolledSince = '2016-05')))).toBe(
      'INCONSISTENT_RECORD: rule 2 (enrolled too young): schemes.injury.enrolledSince is before the month of the 16th birthday (person.ssn)',
    );
  });

  it('rule 2: resident medical from the month of birth; resident pension at 16 (the README’s proof: born 2012, pension since 2018)', async () => {
    expect(await verdict(child(() => undefined))).toBe('ok');
    expect(await verdict(child((r) => (r.schemes.medical.enrolledSince = '2012-04')))).toBe(
      'INCONSISTENT_RECORD: rule 2 (enrolled before birth): schemes.medical.enrolledSince is before the month of birth (person.ssn)',
    );
    const withPension = (since: string) =>
      child((r) => {
        r.schemes.pension = { enrolledSince: since, status: 'contributing', personalContribution: '500.00', monthsThisYear: 12, cumulativeMonths: 12, arrearsMonths: 0 };
        r.pensionAccount = { openingBalance: '0', credited: '500.00', interestOnOpening: '0', interestOnCredited: '0', closingBalance: '500.00' };
        r.resident = { tier: '500元档', personal: '500.00', collective: '0', government: '0', other: '0' };
        r.person.ssn = makeSsn('110105', since === '2018-01' ? '20120501' : '20080115', 21);
      });
    expect(await verdict(withPension('2018-01'))).toMatch(/^INCONSISTENT_RECORD: rule 2 \(enrolled too young\): schemes\.pension\.enrolledSince/);
    expect(await verdict(withPension('2024-01'))).toBe('ok'); // born 2008-01: 16 in January 2024
    expect(await verdict(withPension('2023-12'))).toMatch(/rule 2 .*schemes\.pension\.enrolledSince/);
  });

  it('rule 3: cumulative months equal to the months available, and one more', async () => {
    // 2005-07 … 2025-12 is 246 months
    expect(await verdict(employee((r) => (r.schemes.pension.cumulativeMonths = 246)))).toBe('ok');
    expect(await verdict(employee((r) => (r.schemes.pension.cumulativeMonths = 247)))).toBe(
      'INCONSISTENT_RECORD: rule 3 (cumulative months): schemes.pension.cumulativeMonths is more than the months from schemes.pension.enrolledSince to the end of 2025',
    );
    expect(await verdict(employee((r) => (r.schemes.pension.cumulativeMonths = 1), '2025-12'))).toBe('ok');
    expect(await verdict(employee((r) => (r.schemes.pension.cumulativeMonths = 2), '2025-12'))).toMatch(/rule 3 /);
  });

  it('rule 4: months this year from the month of enrolment on', async () => {
    // enrolled 2025-07: six months of 2025
    expect(await verdict(employee(() => undefined, '2025-07'))).toBe('ok');
    expect(await verdict(employee((r) => (r.schemes.injury.monthsThisYear = 7), '2025-07'))).toBe(
      'INCONSISTENT_RECORD: rule 4 (months this year): schemes.injury.monthsThisYear is more than the months of 2025 from schemes.injury.enrolledSince on',
    );
  });

  it('rule 5: the grid’s P + T months equal monthsThisYear; its A months at most arrearsMonths', async () => {
    expect(await verdict(employee((r) => (r.months.pension = 'TTPPPPPPPPPP')))).toBe('ok');
    expect(await verdict(employee((r) => (r.months.pension = '-PPPPPPPPPPP')))).toBe(
      'INCONSISTENT_RECORD: rule 5 (month grid): the P and T months of months.pension do not add up to schemes.pension.monthsThisYear',
    );
    const arrears = (a: number) =>
      employee((r) => {
        r.months.medical = 'PPPPPPPPPPAA';
        Object.assign(r.schemes.medical, { monthsThisYear: 10, arrearsMonths: a });
      });
    expect(await verdict(arrears(2))).toBe('ok');
    expect(await verdict(arrears(1))).toBe('INCONSISTENT_RECORD: rule 5 (month grid): months.medical has more A (arrears) months than schemes.medical.arrearsMonths');
  });

  it('rule 6: a benefit for a scheme the record does not have', async () => {
    expect(await verdict(employee((r) => r.benefits.push({ scheme: 'injury', item: '一次性伤残补助金', amount: '100.00' })))).toBe('ok');
    expect(await verdict(employee((r) => r.benefits.push({ scheme: 'unemployment', item: '失业保险金', amount: '100.00' })))).toBe(
      'INCONSISTENT_RECORD: rule 6 (benefit without scheme): benefits.1.scheme is unemployment, and the record has no schemes.unemployment',
    );
  });

  it('rule 7: a retirement block needs a retired pension, and (v1.1) a retired pension needs the block', async () => {
    const retiree = (f: (r: Rec) => void) =>
      employee((r) => {
        for (const sc of Object.values(r.schemes)) Object.assign(sc, { status: 'retired', monthsThisYear: 0 });
        delete (r as Json).months;
        f(r);
      });
    const block = { retiredOn: '2010-01', monthlyPension: '4200.00', monthsPaid: 12 };
    expect(await verdict(retiree(() => undefined))).toBe('ok'); // a v1 record: no v1.1 field at all
    expect(await verdict(retiree((r) => (r.retirement = block)))).toBe('ok');
    expect(await verdict(employee((r) => (r.retirement = block)))).toBe('INCONSISTENT_RECORD: rule 7 (retirement): retirement is given but schemes.pension.status is not "retired"');
    expect(await verdict(retiree((r) => (r.medicalAccount = { openingBalance: '0', credited: '0', closingBalance: '0' })))).toBe(
      'INCONSISTENT_RECORD: rule 7 (retirement): schemes.pension.status is "retired" but the retirement block is missing',
    );
  });
});

describe('where INCONSISTENT_RECORD ranks', () => {
  it('the lowest rule wins; field faults and MINOR_WITHOUT_GUARDIAN come first; UNPRINTABLE_CHARACTER after', async () => {
    const both = (f: (r: Rec) => void) =>
      employee((r) => {
        r.schemes.pension.cumulativeMonths = 999; // rule 3
        r.benefits.push({ scheme: 'maternity', item: '生育津贴', amount: '1.00' }); // rule 6
        f(r);
      });
    expect(await verdict(both(() => undefined))).toMatch(/^INCONSISTENT_RECORD: rule 3 /);
    expect(await verdict(both((r) => (r.schemes.pension.monthlyBase = '1.001')))).toMatch(/^INVALID_AMOUNT/);
    const orphan = child((r) => {
      delete r.guardian;
      r.schemes.medical.enrolledSince = '2011-01';
    });
    expect(await verdict(orphan)).toMatch(/^MINOR_WITHOUT_GUARDIAN/);
    const [it] = await runLines([both(() => undefined)], { printable: () => ({ reason: 'UNPRINTABLE_CHARACTER', message: 'x' }) });
    expect(it?.type === 'exception' && it.entry.reason).toBe('INCONSISTENT_RECORD');
  });

  it('says it in the operator’s language, with the same rule number and fields', async () => {
    setLang('zh-CN');
    try {
      expect(await verdict(employee((r) => (r.schemes.pension.cumulativeMonths = 247)))).toBe(
        'INCONSISTENT_RECORD: 规则3（累计缴费月数）：schemes.pension.cumulativeMonths 多于 schemes.pension.enrolledSince 至 2025 年末的月数',
      );
    } finally {
      setLang('en');
    }
  });
});
