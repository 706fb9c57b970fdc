import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import type { ExtractItem, PrintabilityCheck } from '../../src/extract';
import { makeSsn } from '../../src/generate/generate';
import { DuplicateFinder } from '../../src/extract/duplicates';
import { InputError } from '../../src/domain/errors';
import { collect, outcomes, reasonOf, runLines, specRecord, tmp, type Json } from './helpers';

const minorSsn = makeSsn('110105', '20100315', 21); // born 2010: a minor in 2025
const edit = (f: (r: Json & { person: Json; address: Json; schemes: Json; pensionAccount: Json; agency: Json }) => void): Json => {
  const r = specRecord() as Json & { person: Json; address: Json; schemes: Json; pensionAccount: Json; agency: Json };
  f(r);
  return r;
};

describe('validateExtract: the spec example', () => {
  it('passes and is normalized to integer fen with gender and birth date from the ssn', async () => {
    const [item] = await runLines([specRecord()]);
    expect(item?.type).toBe('record');
    const r = (item as Extract<ExtractItem, { type: 'record' }>).record;
    expect(r).toMatchObject({ recordId: 'R0000001', line: 1, kind: 'employee', delivery: 'mail', person: { gender: 'F', birthDate: '1949-12-31' } });
    expect(r.schemes.pension).toMatchObject({ monthlyBase: 800000, employerContribution: 1536000, personalContribution: 768000, monthsThisYear: 12 });
    expect(r.schemes.injury?.personalContribution).toBeUndefined();
    expect(r.pensionAccount).toEqual({ openingBalance: 9876543, credited: 768000, interestOnOpening: 256790, interestOnCredited: 9984, paidOut: 0, closingBalance: 10911317 });
    expect(r.benefits).toEqual([{ scheme: 'medical', item: '医疗费发生总额', amount: 356020 }]);
  });
});

describe('reason codes, one by one', () => {
  it.each<[string, Json | string]>([
    ['PARSE_ERROR', '{"recordId":"R1",'],
    ['PARSE_ERROR', '[1,2,3]'],
    ['PARSE_ERROR', '"just a string"'],
    ['MISSING_FIELD', edit((r) => delete r.person.name)],
    ['MISSING_FIELD', edit((r) => delete (r as Json).agency)],
    ['MISSING_FIELD', edit((r) => (r.schemes = {}))],
    ['MISSING_FIELD', edit((r) => delete r.employer)],
    ['MISSING_FIELD', edit((r) => delete (r as Json).pensionAccount)],
    ['MISSING_FIELD', edit((r) => delete (r as Json).address)],
    ['MISSING_FIELD', edit((r) => ((r.person).name = null))],
    ['INVALID_FIELD', edit((r) => (r.kind = 'worker'))],
    ['INVALID_FIELD', edit((r) => (r.recordId = 'R 1'))],
    ['INVALID_FIELD', edit((r) => (r.person.name = '张'.repeat(41)))],
    ['INVALID_FIELD', edit((r) => (r.person.name = '   '))],
    ['INVALID_FIELD', edit((r) => (r.person.name = '张\n伟'))],
    ['INVALID_FIELD', edit((r) => ((r.schemes.pension as Json).monthsThisYear = 13))],
    ['INVALID_FIELD', edit((r) => ((r.schemes.pension as Json).monthsThisYear = '12'))],
    ['INVALID_FIELD', edit((r) => ((r.schemes.pension as Json).status = 'active'))],
    ['INVALID_FIELD', edit((r) => ((r.schemes.pension as Json).enrolledSince = '2005-13'))],
    ['INVALID_FIELD', edit((r) => ((r.schemes.injury as Json).personalContribution = '1.00'))],
    ['INVALID_FIELD', edit((r) => ((r.months as Json).pension = 'PPPPPPPPPPPX'))],
    ['INVALID_FIELD', edit((r) => ((r.months as Json).maternity = 'PPPPPPPPPPPP'))],
    ['INVALID_FIELD', edit((r) => (r.delivery = 'email'))],
    ['INVALID_FIELD', edit((r) => ((r.schemes.pension as Json).monthlyBase = true))],
    ['INVALID_FIELD', edit((r) => { r.kind = 'resident'; delete r.employer; r.resident = { tier: '500元档', personal: '7680.00', collective: '0', government: '0', other: '0' }; })],
    ['INVALID_SSN', edit((r) => (r.person.ssn = '110105194912310021'))],
    ['INVALID_SSN', edit((r) => (r.person.ssn = '11010519491231002x'))],
    ['INVALID_SSN', edit((r) => (r.person.ssn = makeSsn('110105', '20260101', 21)))],
    ['SSN_MISMATCH', edit((r) => (r.person.gender = 'M'))],
    ['SSN_MISMATCH', edit((r) => (r.person.birthDate = '1949-12-30'))],
    ['INVALID_POSTCODE', edit((r) => (r.address.postcode = '012345'))],
    ['INVALID_POSTCODE', edit((r) => (r.address.postcode = '10002'))],
    ['INVALID_POSTCODE', edit((r) => (r.agency.postcode = '1000200'))],
    ['INVALID_AMOUNT', edit((r) => ((r.schemes.pension as Json).monthlyBase = '8000.001'))],
    ['INVALID_AMOUNT', edit((r) => ((r.schemes.pension as Json).monthlyBase = 8000.5))],
    ['INVALID_AMOUNT', edit((r) => ((r.schemes.pension as Json).monthlyBase = '-8000.00'))],
    ['INVALID_AMOUNT', edit((r) => ((r.schemes.pension as Json).monthlyBase = '1e309'))],
    ['INVALID_AMOUNT', edit((r) => (((r.benefits as Json[])[0] as Json).amount = '1280.499999'))],
    ['ACCOUNT_MISMATCH', edit((r) => (r.pensionAccount.closingBalance = '109113.18'))],
    ['ACCOUNT_MISMATCH', edit((r) => (r.pensionAccount.paidOut = '0.01'))],
  ])('%s (case %#)', async (reason, rec) => {
    expect(await reasonOf(rec)).toBe(reason);
  });

  it('accepts optional fields that agree, JSON integers as money, null as absent, and 男/女', async () => {
    expect(await reasonOf(edit((r) => Object.assign(r.person, { gender: '女', birthDate: '1949-12-31' })))).toBe('ok');
    expect(await reasonOf(edit((r) => ((r.schemes.pension as Json).monthlyBase = 8000)))).toBe('ok');
    expect(await reasonOf(edit((r) => (r.months = null)))).toBe('ok');
  });

  it('checks the resident contribution sum against pensionAccount.credited', async () => {
    const resident = (other: string) =>
      edit((r) => {
        r.kind = 'resident';
        delete r.employer;
        delete (r.schemes).injury;
        r.months = { pension: 'PPPPPPPPPPPP' };
        r.resident = { tier: '500元档', personal: '5000.00', collective: '500', government: '2000.00', other };
      });
    expect(await reasonOf(resident('180.00'))).toBe('ok');
    expect(await reasonOf(resident('180.01'))).toBe('ACCOUNT_MISMATCH');
  });

  it('gives a record with several faults its first fault in spec order', async () => {
    const many = edit((r) => {
      r.person.ssn = 'bad';
      r.address.postcode = '0';
      (r.schemes.pension as Json).monthlyBase = '1.234';
    });
    expect(await reasonOf(many)).toBe('INVALID_SSN');
    expect(await reasonOf(edit((r) => { delete (r as Json).agency; r.kind = 'worker'; }))).toBe('MISSING_FIELD');
    expect(await reasonOf(edit((r) => { r.address.postcode = '0'; r.pensionAccount.closingBalance = '1.00'; }))).toBe('INVALID_POSTCODE');
    expect(await reasonOf(edit((r) => { r.delivery = 'electronic'; r.pensionAccount.closingBalance = '1.00'; }))).toBe('ACCOUNT_MISMATCH');
  });
});

describe('duplicates', () => {
  it('holds EVERY record sharing an ssn, and every record sharing a recordId', async () => {
    const other = makeSsn('310104', '19800101', 11);
    const items = await runLines([
      specRecord('A'), specRecord('B', other), specRecord('C'), specRecord('D'), specRecord('B', makeSsn('310104', '19800102', 11)),
    ]);
    expect(outcomes(items)).toEqual([[1, 'DUPLICATE_SSN'], [2, 'DUPLICATE_RECORD_ID'], [3, 'DUPLICATE_SSN'], [4, 'DUPLICATE_SSN'], [5, 'DUPLICATE_RECORD_ID']]);
    const first = items[0] as Extract<ExtractItem, { type: 'exception' }>;
    expect(first.entry.message).toContain('3, 4');
    expect(first.entry.ssnMasked).toBe('110105********002X');
    expect(JSON.stringify(items.map((i) => (i.type === 'exception' ? i.entry : null)))).not.toContain('11010519491231002X');
  });
  it('still holds the valid partner of a faulty record sharing its ssn; duplicates outrank suppression', async () => {
    const bad = edit((r) => (r.pensionAccount.closingBalance = '1.00'));
    bad.recordId = 'X';
    const electronic = specRecord('Y');
    electronic.delivery = 'electronic';
    expect(outcomes(await runLines([bad, specRecord('Z'), electronic]))).toEqual([[1, 'ACCOUNT_MISMATCH'], [2, 'DUPLICATE_SSN'], [3, 'DUPLICATE_SSN']]);
  });
});

describe('DuplicateFinder (bounded memory)', () => {
  it('finds every group when buckets spill to scratch files, and removes them', () => {
    const dir = tmp();
    const f = new DuplicateFinder(2, dir);
    for (let line = 1; line <= 10_000; line++) {
      f.add(0, `R${line}`, line); // unique ids
      f.add(1, `ssn-${line % 4000}`, line); // 2000 ssns on 3 lines, 2000 on 2
    }
    expect(readdirSync(dir)).toHaveLength(1); // spilled: a private scratch dir
    const g = f.finish();
    expect(readdirSync(dir)).toHaveLength(0);
    expect(g.recordId.size).toBe(0);
    expect(g.ssn.size).toBe(10_000);
    expect(g.ssn.get(1)).toEqual([1, 4001, 8001]);
    expect(g.ssn.get(9999)).toEqual([1999, 5999, 9999]);
    expect(g.ssn.get(3000)).toEqual([3000, 7000]);
  });
  it('scales the bucket count with the input', () => {
    expect(DuplicateFinder.bucketsFor(1e6)).toBe(8);
    expect(DuplicateFinder.bucketsFor(1e10)).toBeGreaterThan(300);
  });
});

describe('suppression and mailing faults', () => {
  const minor = (guardian: boolean, address = true) =>
    edit((r) => {
      r.person.ssn = minorSsn;
      // a child of 15 in 2025: resident medical since birth (employee schemes start at 16: INCONSISTENT_RECORD)
      Object.assign(r, { kind: 'resident', schemes: { medical: { enrolledSince: '2010-03', status: 'contributing', personalContribution: '380.00', monthsThisYear: 12, cumulativeMonths: 120, arrearsMonths: 0 } }, benefits: [] });
      for (const k of ['employer', 'pensionAccount', 'months']) delete (r as Json)[k];
      if (!address) delete (r as Json).address;
      if (guardian) r.guardian = { name: '王芳', relation: '母亲', address: { postcode: '100022', province: '北京市', line: '建国路1号' } };
    });
  it('suppresses hold delivery; electronic delivery is judged like mail (it gets an electronic statement)', async () => {
    expect(await reasonOf(edit((r) => (r.delivery = 'electronic')))).toBe('ok');
    expect(await reasonOf(edit((r) => (r.delivery = 'hold')))).toBe('DELIVERY_HOLD');
    expect(await reasonOf(edit((r) => (r.delivery = 'mail')))).toBe('ok');
  });
  it('holds a minor without guardian; a minor with one is mailed, even without an own address', async () => {
    expect(await reasonOf(minor(false))).toBe('MINOR_WITHOUT_GUARDIAN');
    expect(await reasonOf(minor(true))).toBe('ok');
    expect(await reasonOf(minor(true, false))).toBe('ok');
    expect(await reasonOf(minor(false), { year: 2028 })).toBe('ok'); // born 2010: 18 on 31 Dec 2028
    expect(await reasonOf(minor(false), { year: 2027 })).toBe('MINOR_WITHOUT_GUARDIAN');
  });
  it('asks the printability check only about valid, mailable records', async () => {
    const asked: string[] = [];
    const printable: PrintabilityCheck = (r) => {
      asked.push(r.recordId);
      if (r.person.name.includes('𠇔')) return { reason: 'UNPRINTABLE_CHARACTER', message: 'person.name has U+201D4, no font has it' };
      if ((r.address?.line.length ?? 0) > 40) return { reason: 'DOES_NOT_FIT', message: 'address.line does not fit its box' };
      return null;
    };
    const rare = specRecord('A');
    (rare.person as Json).name = '张𠇔';
    const long = specRecord('B', makeSsn('110105', '19800101', 11));
    (long.address as Json).line = '长'.repeat(60);
    const ok = specRecord('C', makeSsn('110105', '19800101', 13));
    const held = specRecord('D', makeSsn('110105', '19800101', 15));
    held.delivery = 'hold';
    const items = await runLines([rare, long, ok, held], { printable });
    expect(outcomes(items)).toEqual([[1, 'UNPRINTABLE_CHARACTER'], [2, 'DOES_NOT_FIT'], [3, 'ok'], [4, 'DELIVERY_HOLD']]);
    expect(asked).toEqual(['A', 'B', 'C']);
  });
});

describe('reading', () => {
  it('keeps going after a malformed line, skips blank lines, caps long lines', async () => {
    const items = await runLines(['{bad', '', specRecord('A'), 'x'.repeat(5000), specRecord('B', makeSsn('110105', '19800101', 11))], { maxLineBytes: 4096 });
    expect(outcomes(items)).toEqual([[1, 'PARSE_ERROR'], [3, 'ok'], [4, 'PARSE_ERROR'], [5, 'ok']]);
    expect((items[2] as Extract<ExtractItem, { type: 'exception' }>).entry.message).toContain('longer than 4096');
  });
  it('skips a 20 MB line with the default 1 MiB cap as one PARSE_ERROR and reads on', async () => {
    const items = await runLines([`{"recordId":"${'x'.repeat(20 * 1024 * 1024)}"}`, specRecord('A')]);
    expect(outcomes(items)).toEqual([[1, 'PARSE_ERROR'], [2, 'ok']]);
    expect((items[0] as Extract<ExtractItem, { type: 'exception' }>).entry.message).toContain('longer than 1048576 bytes');
  });
  it('does not quote the input in a JSON parse error', async () => {
    const items = await runLines(['{"recordId":"R1","person":{"name":"张伟" oops']);
    const e = (items[0] as Extract<ExtractItem, { type: 'exception' }>).entry;
    expect(e.message).not.toContain('张伟');
  });
  it('reads gzip, a UTF-8 BOM and CRLF', async () => {
    const dir = tmp();
    const text = `\ufeff${JSON.stringify(specRecord())}\r\n`;
    writeFileSync(path.join(dir, 'a.jsonl.gz'), gzipSync(Buffer.from(text)));
    expect(outcomes(await collect(path.join(dir, 'a.jsonl.gz')))).toEqual([[1, 'ok']]);
    writeFileSync(path.join(dir, 'b.jsonl'), text);
    expect(outcomes(await collect(path.join(dir, 'b.jsonl'), { encoding: 'gb18030' }))).toEqual([[1, 'ok']]);
  });
  it('reads GB18030, including 4-byte characters', async () => {
    const dir = tmp();
    const rec = specRecord();
    (rec.person as Json).name = '张𬱖𠇔';
    writeFileSync(path.join(dir, 'g.jsonl'), iconv.encode(`${JSON.stringify(rec)}\n`, 'gb18030'));
    const [item] = await collect(path.join(dir, 'g.jsonl'), { encoding: 'gb18030' });
    expect(item?.type === 'record' && item.record.person.name).toBe('张𬱖𠇔');
  });
  it('stops with one InputError naming file and byte for undecodable text', async () => {
    const dir = tmp();
    const file = path.join(dir, 'g.jsonl');
    const good = Buffer.from(`${JSON.stringify(specRecord())}\n`);
    writeFileSync(file, Buffer.concat([good, iconv.encode('{"recordId":"张"}\n', 'gb18030')]));
    const err = await collect(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(new RegExp(`${file}.*byte ${good.length + 13} \\(line 2\\).*gb18030`));
    expect((err as Error).message).not.toContain('\n');
  });
  it('stops with an InputError for a truncated gzip', async () => {
    const dir = tmp();
    const file = path.join(dir, 't.jsonl.gz');
    const gz = gzipSync(Buffer.from(`${JSON.stringify(specRecord())}\n`.repeat(200)));
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length / 2)));
    const err = await collect(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/t\.jsonl\.gz: truncated or corrupt gzip at compressed byte \d+/);
  });
  it('reports a missing file as an InputError', async () => {
    await expect(collect('/no/such/file.jsonl')).rejects.toThrow(InputError);
  });
});
