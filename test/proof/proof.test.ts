import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProofSelector, rarity } from '../../src/proof/select';
import { employee, piece, resident } from '../fixtures/records';
import { checkable, type Missing } from '../prerequisites';
import { ocr, rasterize, squash } from '../render/tools';

const ocrMissing: Missing = ['pdftoppm', 'pdftotext', 'pdffonts', 'tesseract'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0).join(', ') || null;

describe('proof selection (pure)', () => {
  it('grades characters: GB2312 common, GBK-only rare, beyond GBK rarest', () => {
    expect(['王', '张', 'A', '·'].map(rarity)).toEqual([0, 0, 0, 0]);
    expect(['堃', '喆', '䶮'].map(rarity)).toEqual([1, 1, 1]);
    expect(rarity('𬱖')).toBe(2);
  });

  const sixPieces = () => {
    const e1 = piece(employee({ recordId: 'E1', benefits: [] }), 'E');
    const e2 = piece(employee({ recordId: 'E2', benefits: [], person: { ...employee().person, name: '欧阳堃' } }), 'E', 2, 1);
    const e3 = piece(employee({ recordId: 'E3', benefits: [{ scheme: 'medical', item: '医疗费用', amount: 100 }] }), 'E', 3, 2);
    const e4 = piece(employee({ recordId: 'E4', benefits: [], person: { ...employee().person, name: '李𬱖' } }), 'E', 4, 1);
    // an adult resident (the fixture's resident is a minor with a guardian)
    const { guardian: _g, ...adult } = resident();
    const r1 = piece({ ...adult, recordId: 'R1', benefits: [], address: employee().address }, 'R');
    const g = resident({ recordId: 'R2', benefits: [] });
    const r2 = { ...piece(g, 'R', 2), recipient: { role: 'guardian' as const, name: '王芳', relation: '母亲', address: { ...g.address!, line: '很长很长很长很长很长很长很长的一条路999号' } } };
    return [e1, e2, e3, e4, r1, r2];
  };

  it('covers each batch, a guardian, the longest statement, name and address, benefits and the rarest character', () => {
    const s = new ProofSelector('en');
    for (const p of sixPieces()) s.offer(p);
    const { picks, absent, absentEdges } = s.result();
    const covers = Object.fromEntries(picks.map((p) => [p.piece.record.recordId, p.covers]));
    expect(covers.E1).toEqual(['batch E', 'the longest employer name (10 characters)']);
    expect(covers.E2).toEqual(['the longest name (3 characters)']);
    expect(covers.E3).toEqual(['a 2-sheet statement', 'a benefits section (batch E)']);
    expect(covers.E4).toEqual(['a rare character (U+2CC56, beyond GBK)']);
    expect(covers.R2).toEqual(expect.arrayContaining(["envelope to a guardian (a minor's statement)", expect.stringMatching(/^the longest address/)]));
    expect(picks[0]?.piece.record.recordId).toBe('E1');
    expect(picks.findIndex((p) => p.piece.batch === 'R')).toBe(picks.findIndex((p) => p.piece.record.recordId === 'R1'));
    expect(absent).toEqual(['no statement of batch R has a benefits section']);
    expect(absentEdges).toEqual(['benefits:R']);
    expect(picks[0]?.edges).toEqual(['batch:E', 'employer']);
  });

  it('writes the same notes in zh-CN, the edges as the same codes', () => {
    const en = new ProofSelector('en');
    const zh = new ProofSelector('zh-CN');
    for (const p of sixPieces()) {
      en.offer(p);
      zh.offer(p);
    }
    const [e, z] = [en.result(), zh.result()];
    expect(z.picks.map((p) => p.edges)).toEqual(e.picks.map((p) => p.edges));
    const covers = Object.fromEntries(z.picks.map((p) => [p.piece.record.recordId, p.covers]));
    expect(covers.E1).toEqual(['类别 E', '最长的单位名称（10 个字）']);
    expect(covers.E3).toEqual(['2 张纸的记录单', '待遇部分（类别 E）']);
    expect(covers.E4).toEqual(['生僻字（U+2CC56，GBK 以外）']);
    expect(covers.R2).toEqual(expect.arrayContaining(['寄给监护人的信封（未成年人的记录单）']));
    expect(z.absent).toEqual(['类别 R 中没有含待遇部分的记录单']);
  });
});

describe('siprint proof (real renderer)', () => {
  const root = path.join(__dirname, '../..');
  const bin = path.join(root, 'bin/siprint.js');
  const env = { ...process.env, SIPRINT_VERIFY_KEY: 'proof-test-key-0123456789', REDIS_URL: '' };
  const siprint = (args: string[]) => spawnSync('node', [bin, ...args], { cwd: root, env, encoding: 'utf8' });
  let tmp: string;
  beforeAll(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-proof-'))));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('renders a cover, then each chosen statement followed by its envelope, stamped PROOF', () => {
    const extract = path.join(tmp, 'x.jsonl');
    expect(siprint(['generate', '--count', '80', '--year', '2025', '--seed', '21', '--out', extract]).status).toBe(0);
    const r = siprint(['proof', '--extract', extract, '--year', '2025', '--out', tmp, '--ticket', path.join(root, 'jobs/annual-2025.json')]);
    if (r.status !== 0) throw new Error(`proof exited ${r.status}: ${r.stderr}`);
    const pdf = path.join(tmp, 'proof-x-2025.pdf');
    expect(statSync(pdf).mode & 0o777).toBe(0o600);
    const list = JSON.parse(readFileSync(path.join(tmp, 'proof-x-2025.json'), 'utf8')) as { pages: number; pieces: { recordId: string; batch: string; sheets: number; covers: string[] }[] };
    expect(new Set(list.pieces.map((p) => p.batch))).toEqual(new Set(['E', 'R']));
    const covered = list.pieces.flatMap((p) => p.covers).join('\n');
    for (const edge of ['batch E', 'batch R', 'envelope to a guardian', 'the longest name', 'the longest address', 'a benefits section (batch E)', 'a rare character']) expect(covered).toContain(edge);
    // page by page: cover, then statement page(s) of PROOF-00n followed by its envelope
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.split('\f').filter((p) => p.trim());
    expect(text.length).toBe(list.pages);
    expect(text[0]).toContain('siprint proof - NOT FOR MAILING');
    let at = 1;
    list.pieces.forEach((p, i) => {
      const id = `PROOF-${String(i + 1).padStart(3, '0')}`;
      for (let k = 0; k < p.sheets; k++) expect(text[at++]).toMatch(new RegExp(`${id} statement page.*record ${p.recordId}`));
      expect(text[at]).toContain(`${id} envelope - record ${p.recordId}`);
      expect(text[at++]).toContain('收');
    });
    expect(at).toBe(list.pages);
    // the list names records, never people
    const json = readFileSync(path.join(tmp, 'proof-x-2025.json'), 'utf8');
    for (const line of readFileSync(extract, 'utf8').trim().split('\n').slice(0, 40)) {
      const person = (JSON.parse(line) as { person?: { name?: string; ssn?: string } }).person;
      if (person?.name) expect(json).not.toContain(person.name);
      if (person?.ssn) expect(json).not.toContain(person.ssn);
    }
  }, 60_000);

  it('picks a piece for each v1.1 block and, through employers, an employer envelope followed by its bundle', () => {
    const extract = path.join(tmp, 'v11.jsonl');
    expect(siprint(['generate', '--count', '600', '--year', '2025', '--seed', 'blocks', '--out', extract]).status).toBe(0);
    const ticket = path.join(tmp, 'employer.json');
    writeFileSync(ticket, JSON.stringify({ ...(JSON.parse(readFileSync(path.join(root, 'jobs/annual-2025.json'), 'utf8')) as object), distribution: 'employer' }));
    const r = siprint(['proof', '--extract', extract, '--year', '2025', '--out', tmp, '--ticket', ticket]);
    if (r.status !== 0) throw new Error(`proof exited ${r.status}: ${r.stderr}`);
    const list = JSON.parse(readFileSync(path.join(tmp, 'proof-v11-2025.json'), 'utf8')) as { pages: number; pieces: { recordId: string; covers: string[] }[] };
    const covered = list.pieces.flatMap((p) => p.covers).join('\n');
    for (const edge of ['back pay (补缴)', 'deemed months (视同缴费月数)', 'the medical account (医疗保险个人账户)', "a retiree's 离退休待遇 block", 'a benefit row with 伤残等级 or 天数', 'an envelope through the employer'])
      expect(covered).toContain(edge);
    const text = spawnSync('pdftotext', ['-layout', path.join(tmp, 'proof-v11-2025.pdf'), '-'], { encoding: 'utf8' }).stdout.split('\f').filter((p) => p.trim());
    expect(text.length).toBe(list.pages);
    // the employer's envelope reads 「<单位名称>转 <姓名> 收」; its bundle's label and 交接清单 close the proof
    expect(text.some((p) => /PROOF-\d{3} envelope/.test(p) && /转\s*\S+\s*收/.test(p))).toBe(true);
    expect(text[text.length - 2]).toMatch(/单位转交/);
    expect(text[text.length - 2]).toMatch(/PROOF - bundle PROOF-B001/);
    expect(text[text.length - 1]).toMatch(/交接清单/);
    expect(text[text.length - 1]).not.toMatch(/\d{17}[\dX]/);
  }, 120_000);

  it('writes the cover in the run\'s language: --lang zh-CN draws it in Chinese with the pinned Noto faces', () => {
    const extract = path.join(tmp, 'zh.jsonl');
    expect(siprint(['generate', '--count', '30', '--year', '2025', '--seed', '23', '--out', extract]).status).toBe(0);
    const r = siprint(['--lang', 'zh-CN', 'proof', '--extract', extract, '--year', '2025', '--out', tmp, '--ticket', path.join(root, 'jobs/annual-2025.json')]);
    if (r.status !== 0) throw new Error(`proof exited ${r.status}: ${r.stderr}`);
    if (!checkable(ocrMissing, 'the Chinese proof cover read back')) return;
    const pdf = path.join(tmp, 'proof-zh-2025.pdf');
    // the text layer (ToUnicode) and what a reader sees: OCR of the page as printed at 100 dpi
    const layer = spawnSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(layer).toContain('siprint 校样 — 不得投寄');
    expect(layer).toContain('业务年度 2025');
    expect(layer).not.toContain('NOT FOR MAILING');
    const seen = squash(ocr(rasterize(pdf, 1, 100)));
    expect(seen).toContain('校样');
    expect(seen).toContain('不得投寄');
    expect(seen).toContain('业务年度2025');
    // the pinned Noto faces, embedded (as subsets: the whole 21-page proof stays far below one 10 MB face)
    const fonts = spawnSync('pdffonts', ['-f', '1', '-l', '1', pdf], { encoding: 'utf8' }).stdout;
    for (const f of ['NotoSansSC-Regular', 'NotoSansSC-Bold']) expect(fonts).toMatch(new RegExp(`${f}\\S*\\s+CID TrueType\\s+Identity-H\\s+yes`));
    expect(statSync(pdf).size).toBeLessThan(2_000_000);
  }, 60_000);

  it('exits 2 without --out, or for a missing extract', () => {
    expect(siprint(['proof', '--extract', 'x.jsonl', '--year', '2025']).status).toBe(2);
    const r = siprint(['proof', '--extract', path.join(tmp, 'nope.jsonl'), '--year', '2025', '--out', tmp]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/does not exist/);
  });
});
