/** Deceased lists (--deceased): the reader's edges, the table, and DECEASED in the one judge `check` and `run` share. */
import { createHmac } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DeceasedTable, dayNumber, readDeceasedLists, deceasedKey } from '../../src/extract/deceased';
import { makeSsn } from '../../src/generate/generate';
import { outcomes, runLines, specRecord, tmp } from './helpers';

const KEY = 'test-verification-key-0123456789';
const SSN = '11010519491231002X'; // the spec example's
const list = (text: string) => {
  const f = path.join(tmp(), 'dead.csv');
  writeFileSync(f, text);
  return f;
};
const judgeWith = async (text: string, printDate = '2026-01-15') => {
  const { table, key } = await readDeceasedLists([list(text)], KEY);
  return { table, key, printDay: dayNumber(printDate) as number };
};

describe('deceased lists: reading', () => {
  it('reads ssn and ssnHash lists, with a BOM, extra columns and CRLF; the earliest death wins', async () => {
    const other = makeSsn('110105', '19500101', 11);
    const hash = createHmac('sha256', KEY).update(other).digest('hex');
    const a = list(`\uFEFFname,ssn,diedOn\r\n甲,${SSN},2025-12-01\r\n甲,${SSN},2025-03-01\r\n`);
    const b = list(`ssnHash,diedOn\n${hash.toUpperCase()},2024-02-29\n`);
    const { table, lists } = await readDeceasedLists([a, b], KEY);
    expect(table.diedOn(deceasedKey(KEY, SSN))).toBe(20250301);
    expect(table.diedOn(deceasedKey(KEY, other))).toBe(20240229);
    expect(table.diedOn(deceasedKey(KEY, makeSsn('110105', '19500101', 13)))).toBeUndefined();
    expect(lists.map((l) => l.entries)).toEqual([2, 1]);
    const sha = spawnSync('sha256sum', [a], { encoding: 'utf8' }).stdout.split(' ')[0];
    expect(lists[0]?.sha256).toBe(sha);
  });

  it.each([
    ['ssn,died\n', /header must name diedOn/],
    ['name,diedOn\nx,2025-01-01\n', /header must name diedOn and ssn or ssnHash/],
    [`ssn,diedOn\n${SSN},2025-02-30\n`, /line 2: diedOn is not a date/],
    ['ssn,diedOn\n1101051949123100,2025-01-01\n', /line 2: ssn is not 18 characters/],
    ['ssnHash,diedOn\nabc,2025-01-01\n', /line 2: neither an ssn nor an ssnHash/],
    ['ssn,diedOn\n"unclosed,2025-01-01\n', /not valid CSV/],
  ])('refuses %j with one line naming the file and line (never the ssn)', async (text, re) => {
    const f = list(text);
    const err = (await readDeceasedLists([f], KEY).catch((e: unknown) => e)) as Error & { exitCode?: number };
    expect(err.message).toMatch(re);
    expect(err.message).toContain(f);
    expect(err.message).not.toContain(SSN.slice(0, 12));
    expect(err.exitCode).toBe(2);
  });

  it('an ssnHash list without the key is refused (a check without SIPRINT_VERIFY_KEY)', async () => {
    const f = list(`ssnHash,diedOn\n${'a'.repeat(64)},2025-01-01\n`);
    await expect(readDeceasedLists([f], undefined)).rejects.toThrow(/set SIPRINT_VERIFY_KEY/);
    // an ssn list needs no key: keyed under one of this process only
    const g = list(`ssn,diedOn\n${SSN},2025-01-01\n`);
    const r = await readDeceasedLists([g], undefined);
    expect(r.table.diedOn(deceasedKey(r.key, SSN))).toBe(20250101);
  });

  it('an unreadable list is one line (exit 2)', async () => {
    await expect(readDeceasedLists([path.join(tmp(), 'none.csv')], KEY)).rejects.toThrow(/cannot be read \(ENOENT\)/);
  });

  it('the table grows and shares its memory (a judge thread sees the same entries)', () => {
    const t = new DeceasedTable();
    for (let i = 0; i < 5000; i++) t.add(deceasedKey(KEY, String(i)), 20250101 + (i % 28));
    expect(t.size).toBe(5000);
    const view = new DeceasedTable(t.slots);
    for (let i = 0; i < 5000; i++) expect(view.diedOn(deceasedKey(KEY, String(i)))).toBe(20250101 + (i % 28));
    expect(view.diedOn(deceasedKey(KEY, 'x'))).toBeUndefined();
  });
});

describe('DECEASED in the judge', () => {
  it('a death the day before the print date suppresses; on the print date or after, the record prints', async () => {
    const before = await judgeWith(`ssn,diedOn\n${SSN},2026-01-14\n`);
    const on = await judgeWith(`ssn,diedOn\n${SSN},2026-01-15\n`);
    expect(outcomes(await runLines([specRecord()], { deceased: before }))).toEqual([[1, 'DECEASED']]);
    expect(outcomes(await runLines([specRecord()], { deceased: on }))).toEqual([[1, 'ok']]);
  });

  it('outranks every other verdict on the row: a duplicate, a hold, an invalid field — suppressed, never held', async () => {
    const d = await judgeWith(`ssn,diedOn\n${SSN},2020-05-05\n`);
    const dup = specRecord('R2');
    const hold = { ...specRecord('R3', makeSsn('110105', '19600101', 11)), delivery: 'hold' };
    const bad = { ...specRecord('R4'), kind: 'pensioner' };
    const items = await runLines([specRecord('R1'), dup, hold, bad], { deceased: d });
    expect(outcomes(items)).toEqual([
      [1, 'DECEASED'],
      [2, 'DECEASED'],
      [3, 'DELIVERY_HOLD'],
      [4, 'DECEASED'],
    ]);
    const e = items[0]?.type === 'exception' ? items[0].entry : undefined;
    expect(e).toMatchObject({ recordId: 'R1', ssnMasked: '110105********002X', batch: 'E' });
    expect(JSON.stringify(items)).not.toContain(SSN);
  });

  it('without lists nothing changes (the same verdicts as before)', async () => {
    expect(outcomes(await runLines([specRecord()]))).toEqual([[1, 'ok']]);
  });
});
