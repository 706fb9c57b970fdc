/** Issue 16 item 4: `reprint --list` takes a row only when it has the header's fields, and only UTF-8. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../src/domain/errors';
import { readRequestList } from '../../src/reprint/requests';

let tmp: string;
beforeAll(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-list-'))));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SSN = '11010519491231002X';
function list(text: string | Buffer): string {
  const file = path.join(tmp, 'list.csv');
  writeFileSync(file, text);
  return file;
}

describe('reprint --list', () => {
  it('refuses a row with more or fewer fields than the header, one line each, instead of dropping cells', () => {
    const header = 'ssn,reason,requestedBy,relation,approvedBy';
    const moved = `${SSN},遗失,op.li,self,,100020,北京市,北京市,朝阳区,工体北路2号`; // 10 fields: a new address the header does not name
    const { requests, problems } = readRequestList(list(`${header}\n${moved}\n110105194912310038,遗失,op.li\n`));
    expect(problems).toEqual([
      'list.csv row 2: 10 fields, the header has 5 (a comma inside a value? quote the value)',
      'list.csv row 3: 3 fields, the header has 5 (a comma inside a value? quote the value)',
    ]);
    expect(requests.every((r) => r.address === undefined)).toBe(true);
  });

  it('takes a quoted comma as part of its value', () => {
    const { problems, requests } = readRequestList(
      list(`ssn,reason,requestedBy,relation,approvedBy,postcode,province,city,district,line\n${SSN},"遗失, 补寄",op.li,self,,100020,北京市,北京市,朝阳区,"工体北路2号, 3单元"\n`),
    );
    expect(problems).toEqual([]);
    expect(requests[0]).toMatchObject({ reason: '遗失, 补寄', address: { line: '工体北路2号, 3单元' } });
  });

  it('refuses a file that is not UTF-8 (exit 2) rather than reading mojibake', () => {
    const gb = Buffer.concat([Buffer.from(`ssn,reason,requestedBy,relation,approvedBy\n${SSN},`), Buffer.from([0xd2, 0xc5, 0xca, 0xa7]), Buffer.from(',op.li,self,\n')]);
    const file = list(gb);
    expect(() => readRequestList(file)).toThrow(InputError);
    expect(() => readRequestList(file)).toThrow(`--list ${file}: not valid UTF-8: save it as UTF-8 (from GB18030: iconv -f GB18030 -t UTF-8)`);
  });
});
