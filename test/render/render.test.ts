/**
 * Tests that look at the printed result: rasterize (pdftoppm), OCR (tesseract chi_sim), decode the
 * barcodes (dmtxread, zbarimg), check the file (qpdf) and the fonts (pdffonts).
 */
import { createHash } from 'node:crypto';
import { loadRenderAssets } from '../../src/assets/load';
import { createRenderer, formatVerificationCode, verificationCode, type Renderer } from '../../src/render';
import type { Benefit } from '../../src/domain/types';
import { employee, piece, resident } from '../fixtures/records';
import { dmtx, grayCrop, ocr, rasterize, run, squash, tmpDir, writePdf, zbar } from './tools';

const ctx = { runId: 'R2025-ANNUAL', year: 2025, printDate: '2026-01-15', verificationKey: 'test-key' };
const envCtx = { runId: 'R2025-ANNUAL', postagePermit: '京朝字第2025-001号' };

let renderer: Renderer;
let tmp: ReturnType<typeof tmpDir>;
beforeAll(() => {
  renderer = createRenderer(loadRenderAssets());
  tmp = tmpDir();
});
afterAll(() => tmp.done());

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('statements that print', () => {
  const e = employee();
  const r = resident();
  const pieces = [piece(e, 'E', 1), piece(r, 'R', 2), piece(e, 'S-pension', 3)];
  let pdf: string;
  beforeAll(() => {
    pdf = writePdf(tmp.dir, 'statements.pdf', renderer.renderStatements(pieces, ctx));
  });

  it('is a clean PDF with every font embedded as a subset', () => {
    expect(run('qpdf', ['--check', pdf])).toMatch(/No syntax or stream encoding errors found/);
    const rows = run('pdffonts', [pdf]).split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+Noto\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    }
  });

  it.each([
    [1, 'employee', '张伟', '109,113.17'],
    [2, 'resident', '李小明', '4,899.23'],
    [3, 'pension scheme', '张伟', '109,113.17'],
  ])('page %d (%s): OCR finds the name, the ssn and the closing balance', (page, _kind, name, closing) => {
    const record = page === 2 ? r : e;
    const text = squash(ocr(rasterize(pdf, page, 150)));
    expect(text).toContain(name);
    expect(text).toContain(record.person.ssn);
    // OCR sometimes drops the separators of bold figures: compare the digits, in order
    expect(text.replace(/[,.，。]/g, '')).toContain(closing.replace(/[,.]/g, ''));
    if (page === 3) expect(text).toContain('养老保险');
  });

  it('carries the inserter DataMatrix and the verification QR on the page', () => {
    const dm = dmtx(rasterize(pdf, 2, 150, { x: 176, y: 268, w: 22, h: 22 }));
    expect(dm).toEqual(['R2025-ANNUAL|R-0001-00002|1/1']);
    const qr = zbar(rasterize(pdf, 2, 150, { x: 168, y: 2, w: 32, h: 32 }));
    const code = formatVerificationCode(verificationCode(r, 'R', 2025, 'test-key'));
    expect(qr).toEqual([code]);
    expect(run('pdftotext', ['-f', '2', '-l', '2', pdf, '-'])).toContain(`校验码：${code}`);
  });

  it('gives the same bytes for the same part, also from a new renderer', () => {
    const again = renderer.renderStatements(pieces, ctx);
    const fresh = createRenderer(loadRenderAssets()).renderStatements(pieces, ctx);
    expect(sha(again)).toBe(sha(fresh));
    expect(sha(again)).toBe(sha(renderer.renderStatements(pieces, ctx)));
  });

  it('prints the verification code a piece carries from the ingest: the same bytes as computing it here', () => {
    const coded = pieces.map((p) => ({ ...p, verificationCode: verificationCode(p.record, p.batch, ctx.year, ctx.verificationKey) }));
    expect(sha(renderer.renderStatements(coded, ctx))).toBe(sha(renderer.renderStatements(pieces, ctx)));
    // the carried code is the one printed (a part file is the run's own: no second HMAC)
    const other = coded.map((p) => ({ ...p, verificationCode: 'AAAABBBBCCCCDDDD' }));
    expect(run('pdftotext', [writePdf(tmp.dir, 'carried.pdf', renderer.renderStatements(other, ctx)), '-'])).toContain('校验码：AAAA-BBBB-CCCC-DDDD');
  });
});

describe('reprint', () => {
  it('carries the 「补打」 mark and the same verification code as the original', () => {
    const rec = employee();
    const original = run('pdftotext', [writePdf(tmp.dir, 'orig.pdf', renderer.renderStatements([piece(rec, 'E')], ctx)), '-']);
    const reprint = run('pdftotext', [writePdf(tmp.dir, 'reprint.pdf', renderer.renderStatements([piece(rec, 'E')], { ...ctx, printDate: '2026-05-03', reprint: { date: '2026-05-03', seq: 2 } })), '-']);
    const code = formatVerificationCode(verificationCode(rec, 'E', 2025, 'test-key'));
    expect(original).toContain(`校验码：${code}`);
    expect(original).not.toContain('补打');
    expect(reprint).toContain(`校验码：${code}`);
    expect(reprint).toContain('补打（2026年5月3日，第2次）');
    expect(reprint).toContain('打印日期：2026年5月3日');
  });
});

describe('second page', () => {
  const benefits: Benefit[] = Array.from({ length: 20 }, (_, i) => ({ scheme: 'medical', item: `门诊医疗费用第${i + 1}笔`, amount: 1000 + i, months: 1 }));
  const big = employee({ recordId: 'E-BIG', benefits });

  it('knows the pages and sheets before rendering, and repeats the title with 「（续）」', () => {
    expect(renderer.statementPages(big, 'E')).toBe(2);
    expect(renderer.statementSheets(big, 'E')).toBe(2);
    expect(renderer.statementPages(employee(), 'E')).toBe(1);
    const bytes = renderer.renderStatements([piece(big, 'E', 7)], ctx);
    const file = writePdf(tmp.dir, 'two-pages.pdf', bytes);
    const page2 = run('pdftotext', ['-f', '2', '-l', '2', file, '-']);
    expect(page2).toContain('社会保险个人权益记录单（城镇职工）（续）');
    expect(page2).toContain('门诊医疗费用第20笔');
    expect(page2).toContain('第2页/共2页');
    const raw = Buffer.from(bytes).toString('latin1');
    for (const n of [1, 2]) {
      expect(raw).toMatch(new RegExp(`/PieceInfo <<\\s*/siprint <<\\s*/LastModified \\(D:\\d{14}Z\\)\\s*/Private <<\\s*/Piece \\(E-0001-00007\\)\\s*/Page ${n}\\s*/Of 2`));
    }
    expect(dmtx(rasterize(file, 2, 150, { x: 176, y: 268, w: 22, h: 22 }))).toEqual(['R2025-ANNUAL|E-0001-00007|2/2']);
  });

  it('counts sheets by the duplex rule when a layout prints both sides', () => {
    const assets = loadRenderAssets();
    const duplex = {
      ...assets,
      layouts: assets.layouts.map((l) => (l.layout.type === 'statement' ? { ...l, layout: { ...l.layout, page: { ...l.layout.page, duplex: true } } } : l)),
    };
    const r = createRenderer(duplex);
    const three = employee({ benefits: Array.from({ length: 60 }, (_, i) => ({ scheme: 'medical' as const, item: `费用${i}`, amount: i })) });
    expect(r.statementPages(three, 'E')).toBe(3);
    expect(r.statementSheets(three, 'E')).toBe(2);
    expect(renderer.statementSheets(three, 'E')).toBe(3);
  });
});

describe('characters and boxes', () => {
  it('holds a name no font can draw (𠇔) as UNPRINTABLE_CHARACTER and refuses to render it', () => {
    const rec = employee({ person: { ...employee().person, name: '王𠇔' } });
    const verdict = renderer.printable(rec);
    expect(verdict?.reason).toBe('UNPRINTABLE_CHARACTER');
    expect(verdict?.message).toContain('U+201D4');
    expect(verdict?.message).not.toContain('王');
    expect(() => renderer.renderStatements([piece(rec, 'E')], ctx)).toThrow(/U\+201D4/);
  });

  it('draws 𬱖 with the main face and 䶶 with the fallback face, both as real glyphs', () => {
    const rec = employee({ person: { ...employee().person, name: '李𬱖䶶' } });
    expect(renderer.printable(rec)).toBeNull();
    const file = writePdf(tmp.dir, 'rare.pdf', renderer.renderStatements([piece(rec, 'E')], ctx));
    expect(run('pdftotext', [file, '-'])).toContain('李𬱖䶶');
    expect(run('pdffonts', [file])).toMatch(/[A-Z]{6}\+NotoSerifSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    // ink where the name is: the name cell (x 41–105 mm, row at y ≈ 44–50 mm) is not blank
    const { pixels } = grayCrop(file, 1, 100, { x: 41, y: 44, w: 30, h: 7 });
    const dark = pixels.filter((p) => p < 128).length;
    expect(dark).toBeGreaterThan(150);
  });

  it('holds a value that does not fit even wrapped and shrunk as DOES_NOT_FIT, naming the field', () => {
    const rec = employee({ employer: { code: 'X', name: '北京某某科技有限公司'.repeat(8) } });
    expect(renderer.printable(rec)).toEqual({ reason: 'DOES_NOT_FIT', message: expect.stringContaining('employer.name') as string });
    const ok = employee({ employer: { code: 'X', name: '北京某某科技有限公司'.repeat(3) } });
    expect(renderer.printable(ok)).toBeNull();
  });
});

describe('envelopes', () => {
  const adult = employee();
  const minor = resident();
  let file: string;
  beforeAll(() => {
    file = writePdf(tmp.dir, 'envelopes.pdf', renderer.renderEnvelopes([piece(adult, 'E', 1), piece(minor, 'R', 2)], envCtx));
  });

  it('addresses the adult and, for a minor, the guardian — with no ssn and no amounts', () => {
    expect(run('qpdf', ['--check', file])).toMatch(/No syntax or stream encoding errors found/);
    const text = run('pdftotext', ['-layout', file, '-']);
    const pages = text.split('\f');
    expect(squash(pages[0] ?? '')).toContain('张伟收');
    expect(squash(pages[1] ?? '')).toContain('王芳（监护人）收');
    expect(squash(pages[1] ?? '')).not.toContain('李小明');
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).not.toMatch(/\d+\.\d{2}/);
    expect(text).toContain('邮资已付');
    expect(text).toContain('记录一生、保障一生、服务一生');
  });

  it('prints the postcode in the boxes, the piece code readable, and keeps the post barcode strip blank', () => {
    expect(dmtx(rasterize(file, 2, 150, { x: 6, y: 86, w: 24, h: 24 }))).toEqual(['R2025-ANNUAL|R-0001-00002|1/1']);
    const strip = grayCrop(file, 1, 100, { x: 220 - 160, y: 110 - 20, w: 105, h: 20 });
    expect(strip.pixels.every((p) => p > 250)).toBe(true);
    // the reading zone (90 × 26 mm) holds the six boxes (x 12–70, y 10–20) and nothing else
    for (const zone of [{ x: 71, y: 0, w: 19, h: 26 }, { x: 0, y: 21, w: 90, h: 5 }, { x: 0, y: 0, w: 90, h: 9 }]) {
      expect(grayCrop(file, 2, 100, zone).pixels.every((p) => p > 250)).toBe(true);
    }
    expect(() => renderer.renderEnvelopes([piece(adult, 'E')], { ...envCtx, postagePermit: '许可证'.repeat(20) })).toThrow(/shorten postagePermit in the ticket/);
    expect(squash(run('pdftotext', ['-f', '2', '-l', '2', '-x', '0', '-y', '0', '-W', '300', '-H', '80', '-r', '72', file, '-']))).toContain('230001');
  });
});
