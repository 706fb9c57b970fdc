/** The v1.1 fields (extract-format.md "Added in v1.1"): all optional, checked when given. */
import { reasonOf, runLines, specRecord, type Json } from './helpers';

type Rec = Json & { schemes: Record<string, Json>; benefits: Json[] };
const edit = (f: (r: Rec) => void): Json => {
  const r = specRecord() as Rec;
  f(r);
  return r;
};
const medical = { openingBalance: '5234.10', credited: '2304.00', interest: '0', paidOut: '1250.60', closingBalance: '6287.50' };

describe('v1.1 fields', () => {
  it('accepts back pay, deemed months, a medical account, a benefit with grade and days, a retirement', async () => {
    const r = edit((r) => {
      Object.assign(r.schemes.pension!, { backPayAmount: '3840.00', backPayMonths: 5, deemedMonths: 36 });
      r.medicalAccount = medical;
      r.benefits = [{ scheme: 'injury', item: '停工留薪期工资', amount: '26133.00', grade: 7, days: 98 }];
    });
    const [item] = await runLines([r]);
    expect(item?.type).toBe('record');
    if (item?.type !== 'record') return;
    expect(item.record.schemes.pension).toMatchObject({ backPayAmount: 384000, backPayMonths: 5, deemedMonths: 36 });
    expect(item.record.medicalAccount).toEqual({ openingBalance: 523410, credited: 230400, interest: 0, paidOut: 125060, closingBalance: 628750 });
    expect(item.record.benefits[0]).toMatchObject({ grade: 7, days: 98 });
    const retired = edit((r) => {
      Object.assign(r.schemes.pension!, { status: 'retired', monthsThisYear: 0 });
      delete (r.months as Json).pension; // a retiree pays no more: no paid months in the grid (rule 5)
      r.retirement = { retiredOn: '2009-04', monthlyPension: '4123.50', monthsPaid: 12, adjustment: '86' };
    });
    expect(await reasonOf(retired)).toBe('ok');
  });

  it('medicalAccount: closing = opening + credited + interest − paidOut, to the fen (ACCOUNT_MISMATCH)', async () => {
    expect(await reasonOf(edit((r) => (r.medicalAccount = { ...medical, closingBalance: '6287.51' })))).toBe('ACCOUNT_MISMATCH');
    const [item] = await runLines([edit((r) => (r.medicalAccount = { ...medical, interest: undefined, closingBalance: '6287.50' }))]);
    expect(item?.type).toBe('record');
    const [bad] = await runLines([edit((r) => (r.medicalAccount = { ...medical, closingBalance: '6287.49' }))]);
    expect(bad?.type === 'exception' && bad.entry.message).toBe('medicalAccount.closingBalance is off by 0.01 yuan from opening + credited + interest − paidOut');
  });

  it.each([
    ['INVALID_FIELD', edit((r) => (r.benefits = [{ scheme: 'injury', item: 'x', amount: '1', grade: 11 }]))],
    ['INVALID_FIELD', edit((r) => (r.benefits = [{ scheme: 'injury', item: 'x', amount: '1', grade: 0 }]))],
    ['INVALID_FIELD', edit((r) => (r.benefits = [{ scheme: 'maternity', item: 'x', amount: '1', days: 0 }]))],
    ['INVALID_FIELD', edit((r) => ((r.schemes.medical as Json).deemedMonths = 3))],
    ['INVALID_FIELD', edit((r) => (r.retirement = { retiredOn: '2009-13', monthlyPension: '1', monthsPaid: 12 }))],
    ['INVALID_FIELD', edit((r) => (r.retirement = { retiredOn: '2009-04', monthlyPension: '1', monthsPaid: 13 }))],
    ['INVALID_AMOUNT', edit((r) => ((r.schemes.pension as Json).backPayAmount = '1.001'))],
    ['INVALID_AMOUNT', edit((r) => (r.medicalAccount = { ...medical, paidOut: '-1' }))],
    ['MISSING_FIELD', edit((r) => (r.medicalAccount = { ...medical, credited: undefined }))],
  ])('%s (case %#)', async (reason, rec) => {
    expect(await reasonOf(rec)).toBe(reason);
  });
});
