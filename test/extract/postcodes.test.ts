/**
 * The postcode rule (domain.md, Postcodes): a postcode may start with 0; its prefix must be a
 * province's and the address's own — for the insured's, the guardian's, the employer's and the
 * agency's address. The prefix table is data (postcodes/postcode-prefixes.json).
 */
import { loadPostcodeTable, parsePostcodeTable } from '../../src/assets';
import { postcodeProblem } from '../../src/domain/postcode';
import { specRecord, runLines, type Json } from './helpers';
import type { ExtractItem } from '../../src/extract';

const table = loadPostcodeTable().table;
type Rec = Json & { address: Json; agency: Json; employer: Json };

function at(postcode: string, province: string, city: string, district: string): Rec {
  const r = specRecord() as Rec;
  r.address = { postcode, province, city, district, line: '新华大街1号' };
  return r;
}
async function verdict(r: Json): Promise<ExtractItem> {
  const [item] = await runLines([r]);
  return item as ExtractItem;
}
const messageOf = (it: ExtractItem) => (it.type === 'exception' ? `${it.entry.reason}: ${it.entry.message}` : 'ok');

describe('postcodes starting with 0 (Inner Mongolia, Shanxi, Hebei)', () => {
  it.each([
    ['010010', '内蒙古自治区', '呼和浩特市', '新城区'],
    ['050011', '河北省', '石家庄市', '长安区'],
    ['030032', '山西省', '太原市', '小店区'],
    ['071000', '河北省', '保定市', '竞秀区'],
    ['100022', '北京市', '北京市', '朝阳区'],
  ])('%s %s %s is valid', async (postcode, province, city, district) => {
    expect(messageOf(await verdict(at(postcode, province, city, district)))).toBe('ok');
  });

  it('accepts the short province name (内蒙古, 广西) as well as the full one', () => {
    expect(postcodeProblem(table, 'address.postcode', '010010', '内蒙古')).toBeNull();
    expect(postcodeProblem(table, 'address.postcode', '530022', '广西壮族自治区')).toBeNull();
    expect(postcodeProblem(table, 'address.postcode', '710061', '陕西省')).toBeNull();
    expect(postcodeProblem(table, 'address.postcode', '030032', '陕西省')).toMatch(/prefix 03 belongs to 山西省, not to 陕西省/);
  });
});

describe('a postcode of another province, or of none, is held INVALID_POSTCODE naming the prefix’s province', () => {
  it('a Beijing address with a Guangzhou postcode', async () => {
    const it = await verdict(at('510630', '北京市', '北京市', '朝阳区'));
    expect(messageOf(it)).toBe('INVALID_POSTCODE: address.postcode prefix 51 belongs to 广东省, not to 北京市 (address.province): correct the postcode or the address');
  });

  it('a Beijing address with a Hohhot postcode (the old rule’s 0 is not the fault now)', async () => {
    expect(messageOf(await verdict(at('010010', '北京市', '北京市', '朝阳区')))).toMatch(/^INVALID_POSTCODE: address.postcode prefix 01 belongs to 内蒙古自治区, not to 北京市/);
  });

  it('a prefix that is no province’s, a short postcode, a province the table does not know', async () => {
    expect(messageOf(await verdict(at('090001', '河北省', '石家庄市', '长安区')))).toMatch(/^INVALID_POSTCODE: address.postcode prefix 09 is no province's/);
    expect(messageOf(await verdict(at('05001', '河北省', '石家庄市', '长安区')))).toBe('INVALID_POSTCODE: address.postcode must be 6 digits (it may start with 0)');
    expect(messageOf(await verdict(at('050011', '冀省', '石家庄市', '长安区')))).toMatch(/^INVALID_POSTCODE: address.postcode prefix 05 belongs to 河北省, but address.province names no province/);
  });

  it('names no whole postcode in the message', async () => {
    expect(messageOf(await verdict(at('510630', '北京市', '北京市', '朝阳区')))).not.toContain('510630');
  });

  it('the same rule for the guardian’s, the employer’s and the agency’s address', async () => {
    const minor = specRecord('M1') as Rec;
    minor.guardian = { name: '王芳', relation: '母亲', address: { postcode: '030032', province: '河北省', line: '建国路1号' } };
    expect(messageOf(await verdict(minor))).toMatch(/^INVALID_POSTCODE: guardian.address.postcode prefix 03 belongs to 山西省, not to 河北省 \(guardian.address.province\)/);
    (minor.guardian as Json).address = { postcode: '030032', province: '山西省', line: '迎泽大街1号' };
    expect(messageOf(await verdict(minor))).toBe('ok');

    const emp = specRecord() as Rec;
    emp.employer = { ...emp.employer, address: { postcode: '200120', province: '北京市', line: '世纪大道1号' } };
    expect(messageOf(await verdict(emp))).toMatch(/^INVALID_POSTCODE: employer.address.postcode prefix 20 belongs to 上海市, not to 北京市/);
    emp.employer.address = { postcode: '050011', province: '河北省', city: '石家庄市', line: '中山路1号' };
    expect(messageOf(await verdict(emp))).toBe('ok');

    // the agency's address is one line of text: its province is checked when the text names one
    const ag = specRecord() as Rec;
    ag.agency = { ...ag.agency, postcode: '010020' };
    expect(messageOf(await verdict(ag))).toMatch(/^INVALID_POSTCODE: agency.postcode prefix 01 belongs to 内蒙古自治区, not to 北京市 \(agency.address\)/);
    ag.agency = { ...ag.agency, address: '朝阳区某某路1号', postcode: '010020' };
    expect(messageOf(await verdict(ag))).toBe('ok');
    ag.agency = { ...ag.agency, postcode: '990020' };
    expect(messageOf(await verdict(ag))).toMatch(/^INVALID_POSTCODE: agency.postcode prefix 99 is no province's/);
  });
});

describe('the prefix table is data', () => {
  it('covers every province of domain.md once', () => {
    expect(table.provinces).toHaveLength(31);
    const prefixes = table.provinces.flatMap((p) => p.prefixes);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(prefixes).toEqual(expect.arrayContaining(['01', '02', '03', '04', '05', '06', '07', '57', '85']));
  });

  it('a broken table is one line naming the file and the field', () => {
    expect(() => parsePostcodeTable('t.json', '{"id":"x","version":"1","provinces":[{"province":"a","names":["a"],"prefixes":["1"]}]}')).toThrow(
      't.json: field provinces.0.prefixes.0: a prefix is two digits, e.g. "01"',
    );
    expect(() =>
      parsePostcodeTable('t.json', '{"id":"x","version":"1","provinces":[{"province":"a","names":["a"],"prefixes":["10"]},{"province":"b","names":["b"],"prefixes":["10"]}]}'),
    ).toThrow('t.json: prefix 10 is given to both a and b: give it to one');
  });
});
