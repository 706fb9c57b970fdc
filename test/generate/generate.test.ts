import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMinor } from '../../src/domain/minor';
import { REASON_CODES } from '../../src/domain/types';
import type { ExtractItem, PrintabilityCheck } from '../../src/extract';
import { generateExtract } from '../../src/generate/generate';
import { collect, tmp } from '../extract/helpers';
import { readDeceasedLists } from '../../src/extract/deceased';
import { deceasedBeside } from '../../src/cli/generate';

/** A stand-in for the renderer: U+201D4 has no glyph; very long address lines / employer names overflow. */
const printable: PrintabilityCheck = (r) => {
  const text = [r.person.name, r.address?.line ?? '', r.employer?.name ?? '', r.guardian?.name ?? ''].join('');
  if (text.includes('𠇔')) return { reason: 'UNPRINTABLE_CHARACTER', message: 'U+201D4 is in no configured font' };
  if ((r.address?.line.length ?? 0) > 40 || (r.employer?.name.length ?? 0) > 40) return { reason: 'DOES_NOT_FIT', message: 'too long for its box' };
  return null;
};

/** Everything check reports, keyed by recordId (line numbers differ by the CSV header row). */
function digest(items: ExtractItem[], lineOffset: number): string[] {
  return items.map((it) =>
    it.type === 'record'
      ? JSON.stringify({ ...it.record, line: it.record.line - lineOffset })
      : it.entry.reason === 'PARSE_ERROR' // the message names the format's own syntax problem
        ? JSON.stringify({ ...it.entry, line: it.entry.line - lineOffset, message: '' })
        : JSON.stringify({ ...it.entry, line: it.entry.line - lineOffset, message: it.entry.message.replace(/line\(s\) ([\d, ]+)/, (_, m: string) => `line(s) ${m.split(', ').map((x) => Number(x) - lineOffset).join(', ')}`) }),
  );
}

describe('generateExtract', () => {
  const dir = tmp();
  const file = (name: string) => path.join(dir, name);
  const base = { count: 600, year: 2025, seed: 'test-seed', faults: 0.1 } as const;

  beforeAll(async () => {
    await generateExtract(file('a.jsonl'), { ...base, format: 'jsonl', encoding: 'utf8' });
    await generateExtract(file('b.jsonl'), { ...base, format: 'jsonl', encoding: 'utf8' });
    await generateExtract(file('c.csv'), { ...base, format: 'csv', encoding: 'utf8' });
    await generateExtract(file('d.csv.gz'), { ...base, format: 'csv', encoding: 'gb18030' });
    await generateExtract(file('clean.jsonl'), { ...base, count: 6000, faults: 0, seed: 'clean', format: 'jsonl', encoding: 'utf8' });
  });

  it('is deterministic: same seed, same bytes; another seed, other bytes', async () => {
    expect(readFileSync(file('a.jsonl')).equals(readFileSync(file('b.jsonl')))).toBe(true);
    await generateExtract(file('e.jsonl'), { ...base, seed: 'other', format: 'jsonl', encoding: 'utf8' });
    expect(readFileSync(file('a.jsonl')).equals(readFileSync(file('e.jsonl')))).toBe(false);
  });

  it('gives identical check results as JSONL, CSV/UTF-8 and gzipped CSV/GB18030', async () => {
    const jsonl = digest(await collect(file('a.jsonl'), { printable }), 0);
    const csv = digest(await collect(file('c.csv'), { printable }), 1);
    const gb = digest(await collect(file('d.csv.gz'), { printable, encoding: 'gb18030' }), 1);
    expect(jsonl).toHaveLength(600);
    expect(csv).toEqual(jsonl);
    expect(gb).toEqual(jsonl);
  });

  it('with --faults reaches every reason code (and both suppression codes)', async () => {
    const reasons = new Set((await collect(file('a.jsonl'), { printable })).map((it) => (it.type === 'record' ? 'ok' : it.entry.reason)));
    // ADDRESS_RETURNED needs last year's returned mail (--returned): no fault of a record (test/tracking/returns.test.ts)
    for (const code of [...REASON_CODES.filter((c) => c !== 'ADDRESS_RETURNED'), 'ok']) expect(reasons).toContain(code);
  });

  it('with --faults breaks each of the seven INCONSISTENT_RECORD rules', async () => {
    await generateExtract(file('rules.jsonl'), { count: 400, year: 2025, seed: 'rules', faults: 0.5, format: 'jsonl', encoding: 'utf8' });
    const rules = new Set((await collect(file('rules.jsonl'))).flatMap((it) => (it.type === 'exception' && it.entry.reason === 'INCONSISTENT_RECORD' ? [/^rule (\d)/.exec(it.entry.message)?.[1]] : [])));
    expect([...rules].sort()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('without faults writes valid, realistic data: every record mailable or suppressed, minors ≈12% of residents with guardians', async () => {
    const items = await collect(file('clean.jsonl'));
    const held = items.filter((it) => it.type === 'exception' && !it.entry.reason.startsWith('DELIVERY_'));
    expect(held).toEqual([]);
    const records = items.flatMap((it) => (it.type === 'record' ? [it.record] : []));
    const residents = records.filter((r) => r.kind === 'resident');
    const minors = residents.filter((r) => isMinor(r.person.birthDate, 2025));
    expect(minors.length / residents.length).toBeGreaterThan(0.08);
    expect(minors.length / residents.length).toBeLessThan(0.17);
    expect(minors.every((m) => m.guardian && m.guardian.address.postcode.length === 6)).toBe(true);
    expect(records.filter((r) => r.kind === 'employee').every((r) => r.employer && r.schemes.pension)).toBe(true);
    const suppressed = items.length - records.length;
    expect(suppressed).toBeGreaterThan(30);
    const ages = records.map((r) => 2025 - Number(r.person.birthDate.slice(0, 4)));
    expect(Math.min(...ages)).toBeLessThanOrEqual(1);
    expect(Math.max(...ages)).toBeGreaterThanOrEqual(90);
    expect(records.some((r) => /[珺喆堃燚龑䶮𬱖]/u.test(r.person.name))).toBe(true);
    expect(records.some((r) => r.benefits.length > 0)).toBe(true);
    // contributions follow the rates: pension personal = 8% of base × months
    const e = records.find((r) => r.kind === 'employee' && r.schemes.pension?.status === 'contributing');
    const p = e?.schemes.pension;
    expect(p && p.personalContribution).toBe(p && Math.round(((p.monthlyBase ?? 0) * 80) / 1000) * p.monthsThisYear);
  });

  it('makes the v1.1 items in realistic shares: retirees, back pay, deemed months, medical accounts, benefits with grade and days, employers with addresses, every province', async () => {
    const records = (await collect(file('clean.jsonl'))).flatMap((it) => (it.type === 'record' ? [it.record] : []));
    const employees = records.filter((r) => r.kind === 'employee');
    const share = (n: number) => n / employees.length;
    const retirees = employees.filter((r) => r.retirement);
    // about one employee in ten is retired, each with the 离退休待遇 block and a retired pension
    expect(share(retirees.length)).toBeGreaterThan(0.07);
    expect(share(retirees.length)).toBeLessThan(0.14);
    expect(retirees.every((r) => r.schemes.pension?.status === 'retired' && r.retirement && r.retirement.retiredOn >= (r.schemes.pension?.enrolledSince ?? ''))).toBe(true);
    expect(share(employees.filter((r) => Object.values(r.schemes).some((s) => (s?.backPayMonths ?? 0) > 0 && (s?.backPayAmount ?? 0) > 0)).length)).toBeGreaterThan(0.02);
    expect(employees.some((r) => (r.schemes.pension?.deemedMonths ?? 0) > 0)).toBe(true);
    expect(share(employees.filter((r) => r.medicalAccount).length)).toBeGreaterThan(0.75);
    for (const r of employees) {
      const m = r.medicalAccount;
      if (m) expect(m.openingBalance + m.credited + m.interest - m.paidOut).toBe(m.closingBalance);
    }
    const benefits = employees.flatMap((r) => r.benefits);
    expect(benefits.filter((b) => b.grade !== undefined).every((b) => b.scheme === 'injury' && b.grade! >= 1 && b.grade! <= 10)).toBe(true);
    expect(benefits.some((b) => b.grade !== undefined)).toBe(true);
    expect(benefits.some((b) => b.scheme === 'maternity' && (b.days ?? 0) > 0)).toBe(true);
    // employers recur (a city's larger firms: bundles when distributing through employers); most have an address
    expect(new Set(employees.map((r) => r.employer?.code)).size).toBeLessThan(employees.length / 2);
    expect(share(employees.filter((r) => r.employer?.address).length)).toBeGreaterThan(0.7);
    // addresses in all 31 provinces, each with its own postcodes (those starting with 0 among them)
    expect(new Set(records.map((r) => r.address?.province)).size).toBe(31);
    expect(records.some((r) => r.address?.postcode.startsWith('01'))).toBe(true);
    expect(records.some((r) => r.address?.postcode.startsWith('03'))).toBe(true);
    expect(records.some((r) => r.address?.postcode.startsWith('05'))).toBe(true);
  });

  it('with --faults covers the v1.1 rules: postcode of another province (own and employer address), both accounts, grade out of range, rule 7 both ways', async () => {
    await generateExtract(file('v11.jsonl'), { count: 1500, year: 2025, seed: 'v11-faults', faults: 0.4, format: 'jsonl', encoding: 'utf8' });
    const held = (await collect(file('v11.jsonl'))).flatMap((it) => (it.type === 'exception' ? [it.entry] : []));
    const messages = (code: string) => held.filter((e) => e.reason === code).map((e) => e.message);
    expect(messages('INVALID_POSTCODE').some((m) => /^address\.postcode prefix \d\d belongs to \S+, not to /.test(m))).toBe(true);
    expect(messages('INVALID_POSTCODE').some((m) => /^employer\.address\.postcode prefix \d\d belongs to /.test(m))).toBe(true);
    expect(messages('ACCOUNT_MISMATCH').some((m) => m.startsWith('pensionAccount.'))).toBe(true);
    expect(messages('ACCOUNT_MISMATCH').some((m) => m.startsWith('medicalAccount.'))).toBe(true);
    expect(messages('INVALID_FIELD').some((m) => /benefits\.\d+\.grade/.test(m))).toBe(true);
    expect(messages('INCONSISTENT_RECORD').some((m) => /^rule 7 .*retirement is given/.test(m))).toBe(true);
    expect(messages('INCONSISTENT_RECORD').some((m) => /^rule 7 .*block is missing/.test(m))).toBe(true);
  });

  it('with faults, writes a deceased list of some of its people (the extract the same bytes); check suppresses exactly them', async () => {
    const opts = { count: 600, year: 2025, seed: 'dead', faults: 0.2, format: 'jsonl' as const, encoding: 'utf8' as const };
    await generateExtract(file('plain.jsonl'), opts);
    const stats = await generateExtract(file('withlist.jsonl'), { ...opts, deceasedOut: file('withlist.deceased.csv') });
    expect(readFileSync(file('withlist.jsonl'))).toEqual(readFileSync(file('plain.jsonl')));
    const rows = readFileSync(file('withlist.deceased.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('ssn,diedOn');
    expect(stats.deceased).toBe(rows.length - 1);
    expect(stats.deceased).toBeGreaterThan(10); // ~5% of 600
    const listed = new Set(rows.slice(1).map((r) => r.split(',')[0]));
    for (const r of rows.slice(1)) expect(r).toMatch(/^\d{17}[\dX],2025-\d{2}-\d{2}$/);
    const { table, key } = await readDeceasedLists([file('withlist.deceased.csv')], undefined);
    const items = await collect(file('withlist.jsonl'), { deceased: { table, key, printDay: 20260115 } });
    const lines = readFileSync(file('withlist.jsonl'), 'utf8').split('\n');
    const ssnOf = (line: number) => {
      try {
        return (JSON.parse(lines[line - 1] as string) as { person?: { ssn?: string } }).person?.ssn;
      } catch {
        return undefined;
      }
    };
    const dead = items.filter((it) => it.type === 'exception' && it.entry.reason === 'DECEASED').map((it) => (it.type === 'exception' ? it.entry.line : 0));
    const expected = items.map((it) => (it.type === 'record' ? it.record.line : it.entry.line)).filter((l) => listed.has(ssnOf(l) ?? ''));
    expect(dead).toEqual(expected);
    expect(dead.length).toBeGreaterThanOrEqual(stats.deceased);
  });

  it('the CLI\'s default list is beside the extract, named after it', () => {
    expect(deceasedBeside('/x/a.jsonl')).toBe('/x/a.deceased.csv');
    expect(deceasedBeside('/x/a.csv.gz')).toBe('/x/a.deceased.csv');
    expect(deceasedBeside('/x/a')).toBe('/x/a.deceased.csv');
  });
});
