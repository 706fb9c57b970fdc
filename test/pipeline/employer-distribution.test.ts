/**
 * Distribution through employers (domain.md), on a real run: `distribution: "employer"` in the ticket
 * sends each employee statement in its own envelope 「<单位名称>转 <姓名> 收」 to the employer's address;
 * one employer's pieces are a bundle behind its 交接清单 and parcel label (bundles.pdf), presorted by the
 * employer's postcode; mailing.csv names each piece's bundle. Residents, minors and employees without an
 * employer address are mailed home; an employee with neither address is held. `check` agrees.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { dmtx, ocr, rasterize } from '../render/tools';
import { KEY, cliEnv, manifestOf, siprint, tempDir } from '../reliability/helpers';

jest.setTimeout(240_000);

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Row {
  pieceId: string;
  recordId: string;
  recipientName: string;
  recipientRole: string;
  postcode: string;
  address: string;
  bundle: string;
}

const SSN_RE = /\d{17}[\dX]/;
const AMOUNT_RE = /\d+\.\d{2}/;
const EMPLOYERS = [
  { code: '91150100MA0HHHT001', name: '呼和浩特草原乳业有限公司', address: { postcode: '010010', province: '内蒙古自治区', city: '呼和浩特市', district: '新城区', line: '新华大街1号' } },
  { code: '91130100MA0SJZ0002', name: '石家庄华北制药有限公司', address: { postcode: '050011', province: '河北省', city: '石家庄市', district: '长安区', line: '中山东路88号' } },
  { code: '91110105MA01BJ0003', name: '北京某某科技有限公司', address: { postcode: '100022', province: '北京市', city: '北京市', district: '朝阳区', line: '建国路88号' } },
];
const pdftext = (file: string, layout = false): string => execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
const squash = (s: string): string => s.replace(/\s+/g, '');
const ocrSquash = (png: string): string => squash(ocr(png));

describe('a run distributing through employers', () => {
  let dir: string;
  let runDir: string;
  let records: Obj[];
  let noAddressAtAll: string;
  let viaWithoutHome: string;
  let homeWithoutEmployerAddress: string;

  beforeAll(() => {
    dir = tempDir('employer');
    const generated = path.join(dir, 'generated.jsonl');
    expect(siprint(['generate', '--count', '70', '--year', '2025', '--seed', 'employer', '--out', generated]).status).toBe(0);
    records = readFileSync(generated, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Obj);
    const employees = records.filter((r) => r.kind === 'employee' && (r.delivery ?? 'mail') === 'mail');
    // three employers (postcodes starting 0, 0 and 1) share the employees; a few keep no employer address
    employees.forEach((r, i) => {
      const e = EMPLOYERS[i % 4];
      r.employer = e ? { ...e } : { code: r.employer.code, name: r.employer.name };
    });
    const [via] = employees.filter((r) => r.employer.address);
    const [home, neither] = employees.filter((r) => !r.employer.address);
    if (!via || !home || !neither) throw new Error('the generated extract has too few employees for this test');
    viaWithoutHome = via.recordId;
    delete via.address;
    homeWithoutEmployerAddress = home.recordId;
    noAddressAtAll = neither.recordId;
    delete neither.address;
    const extract = path.join(dir, 'extract.jsonl');
    writeFileSync(extract, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const base = JSON.parse(readFileSync(path.join(__dirname, '../../jobs/annual-2025.json'), 'utf8')) as Obj;
    const ticket = path.join(dir, 'ticket.json');
    writeFileSync(ticket, JSON.stringify({ ...base, piecesPerFile: 1000, distribution: 'employer' }));
    const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', dir, '--run-id', 'emp', '--ticket', ticket], cliEnv({ SIPRINT_VERIFY_KEY: KEY }));
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    runDir = path.join(dir, 'emp');
    const open = path.join(dir, 'open');
    mkdirSync(open, { recursive: true });
    execFileSync('unzip', ['-q', '-o', path.join(runDir, 'print', 'emp-E-p001.zip'), '-d', open]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const open = (f: string): string => path.join(dir, 'open', f);
  const rows = (): Row[] => parse<Row>(readFileSync(open('mailing.csv'), 'utf8'), { columns: true });

  it('addresses each employee through the employer, in bundles presorted by the employer postcode', () => {
    const all = rows();
    const via = all.filter((r) => r.bundle !== '');
    const byRecord = new Map(records.map((r) => [r.recordId, r]));
    expect(via.length).toBeGreaterThan(10);
    for (const r of via) {
      const e = byRecord.get(r.recordId)?.employer;
      expect(r.postcode).toBe(e.address.postcode);
      expect(r.address).toContain(e.address.line);
      expect(r.recipientName).toBe(byRecord.get(r.recordId)?.person.name);
    }
    // one bundle per employer here (each fits one part), contiguous, in the presort's postcode order
    const bundles = via.map((r) => r.bundle).filter((b, i, a) => b !== a[i - 1]);
    expect(bundles).toEqual(['E-0001-B001', 'E-0001-B002', 'E-0001-B003']);
    expect(new Set(bundles).size).toBe(bundles.length);
    expect(all.map((r) => r.postcode)).toEqual(all.map((r) => r.postcode).sort());
    // the fallbacks: home when the employer has no address; an employee with neither address is held
    const home = all.find((r) => r.recordId === homeWithoutEmployerAddress);
    expect(home?.bundle).toBe('');
    expect(home?.postcode).toBe(byRecord.get(homeWithoutEmployerAddress)?.address.postcode);
    expect(via.some((r) => r.recordId === viaWithoutHome)).toBe(true);
    const held = readFileSync(path.join(runDir, 'exceptions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Obj);
    expect(held.find((h) => h.recordId === noAddressAtAll)?.reason).toBe('MISSING_FIELD');
    // residents are never bundled
    const residents = execFileSync('unzip', ['-p', path.join(runDir, 'print', 'emp-R-p001.zip'), 'mailing.csv'], { encoding: 'utf8' });
    expect(parse<Row>(residents, { columns: true }).every((r) => r.bundle === '')).toBe(true);
  });

  it('prints 「<单位名称>转 <姓名> 收」 on the envelope, and nothing of the statement', () => {
    const all = rows();
    const pages = pdftext(open('envelopes.pdf'), true).split('\f');
    all.forEach((r, i) => {
      const page = squash(pages[i] ?? '');
      const e = records.find((x) => x.recordId === r.recordId)?.employer;
      if (r.bundle) expect(page).toContain(`${e.name}转${r.recipientName}收`);
      else expect(page).not.toContain('转');
      expect(page).not.toMatch(SSN_RE);
      expect(page).not.toMatch(AMOUNT_RE);
    });
  });

  it('leads each bundle with a parcel label and a 交接清单: employer, count, piece IDs, masked names — no ssn, no amounts', () => {
    const all = rows();
    const text = pdftext(open('bundles.pdf'), true);
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages).toHaveLength(6); // label + one list page, per bundle
    expect(text).not.toMatch(SSN_RE);
    expect(text).not.toMatch(AMOUNT_RE);
    const bundles = [...new Set(all.map((r) => r.bundle).filter(Boolean))];
    bundles.forEach((b, k) => {
      const members = all.filter((r) => r.bundle === b);
      const employer = records.find((x) => x.recordId === members[0]?.recordId)?.employer;
      const label = squash(pages[2 * k] ?? '');
      const list = squash(pages[2 * k + 1] ?? '');
      expect(label).toContain('单位转交');
      expect(label).toContain(employer.name);
      expect(label).toContain(employer.address.postcode);
      expect(label).toContain(`${members.length}件`);
      expect(label).toContain(b);
      expect(list).toContain('交接清单');
      expect(list).toContain(employer.name);
      expect(list).toContain(`${members.length}件`);
      for (const m of members) {
        expect(list).toContain(m.pieceId);
        const masked = [...m.recipientName][0] + '*'.repeat([...m.recipientName].length - 1);
        expect(list).toContain(masked);
        expect(list).not.toContain(m.recipientName.length > 1 ? m.recipientName : '\u0000');
      }
      expect(list).toContain('不得扣留');
    });
    // the parcel label's DataMatrix names the run and the bundle
    expect(dmtx(rasterize(open('bundles.pdf'), 1, 200, { x: 118, y: 73, w: 30, h: 27 }))).toContainEqual(`emp|${bundles[0]}`);
  });

  it('reads to OCR where the layouts put it: the envelope name line, the list title and entries, the label', () => {
    const all = rows();
    const i = all.findIndex((r) => r.bundle !== '');
    const r = all[i] as Row;
    const employer = records.find((x) => x.recordId === r.recordId)?.employer;
    // the envelope's name line (employer-bundle.json envelopeName: x 62, baseline 62 mm)
    const name = ocrSquash(rasterize(open('envelopes.pdf'), i + 1, 300, { x: 60, y: 52, w: 150, h: 20 }));
    expect(name).toContain(`${(employer.name as string).slice(-6)}转`); // OCR's Chinese is not perfect: the name's tail and 转
    expect(name).toContain('收');
    // the 交接清单 (page 2 of the first bundle): its title at the top, the first entry's piece ID in the table
    expect(ocrSquash(rasterize(open('bundles.pdf'), 2, 200, { x: 15, y: 18, w: 180, h: 14 }))).toContain('交接清单');
    expect(ocrSquash(rasterize(open('bundles.pdf'), 2, 300, { x: 15, y: 82, w: 90, h: 8 }))).toContain(r.pieceId);
    // the parcel label (page 1): 单位转交 and the employer postcode in its place
    const label = ocrSquash(rasterize(open('bundles.pdf'), 1, 200, { x: 5, y: 2, w: 140, h: 62 }));
    expect(label).toContain('单位转交');
    expect(label).toContain(employer.address.postcode);
  });

  it('records the bundle layout, passes verify, and check holds what the run held', () => {
    const manifest = manifestOf(runDir) as unknown as { layouts: { id: string }[] };
    expect(manifest.layouts.map((l) => l.id)).toContain('employer-bundle');
    const v = siprint(['verify', runDir]);
    expect(v.stdout).toMatch(/^OK emp: /);
    expect(v.status).toBe(0);
    const out = path.join(dir, 'check');
    const c = siprint(['check', '--extract', path.join(dir, 'extract.jsonl'), '--year', '2025', '--distribution', 'employer', '--out', out]);
    expect(c.status).toBe(0);
    const strip = (f: string) => readFileSync(f, 'utf8').trim().split('\n').map((l) => { const { message: _m, ...rest } = JSON.parse(l) as Obj; return JSON.stringify(rest); });
    expect(strip(path.join(out, 'exceptions.jsonl'))).toEqual(strip(path.join(runDir, 'exceptions.jsonl')));
    // mailing home, the same extract holds the employee without a home address too
    const home = siprint(['check', '--extract', path.join(dir, 'extract.jsonl'), '--year', '2025', '--out', path.join(dir, 'check-home')]);
    expect(readFileSync(path.join(dir, 'check-home', 'exceptions.jsonl'), 'utf8')).toContain(viaWithoutHome);
    expect(home.status).toBe(0);
  });
});
