import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsvRow } from '../../src/extract/csv';
import { csvColumns, csvRow, makeSsn } from '../../src/generate/generate';
import type { ExtractItem } from '../../src/extract';
import { collect, outcomes, specRecord, tmp, type Json } from './helpers';

describe('parseCsvRow (RFC 4180)', () => {
  it.each<[string, ReturnType<typeof parseCsvRow>]>([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,c,', ['a', '', 'c', '']],
    ['"a,1","b ""q""",c', ['a,1', 'b "q"', 'c']],
    ['"",x', ['', 'x']],
    ['a,"b', 'open'],
    ['a,b"c', { error: 'a quote inside unquoted field 2 (quote the field and double the quote)' }],
    ['"a"b,c', { error: 'unexpected text after the closing quote of field 1' }],
  ])('%j', (row, expected) => expect(parseCsvRow(row)).toEqual(expected));
});

function csvFile(rows: string[]): string {
  const file = path.join(tmp(), 'x.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}
const cols = csvColumns();
const paths = cols.map((c) => c.split('.'));
const row = (rec: Json) => csvRow(rec as Parameters<typeof csvRow>[0], paths);

describe('CSV extracts', () => {
  it('reads the spec example from dotted-path columns into the same record as JSONL', async () => {
    const jsonFile = path.join(tmp(), 'x.jsonl');
    writeFileSync(jsonFile, `${JSON.stringify(specRecord())}\n`);
    const [fromJson] = await collect(jsonFile);
    const [fromCsv] = await collect(csvFile([cols.join(','), row(specRecord())]));
    expect(fromCsv?.type).toBe('record');
    const strip = (it: ExtractItem | undefined) => (it?.type === 'record' ? { ...it.record, line: 0 } : it);
    expect(strip(fromCsv)).toEqual(strip(fromJson));
  });
  it('treats an empty cell as absent and list items by index', async () => {
    const header = 'recordId,kind,person.name,person.ssn,address.postcode,address.province,address.line,agency.code,agency.name,agency.address,agency.postcode,agency.phone,schemes.medical.enrolledSince,schemes.medical.status,schemes.medical.personalContribution,schemes.medical.monthsThisYear,schemes.medical.cumulativeMonths,schemes.medical.arrearsMonths,benefits.0.scheme,benefits.0.item,benefits.0.amount,benefits.1.scheme,benefits.1.item,benefits.1.amount';
    const base = 'R1,resident,王芳,11010519491231002X,100022,北京市,"建国路88号,1单元",110105,中心,某路,100020,12333,2010-01,contributing,380.00,12,100,0';
    const items = await collect(csvFile([header, `${base},medical,医疗费,10.00,medical,统筹,7`, `${base.replace('R1', 'R2').replace('王芳', '')},,,,,,`]));
    expect(outcomes(items)).toEqual([[2, 'DUPLICATE_SSN'], [3, 'MISSING_FIELD']]);
    const single = await collect(csvFile([header, `${base},medical,医疗费,10.00,,,`]));
    const rec = single[0]?.type === 'record' ? single[0].record : null;
    expect(rec?.benefits).toEqual([{ scheme: 'medical', item: '医疗费', amount: 1000 }]);
    expect(rec?.address?.line).toBe('建国路88号,1单元');
    expect(rec?.schemes.medical?.monthsThisYear).toBe(12);
  });
  it('gives one PARSE_ERROR per malformed row and reads on; a quoted newline stays in one row', async () => {
    const ok = (id: string, ssn: string) => row(specRecord(id, ssn));
    const multi = ok('B', '34052419800101001X').replace('建国路88号1单元101', '"建国路88号\n1单元101"');
    const items = await collect(
      csvFile([cols.join(','), 'x,y', ok('A', makeSsn('110105', '19800101', 1)), ok('Q', makeSsn('110105', '19800101', 3)).replace(/^Q/, '"Q'), multi, 'a,b"c', ok('C', makeSsn('110105', '19800101', 5))]),
    );
    expect(outcomes(items).map(([, r]) => r)).toEqual(['PARSE_ERROR', 'ok', 'PARSE_ERROR', 'INVALID_FIELD', 'PARSE_ERROR', 'ok']);
    // the unclosed quote is one error at its line; the rows after it are read again
    expect(outcomes(items)[2]).toEqual([4, 'PARSE_ERROR']);
    // the quoted newline kept row B whole (line 5); a control character in a printed field is then INVALID_FIELD
    const b = items[3];
    expect(b?.type === 'exception' && b.entry).toMatchObject({ recordId: 'B', line: 5, message: expect.stringContaining('address.line') as string });
  });
  it('rejects a header with a duplicate column as unreadable input', async () => {
    await expect(collect(csvFile(['recordId,kind,recordId', 'a,b,c']))).rejects.toThrow(/duplicate \(recordId\)/);
  });
  it('generated columns cover every field of a record', () => {
    const back = new Map(cols.map((c, i) => [c, row(specRecord()).split(',')[i]]));
    expect(back.get('schemes.injury.employerContribution')).toBe('384.00');
    expect(back.get('benefits.0.item')).toBe('医疗费发生总额');
    expect(readFileSync(path.join(__dirname, '../fixtures/spec-example.json'), 'utf8')).toContain('"recordId"');
  });
});
