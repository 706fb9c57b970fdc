/** Warnings (extract-format.md): the ticket's rates and interestRate, a person over 105 — each at its edge; printed all the same. */
import type { ExtractItem } from '../../src/extract';
import { makeSsn } from '../../src/generate/generate';
import { runLines, specRecord, type Json } from './helpers';

type Acc = { openingBalance: string; credited: string; interestOnOpening: string; interestOnCredited: string; paidOut: string; closingBalance: string };
type Rec = Json & { person: Json; schemes: { pension: Json; medical: Json }; pensionAccount: Acc };
const rec = (f: (r: Rec) => void = () => undefined): Json => {
  const r = specRecord() as Rec;
  f(r);
  return r;
};
// the spec example: pension 8000 × 12 at 8 % personal (7680.00) and 16 % employer; medical 2 % / 10 %
const RATES = { rates: { pension: { personal: 8, employer: 16 }, medical: { personal: 2, employer: 10 } } };
const fen = (yuan: string) => Math.round(Number(yuan) * 100);
const yuan = (f: number) => (f / 100).toFixed(2);
/** A pension account with these figures, its closing balance made to add up (no ACCOUNT_MISMATCH). */
function account(r: Rec, a: { opening: number; credited: number; onOpening: number; onCredited: number }): void {
  r.pensionAccount = {
    openingBalance: yuan(a.opening),
    credited: yuan(a.credited),
    interestOnOpening: yuan(a.onOpening),
    interestOnCredited: yuan(a.onCredited),
    paidOut: '0.00',
    closingBalance: yuan(a.opening + a.credited + a.onOpening + a.onCredited),
  };
}
async function warnings(r: Json, rules?: NonNullable<Parameters<typeof runLines>[1]>['warnings']): Promise<string[]> {
  const items = await runLines([r], rules ? { warnings: rules } : {});
  const it = items[0] as ExtractItem;
  if (it.type !== 'record') throw new Error(`not printed: ${it.entry.reason} ${it.entry.message}`);
  return (it.warnings ?? []).map((w) => `${w.warning}: ${w.message}`);
}

describe('warnings', () => {
  it('contributions at the ticket rates, and off by exactly 1 yuan a month, give none; one fen more gives CONTRIBUTION_RATE naming the field', async () => {
    expect(await warnings(rec(), RATES)).toEqual([]);
    const off = (cents: number) => rec((r) => (r.schemes.pension.personalContribution = yuan(fen('7680.00') + cents)));
    expect(await warnings(off(1200), RATES)).toEqual([]); // 12 months × 1 yuan
    expect(await warnings(off(-1200), RATES)).toEqual([]);
    const w = await warnings(off(1201), RATES);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^CONTRIBUTION_RATE: schemes\.pension\.personalContribution differs from .*× 8%/);
    expect(w[0]).not.toContain('7692'); // never the amount
    expect(await warnings(off(-1201), RATES)).toHaveLength(1);
    // without the ticket's rates nothing is compared
    expect(await warnings(off(5000))).toEqual([]);
  });

  it('with zero months this year any contribution is off (the tolerance is 1 yuan a month)', async () => {
    const r = rec((x) => {
      Object.assign(x.schemes.medical, { monthsThisYear: 0, personalContribution: '0.01', employerContribution: '0.00' });
      (x.months as Json).medical = '------------';
    });
    expect(await warnings(r, RATES)).toEqual([expect.stringMatching(/^CONTRIBUTION_RATE: schemes\.medical\.personalContribution/)]);
  });

  it('interest on the opening balance within 0.1 point of interestRate gives none, beyond it INTEREST_RATE; on the credited, up to the rate + 0.1', async () => {
    const at = (onOpening: number, onCredited = 0) => rec((r) => account(r, { opening: 10_000_000, credited: 768_000, onOpening, onCredited }));
    const ir = { interestRate: 2.6 };
    expect(await warnings(at(260_000), ir)).toEqual([]);
    expect(await warnings(at(270_000), ir)).toEqual([]); // 2.7 %: exactly 0.1 point
    expect(await warnings(at(250_000), ir)).toEqual([]);
    expect(await warnings(at(270_001), ir)).toEqual([expect.stringMatching(/^INTEREST_RATE: pensionAccount\.interestOnOpening .*2\.6%/)]);
    expect(await warnings(at(249_999), ir)).toHaveLength(1);
    expect(await warnings(at(260_000, 20_736), ir)).toEqual([]); // 768,000 × 2.7 %
    expect(await warnings(at(260_000, 20_737), ir)).toEqual([expect.stringMatching(/^INTEREST_RATE: pensionAccount\.interestOnCredited/)]);
    expect(await warnings(at(300_000))).toEqual([]);
  });

  it('a person 106 at the end of the year is AGE_OVER_105; 105 is not', async () => {
    const born = (date: string) => rec((r) => (r.person.ssn = makeSsn('110105', date, 2)));
    expect(await warnings(born('19200101'))).toEqual([]);
    expect(await warnings(born('19191231'))).toEqual([expect.stringMatching(/^AGE_OVER_105: person over 105 at the end of 2025/)]);
  });

  it('never a hold: a held record gets its reason, not warnings; a warned one is printed', async () => {
    const old = rec((r) => {
      r.person.ssn = makeSsn('110105', '19150101', 2);
      r.schemes.pension.personalContribution = '1.00';
    });
    const held = { ...(old as object), recordId: 'R2', kind: 'pensioner', person: { ...(old.person as Json), ssn: makeSsn('110105', '19150101', 4) } };
    const items = await runLines([old, held], { warnings: RATES });
    expect(items[0]?.type).toBe('record');
    expect(items[0]?.type === 'record' && items[0].warnings?.map((w) => w.warning)).toEqual(['CONTRIBUTION_RATE', 'AGE_OVER_105']);
    expect(items[1]?.type).toBe('exception');
    expect(items[1]).not.toHaveProperty('warnings');
  });
});
