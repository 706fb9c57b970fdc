/**
 * Electronic statements (a PDF each) draw what every statement of the layout draws from shared font
 * subsets, embedded as made once, and only their own characters from a small subset of their own:
 * every glyph must still print (OCR, ink), extract (pdftotext) and the file check clean (qpdf, pdffonts).
 */
import { loadRenderAssets } from '../../src/assets/load';
import { createRenderer, formatVerificationCode, verificationCode, type Renderer, type StatementPiece } from '../../src/render';
import { employee, piece, resident } from '../fixtures/records';
import { grayCrop, ocr, rasterize, run, squash, tmpDir, writePdf, zbar } from './tools';

const ctx = { runId: 'R2025-ANNUAL', year: 2025, printDate: '2026-01-15', verificationKey: 'test-key' };

let renderer: Renderer;
let tmp: ReturnType<typeof tmpDir>;
const files = new Map<string, string>();
const e = employee();
const rare = employee({ person: { ...employee().person, name: '李𬱖䶶' }, employer: { code: '91110102', name: '鼓楼西大街粮油贸易公司' } });
const r = resident();
const pieces: StatementPiece[] = [piece(e, 'E', 1), piece(rare, 'E', 2), piece(r, 'R', 3)];

beforeAll(() => {
  renderer = createRenderer(loadRenderAssets());
  tmp = tmpDir();
  renderer.writeElectronic(pieces, ctx, (p, pdf) => files.set(p.pieceId, writePdf(tmp.dir, `${p.pieceId}.pdf`, pdf)));
});
afterAll(() => tmp.done());

const file = (i: number): string => files.get(pieces[i]?.pieceId ?? '') ?? '';
const fontRows = (pdf: string): string[] => run('pdffonts', [pdf]).split('\n').slice(2).filter(Boolean);
const fontNames = (pdf: string): string[] => fontRows(pdf).map((row) => row.split(/\s+/)[0] ?? '');

describe('electronic statements with shared font subsets', () => {
  it('are clean PDFs whose fonts are all embedded subsets with a ToUnicode map', () => {
    expect(files.size).toBe(3);
    for (const pdf of files.values()) {
      expect(run('qpdf', ['--check', pdf])).toMatch(/No syntax or stream encoding errors found/);
      for (const row of fontRows(pdf)) expect(row).toMatch(/^[A-Z]{6}\+Noto\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    }
  });

  it('embed the same shared subsets (regular and bold) in every employee statement, and a subset of their own', () => {
    const [a, b] = [fontNames(file(0)), fontNames(file(1))];
    const common = a.filter((n) => b.includes(n));
    expect(common).toEqual(expect.arrayContaining([expect.stringMatching(/\+NotoSansSC-Regular$/), expect.stringMatching(/\+NotoSansSC-Bold$/)]));
    // each has its own subset for its name and employer (different glyphs: a different subset tag)
    expect(a.filter((n) => !b.includes(n)).length).toBeGreaterThanOrEqual(1);
    expect(b.filter((n) => !a.includes(n)).length).toBeGreaterThanOrEqual(1);
    // the rare name's 䶶 comes from the fallback face, in the statement's own subset
    expect(b).toEqual(expect.arrayContaining([expect.stringMatching(/\+NotoSerifSC-Regular$/)]));
  });

  it.each([
    [0, '张伟', '北京某某科技有限公司'],
    [1, '李𬱖䶶', '鼓楼西大街粮油贸易公司'],
    [2, '李小明', '东海大道1号'],
  ])('statement %d: pdftotext finds the name, the employer or address, the agency and the labels', (i, name, line) => {
    const text = run('pdftotext', [file(i), '-']);
    for (const word of [name, line, pieces[i]?.record.agency.name ?? '?', '个人基本信息', '社会保障号码', '说明', '校验码']) expect(text).toContain(word);
  });

  it('prints every glyph: OCR reads the shared words and the statement’s own ones', () => {
    const seen = squash(ocr(rasterize(file(0), 1, 150)));
    for (const word of ['社会保险个人权益记录单', '个人基本信息', '缴费情况', '张伟', '北京某某科技有限公司', '光华路甲8号']) expect(seen).toContain(word);
    const resident = squash(ocr(rasterize(file(2), 1, 150)));
    for (const word of ['城乡居民', '李小明', '安徽省蚌埠市龙子湖区东海大道1号', '王芳(母亲)']) expect(resident).toContain(word);
  });

  it('draws the rare name (main face and fallback glyphs of its own subset) as ink', () => {
    // the name cell (x 41–105 mm, row at y ≈ 44–50 mm), as the print test measures it
    const { pixels } = grayCrop(file(1), 1, 100, { x: 41, y: 44, w: 30, h: 7 });
    expect(pixels.filter((p) => p < 128).length).toBeGreaterThan(150);
  });

  it('keeps the QR: zbarimg reads the printed code', () => {
    const code = formatVerificationCode(verificationCode(e, 'E', ctx.year, ctx.verificationKey));
    expect(zbar(rasterize(file(0), 1, 300))).toContain(code);
  });

  it('leaves the print path alone: a part PDF has one subset per face and no shared ones', () => {
    const part = writePdf(tmp.dir, 'part.pdf', renderer.renderStatements(pieces.slice(0, 2), ctx));
    const names = fontNames(part);
    expect(new Set(names.map((n) => n.split('+')[1])).size).toBe(names.length);
    const shared = fontNames(file(0)).filter((n) => fontNames(file(1)).includes(n));
    for (const n of shared) expect(names).not.toContain(n);
  });
});
