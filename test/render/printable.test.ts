/**
 * The fast printability check (probe + fallback) against the full-layout reference: the same verdict,
 * reason and message for every record — generated ones with faults and hand-made edge cases.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadRenderAssets } from '../../src/assets/load';
import { loadPostcodeTable } from '../../src/assets';
import type { InsuredRecord } from '../../src/domain/types';
import { generateExtract } from '../../src/generate/generate';
import { validateRecord } from '../../src/extract/schema';
import { layoutFlow } from '../../src/render/flow';
import { createRenderer } from '../../src/render';
import { employee, resident } from '../fixtures/records';
import { tmpDir } from './tools';

// count full layouts: the probe must clear clean records without one
jest.mock('../../src/render/flow', () => {
  const actual = jest.requireActual<typeof import('../../src/render/flow')>('../../src/render/flow');
  return { ...actual, layoutFlow: jest.fn(actual.layoutFlow) };
});
const layouts = layoutFlow as jest.MockedFunction<typeof layoutFlow>;

const renderer = createRenderer(loadRenderAssets());
const tmp = tmpDir();
afterAll(() => tmp.done());

const same = (rec: InsuredRecord): ReturnType<typeof renderer.printable> => {
  const fast = renderer.printable(rec);
  expect(fast).toEqual(renderer.printableFull(rec));
  return fast;
};

describe('printable (fast) gives the verdicts of printableFull (reference)', () => {
  it('on a generated extract with faults (3,000 records, rare and unprintable names, too-long values)', async () => {
    const file = path.join(tmp.dir, 'x.jsonl');
    await generateExtract(file, { count: 3000, year: 2025, seed: 'fastcheck', format: 'jsonl', encoding: 'utf8', faults: 0.2 });
    const verdicts: Record<string, number> = {};
    let n = 0;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        let raw: unknown;
        try {
          raw = JSON.parse(line);
        } catch {
          return;
        }
        const v = validateRecord(raw, i + 1, 2025, 'json', loadPostcodeTable().table);
        if (!v.ok) return;
        n++;
        const key = same(v.record)?.reason ?? 'ok';
        verdicts[key] = (verdicts[key] ?? 0) + 1;
      });
    expect(n).toBeGreaterThan(2000);
    // the extract must exercise both failures, or the comparison proves little
    expect(verdicts.UNPRINTABLE_CHARACTER).toBeGreaterThan(5);
    expect(verdicts.DOES_NOT_FIT).toBeGreaterThan(5);
  });

  it('at and around every text box limit (employer, addresses, guardian, benefit item, agency)', () => {
    const seen = new Set<string>();
    const fill = (k: number): string => '国际企业管理咨询服务有限公司'.repeat(8).slice(0, k);
    const at: ((s: string) => InsuredRecord)[] = [
      (s) => employee({ employer: { code: 'X', name: s } }),
      (s) => employee({ person: { ...employee().person, name: s } }),
      (s) => employee({ address: { ...employee().address!, line: s } }),
      (s) => resident({ guardian: { ...resident().guardian!, address: { ...resident().guardian!.address, line: s } } }),
      (s) => resident({ guardian: { ...resident().guardian!, name: s } }),
      (s) => employee({ benefits: [{ scheme: 'medical', item: s, amount: 356020 }] }),
      (s) => employee({ agency: { ...employee().agency, name: s } }),
      (s) => resident({ agency: { ...resident().agency, address: s } }),
    ];
    for (const make of at) {
      for (let k = 1; k <= 110; k++) {
        seen.add(same(make(fill(k)))?.reason ?? 'ok');
        // a space where the line breaks (dropped there by the wrap) and an unprintable character late in a long value
        seen.add(same(make(`${fill(k)} 国`))?.reason ?? 'ok');
        if (k % 10 === 0) seen.add(same(make(`${fill(k)}𠇔`))?.reason ?? 'ok');
      }
    }
    expect([...seen].sort()).toEqual(['DOES_NOT_FIT', 'UNPRINTABLE_CHARACTER', 'ok']);
  });

  it('on rare characters, control characters, extreme amounts and long lists', () => {
    const cases: InsuredRecord[] = [
      employee({ person: { ...employee().person, name: '李𬱖䶶' } }),
      employee({ employer: { code: 'X', name: '北京\n某某' } }),
      employee({ employer: { code: 'X', name: '北京\t某某' } }),
      employee({ benefits: [{ scheme: 'medical', item: '医疗费', amount: 999_999_999_999_99 }] }),
      employee({ benefits: [{ scheme: 'medical', item: '医疗费', amount: -999_999_999_999_99 }] }),
      employee({ benefits: Array.from({ length: 60 }, (_, i) => ({ scheme: 'pension' as const, item: `养老金${i}`, amount: i * 1000, months: 12 })) }),
      employee({ pensionAccount: { openingBalance: 999_999_999_999_99, credited: 0, interestOnOpening: 0, interestOnCredited: 0, paidOut: 0, closingBalance: 999_999_999_999_99 } }),
      employee({ months: { pension: 'PPPPPPPPPPPP', medical: 'PPPPPPAAAAAA' } }),
      resident({ resident: { tier: '第三档（500元）'.repeat(6), personal: 1, collective: 1, government: 1, other: 1 } }),
      resident({ agency: { ...resident().agency, phone: '12333'.repeat(30) } }),
    ];
    for (const rec of cases) same(rec);
  });

  it('clears a clean record without laying out the statement', () => {
    layouts.mockClear();
    expect(renderer.printable(employee())).toBeNull();
    expect(renderer.printable(resident())).toBeNull();
    expect(layouts).not.toHaveBeenCalled();
    expect(renderer.printableFull(employee())).toBeNull();
    expect(layouts).toHaveBeenCalledTimes(1);
    // a record with a problem goes to the reference for its verdict and message
    expect(renderer.printable(employee({ person: { ...employee().person, name: '王𠇔' } }))?.reason).toBe('UNPRINTABLE_CHARACTER');
    expect(layouts).toHaveBeenCalledTimes(2);
  });
});
