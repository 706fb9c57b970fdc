/** `check --compare`'s comparison and page (pure): counts per code, the records that newly fail, no personal data. */
import { REASON_CODES, WARNING_CODES } from '../../src/domain/types';
import { buildComparePage, compareChecks, type CheckEntries } from '../../src/report/compare';

const last: CheckEntries = {
  exceptions: [
    { recordId: 'R1', line: 1, reason: 'INVALID_SSN', ssnMasked: '110101********1234' },
    { recordId: 'R2', line: 2, reason: 'INVALID_SSN', ssnMasked: '110101********2345' },
    { recordId: 'R3', line: 3, reason: 'DELIVERY_HOLD' },
    { recordId: null, line: 9, reason: 'PARSE_ERROR' },
  ],
  warnings: [{ recordId: 'R5', line: 5, warning: 'AGE_OVER_105' }],
};
const now: CheckEntries = {
  exceptions: [
    // R1 still held, now for another code: not a new failure
    { recordId: 'R1', line: 1, reason: 'INCONSISTENT_RECORD', ssnMasked: '110101********1234' },
    { recordId: 'R4', line: 4, reason: 'INCONSISTENT_RECORD', ssnMasked: '110101********4567' },
    // held last month only as suppressed: a new failure
    { recordId: 'R3', line: 3, reason: 'MISSING_FIELD' },
    { recordId: 'R6', line: 6, reason: 'DECEASED', ssnMasked: '110101********6789' },
  ],
  warnings: [
    { recordId: 'R5', line: 5, warning: 'AGE_OVER_105' },
    { recordId: 'R5', line: 5, warning: 'INTEREST_RATE' },
    { recordId: 'R7', line: 7, warning: 'CONTRIBUTION_RATE' },
  ],
};

describe('compareChecks', () => {
  const c = compareChecks(last, now);
  it('counts every code both months, in the catalogue order, with the change', () => {
    expect(c.held.map((r) => r.code)).toEqual([...REASON_CODES]);
    expect(c.warnings.map((r) => r.code)).toEqual([...WARNING_CODES]);
    const row = (code: string) => [...c.held, ...c.suppressed, ...c.warnings].find((r) => r.code === code);
    expect(row('INVALID_SSN')).toEqual({ code: 'INVALID_SSN', previous: 2, current: 0, change: -2 });
    expect(row('INCONSISTENT_RECORD')).toEqual({ code: 'INCONSISTENT_RECORD', previous: 0, current: 2, change: 2 });
    expect(row('PARSE_ERROR')).toEqual({ code: 'PARSE_ERROR', previous: 1, current: 0, change: -1 });
    expect(row('DELIVERY_HOLD')).toEqual({ code: 'DELIVERY_HOLD', previous: 1, current: 0, change: -1 });
    expect(row('DECEASED')).toEqual({ code: 'DECEASED', previous: 0, current: 1, change: 1 });
    expect(row('AGE_OVER_105')).toEqual({ code: 'AGE_OVER_105', previous: 1, current: 1, change: 0 });
    expect(c.totals).toEqual({ held: { previous: 3, current: 3, change: 0 }, suppressed: { previous: 1, current: 1, change: 0 }, warnings: { previous: 1, current: 3, change: 2 } });
    expect(c.unmatchable).toEqual({ previous: 1, current: 0 });
  });
  it('a record newly fails when it was not held last month; a warning when the record did not have that code', () => {
    expect(c.newlyHeld).toEqual([
      { recordId: 'R4', line: 4, code: 'INCONSISTENT_RECORD', ssnMasked: '110101********4567' },
      { recordId: 'R3', line: 3, code: 'MISSING_FIELD' },
    ]);
    expect(c.newlyWarned).toEqual([
      { recordId: 'R5', line: 5, code: 'INTEREST_RATE' },
      { recordId: 'R7', line: 7, code: 'CONTRIBUTION_RATE' },
    ]);
  });
  it('the same check twice: nothing new, no change', () => {
    const same = compareChecks(now, now);
    expect(same.newlyHeld).toEqual([]);
    expect(same.newlyWarned).toEqual([]);
    expect([...same.held, ...same.suppressed, ...same.warnings].every((r) => r.change === 0)).toBe(true);
  });
});

describe('buildComparePage', () => {
  it.each(['en', 'zh-CN'] as const)('self-contained, bars per code, the new failures listed masked (%s)', (lang) => {
    const html = buildComparePage({ comparison: compareChecks(last, now), previousDir: 'check-11', currentDir: 'check-12<', generatedAt: '2026-01-05T08:00:00Z', lang });
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain('check-12&lt;'); // escaped
    expect((html.match(/<svg class="chart"/g) ?? []).length).toBe(3);
    expect(html).toContain('<code>R4</code>');
    expect(html).toContain('110101********4567');
    expect(html).toMatch(lang === 'en' ? /records newly held/ : /本月新增暂缓/);
  });
});
