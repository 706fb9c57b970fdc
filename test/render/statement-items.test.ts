/**
 * The items issue 17 adds to the statements (extract format v1.1), looked at on the page: pdftotext
 * for the exact words and their order, OCR (tesseract chi_sim) of the rasterized page for what a
 * reader sees. A record without the new fields prints none of them.
 */
import { loadRenderAssets } from '../../src/assets/load';
import { createRenderer, type Renderer } from '../../src/render';
import { employee, employeeV11, piece, resident, retiree } from '../fixtures/records';
import { ocr, rasterize, run, squash, tmpDir, writePdf } from './tools';

const ctx = { runId: 'R2025-ANNUAL', year: 2025, printDate: '2026-01-15', verificationKey: 'test-key' };

let renderer: Renderer;
let tmp: ReturnType<typeof tmpDir>;
beforeAll(() => {
  renderer = createRenderer(loadRenderAssets());
  tmp = tmpDir();
});
afterAll(() => tmp.done());

const textOf = (pdf: string, page = 1) => run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-']);
/** The words of a page in reading order, spaces squeezed: "a b" lines become "a b". */
const flat = (s: string) => s.replace(/[ \t]+/g, ' ');

describe('resident statement: 参保状态 and 累计缴费年限', () => {
  it('prints the pension status and cumulative years as N年M个月 in the pension block', () => {
    const pdf = writePdf(tmp.dir, 'resident.pdf', renderer.renderStatements([piece(resident(), 'R', 1)], ctx));
    const t = flat(textOf(pdf));
    expect(t).toMatch(/城乡居民基本养老保险缴费\n\s*参保状态 参保缴费 累计缴费年限 8年0个月/);
    const seen = squash(ocr(rasterize(pdf, 1, 150)));
    expect(seen).toContain('累计缴费年限');
    expect(seen).toContain('8年0个月');
  });
});

describe('employee statement: 补缴, 视同缴费月数, 医疗保险个人账户, benefit grade and days', () => {
  let pdf: string;
  beforeAll(() => {
    pdf = writePdf(tmp.dir, 'employee-v11.pdf', renderer.renderStatements([piece(employeeV11(), 'E', 1)], ctx));
  });

  it('is one A4 page', () => {
    expect(run('pdfinfo', [pdf])).toMatch(/Pages:\s+1\n[\s\S]*Page size:\s+595\.\d+ x 841\.\d+/);
  });

  it('places each block where the layout puts it, in order', () => {
    const t = flat(textOf(pdf));
    const order = ['缴费情况', '养老保险缴费年限', '补缴情况', '基本养老保险个人账户', '医疗保险个人账户', '待遇享受情况', '说明'];
    const at = order.map((s) => t.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(t).toMatch(/累计缴费月数 245 视同缴费月数 36 合计缴费年限 23年5个月/);
    expect(t).toMatch(/养老 3,840.00 5\n/);
    expect(t).toMatch(/医疗保险个人账户\n\s*上年末累计储存额 5,234.10 本年记入 2,304.00 本年利息 0.00\n\s*本年支出 1,250.60 本年末累计储存额 6,287.50/);
    expect(t).toMatch(/工伤 停工留薪期工资（伤残等级：七级，98天） 26,133.00 —/);
  });

  it('reads the same to OCR', () => {
    const seen = squash(ocr(rasterize(pdf, 1, 150)));
    for (const s of ['补缴情况', '视同缴费月数', '医疗保险个人账户', '伤残等级', '七级', '98天']) expect(seen).toContain(s);
  });
});

describe('retiree: the 离退休待遇 block instead of the pension contribution row', () => {
  it('shows retired since, monthly pension, months paid and the adjustment; no 养老 contribution row', () => {
    const pdf = writePdf(tmp.dir, 'retiree.pdf', renderer.renderStatements([piece(retiree(), 'E', 1)], ctx));
    const t = flat(textOf(pdf));
    expect(t).toMatch(/离退休待遇\n\s*退休时间 2009年4月 月基本养老金 4,123.50\n\s*本年发放月数 12 本年调整金额（月） 86.00/);
    const rows = t.slice(t.indexOf('缴费情况'), t.indexOf('基本养老保险个人账户'));
    expect(rows).toMatch(/医疗 退休/);
    expect(rows).not.toMatch(/养老 退休/);
    const seen = squash(ocr(rasterize(pdf, 1, 150)));
    expect(seen).toContain('离退休待遇');
    expect(seen).toContain('月基本养老金');
  });
});

describe('a v1 record prints none of the new blocks', () => {
  it('employee: no new heading, no new label', () => {
    const pdf = writePdf(tmp.dir, 'employee-v1.pdf', renderer.renderStatements([piece(employee(), 'E', 1)], ctx));
    const t = textOf(pdf);
    for (const s of ['离退休待遇', '养老保险缴费年限', '视同', '补缴', '医疗保险个人账户', '伤残等级']) expect(t).not.toContain(s);
  });
});

describe('envelope, GB/T 1416-2021 (layout envelope-dl-2021)', () => {
  it('prints the 「地址」「收件人」 labels at the recipient block; a 0-postcode in the boxes; the old layout stays for old runs', () => {
    const inner = employee({ address: { postcode: '010010', province: '内蒙古自治区', city: '呼和浩特市', district: '新城区', line: '新华大街1号' } });
    const envCtx = { runId: 'R2025-ANNUAL', postagePermit: '京邮资许可证第2025-0107号' };
    const pdf = writePdf(tmp.dir, 'envelope-2021.pdf', renderer.renderEnvelopes([piece(inner, 'E', 1)], envCtx));
    const t = flat(textOf(pdf));
    expect(t).toMatch(/地址 内蒙古自治区呼和浩特市新城区新华大街1号/);
    expect(t).toMatch(/收件人 张伟\s+收/);
    // the six boxes, read from the reading zone only
    expect(squash(run('pdftotext', ['-x', '0', '-y', '0', '-W', '255', '-H', '74', '-r', '72', pdf, '-']))).toBe('010010');
    const seen = squash(ocr(rasterize(pdf, 1, 200)));
    expect(seen).toContain('收件人');
    expect(seen).toContain('地址');
    const old = createRenderer(loadRenderAssets(undefined, ['envelope-dl']));
    const before = textOf(writePdf(tmp.dir, 'envelope-2003.pdf', old.renderEnvelopes([piece(inner, 'E', 1)], envCtx)));
    expect(before).not.toContain('收件人');
    expect(old.layouts.find((l) => l.id.startsWith('envelope'))?.version).toBe('1.0.0');
  });
});
