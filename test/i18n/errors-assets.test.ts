/**
 * A broken layout, font set or postcode table (the assets an agency may correct, found through the
 * ticket's "assets"), in both languages: `siprint proof` ends with one line (exit 2) naming the
 * same file and field, with its fix, in the operator's language.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadRenderAssets } from '../../src/assets';
import { setLang } from '../../src/i18n';
import { cliEnv, siprint, tempDir } from '../reliability/helpers';
import { expectOneLine } from './one-line';

const repo = path.join(__dirname, '../..');
const env = cliEnv({ LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '' });
const dir = tempDir('i18n-assets');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const extract = path.join(dir, 'x.jsonl');
writeFileSync(extract, `${readFileSync(path.join(repo, 'test/fixtures/spec-example.json'), 'utf8').replace(/\s*\n\s*/g, '')}\n`);
const annual = JSON.parse(readFileSync(path.join(repo, 'jobs/annual-2025.json'), 'utf8')) as Record<string, unknown>;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FONTS = ['NotoSansSC-Regular.ttf', 'NotoSansSC-Bold.ttf', 'NotoSerifSC-Regular.ttf'];

/** The package's assets under dir/<name> (fonts linked, not copied), changed by `change`; returns a ticket naming them. */
function assets(name: string, change: (root: string, edit: (file: string, f: (j: Json) => void) => void) => void): string {
  const root = path.join(dir, name);
  cpSync(path.join(repo, 'layouts'), path.join(root, 'layouts'), { recursive: true });
  mkdirSync(path.join(root, 'fonts'));
  cpSync(path.join(repo, 'fonts/fonts.json'), path.join(root, 'fonts/fonts.json'));
  for (const f of FONTS) symlinkSync(path.join(repo, 'fonts', f), path.join(root, 'fonts', f));
  cpSync(path.join(repo, 'postcodes'), path.join(root, 'postcodes'), { recursive: true });
  const edit = (file: string, f: (j: Json) => void) => {
    const j = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Json;
    f(j);
    writeFileSync(path.join(root, file), JSON.stringify(j));
  };
  change(root, edit);
  const ticket = path.join(dir, `${name}.json`);
  writeFileSync(ticket, JSON.stringify({ ...annual, assets: `./${name}` }));
  return ticket;
}
const put = (root: string, file: string, text: string) => writeFileSync(path.join(root, file), text);
const drop = (root: string, file: string) => rmSync(path.join(root, file), { recursive: true });
const proof = (ticket: string) => (lang: string) => siprint(['--lang', lang, 'proof', '--ticket', ticket, '--extract', extract, '--year', '2025', '--out', dir], env, 30_000);

const ST = 'layouts/statement-employee.json';
const PC = 'postcodes/postcode-prefixes.json';

describe('a broken asset, in both languages', () => {
  it.each<[string, () => string, RegExp, RegExp]>([
    ['a layout not JSON', () => assets('l-json', (r) => put(r, ST, '{')), /layout layouts\/statement-employee\.json: not valid JSON \(.+\): fix the file/, /版式 layouts\/statement-employee\.json：不是有效的 JSON（.+）：请修正该文件/],
    [
      'a layout field of the wrong type',
      () => assets('l-type', (_r, edit) => edit(ST, (j) => (j.page.width = 'wide'))),
      /layout layouts\/statement-employee\.json: field page\.width: /,
      /版式 layouts\/statement-employee\.json：字段 page\.width：[^a-z]*[\u4e00-\u9fff]/,
    ],
    ['a layout whose content runs off the page', () => assets('l-page', (_r, edit) => edit(ST, (j) => (j.frame.contentBottom = 400))), /field frame\.contentBottom: is below the page/, /字段 frame\.contentBottom：超出页面底边/],
    [
      'a layout with an unknown format',
      () => assets('l-format', (_r, edit) => edit(ST, (j) => (j.frame.footer[0].text = '{printDateCn|bogus}'))),
      /field frame\.footer\[0\]\.text: unknown format "bogus" \(use money, date, month or count\)/,
      /字段 frame\.footer\[0\]\.text：未知格式 "bogus"（请用 "money"、"date"、"month" 或 "count"）/,
    ],
    [
      'a layout whose id is not its file name',
      () => assets('l-id', (r) => cpSync(path.join(r, ST), path.join(r, 'layouts/statement-copy.json'))),
      /layout layouts\/statement-copy\.json: field id: "statement-employee" must match the file name/,
      /版式 layouts\/statement-copy\.json：字段 id："statement-employee" 须与文件名一致/,
    ],
    [
      'an envelope with the name in the reading zone',
      () => assets('l-zone', (_r, edit) => edit('layouts/envelope-dl.json', (j) => void Object.assign(j.recipient.name, { x: 10, y: 10 }))),
      /layout layouts\/envelope-dl\.json: field recipient\.name: lies in the reading zone \(nothing but the postcode boxes\) \(0–90 × 0–26 mm\), which must stay clear/,
      /版式 layouts\/envelope-dl\.json：字段 recipient\.name：位于须留空的区域 "reading zone \(nothing but the postcode boxes\)"（0–90 × 0–26 毫米）内/,
    ],
    [
      "a bundle's name line in the envelope's reading zone",
      () => assets('l-bundle', (_r, edit) => edit('layouts/employer-bundle.json', (j) => void Object.assign(j.envelopeName, { x: 10, y: 10 }))),
      /layout layouts\/employer-bundle\.json: field envelopeName: lies in the reading zone \(nothing but the postcode boxes\) of envelope-dl\S* \(0–90 × 0–26 mm\), which must stay clear/,
      /版式 layouts\/employer-bundle\.json：字段 envelopeName：位于信封版式 envelope-dl\S* 须留空的区域/,
    ],
    ['no layouts directory', () => assets('l-none', (r) => drop(r, 'layouts')), /layouts: no directory \S+l-none\/layouts/, /版式：没有目录 \S+l-none\/layouts：请检查任务单中 "assets" 所指的目录/],
    ['no fonts.json', () => assets('f-none', (r) => drop(r, 'fonts/fonts.json')), /fonts\/fonts\.json: missing under \S+f-none/, /fonts\/fonts\.json：\S+f-none 下没有该文件/],
    ['fonts.json not JSON', () => assets('f-json', (r) => put(r, 'fonts/fonts.json', '{')), /fonts\/fonts\.json: not valid JSON \(/, /fonts\/fonts\.json：不是有效的 JSON（.+）：请修正该文件/],
    ['fonts.json of the wrong shape', () => assets('f-type', (_r, edit) => edit('fonts/fonts.json', (j) => (j.version = 1))), /fonts\/fonts\.json: field version: /, /fonts\/fonts\.json：字段 version：[^a-z]*[\u4e00-\u9fff]/],
    [
      'a fallback face not among the faces',
      () => assets('f-fallback', (_r, edit) => edit('fonts/fonts.json', (j) => (j.fallback.regular = ['nope']))),
      /fonts\/fonts\.json: field fallback\.regular\[0\]: face "nope" is not in faces/,
      /fonts\/fonts\.json：字段 fallback\.regular\[0\]：字体 "nope" 不在 "faces" 中/,
    ],
    [
      'a font file missing',
      () => assets('f-missing', (r) => drop(r, 'fonts/NotoSerifSC-Regular.ttf')),
      /fonts\/NotoSerifSC-Regular\.ttf: missing: run `npm run fonts` \(scripts\/install-fonts\.js\) to install the pinned fonts/,
      /fonts\/NotoSerifSC-Regular\.ttf：缺少该字体文件：请运行 `npm run fonts`（scripts\/install-fonts\.js）安装固定版本的字体/,
    ],
    [
      'another font file',
      () => assets('f-other', (r) => (drop(r, 'fonts/NotoSerifSC-Regular.ttf'), put(r, 'fonts/NotoSerifSC-Regular.ttf', 'not a font'))),
      /fonts\/NotoSerifSC-Regular\.ttf: sha256 [0-9a-f]{64} is not the [0-9a-f]{64} that fonts\.json pins: run `npm run fonts`/,
      /fonts\/NotoSerifSC-Regular\.ttf：SHA-256 为 [0-9a-f]{64}，不是 fonts\.json 固定的 [0-9a-f]{64}：请运行 `npm run fonts`/,
    ],
    ['a postcode table not JSON', () => assets('p-json', (r) => put(r, PC, '{')), /postcodes\/postcode-prefixes\.json: not valid JSON \(.+\): fix the file/, /邮政编码表 postcodes\/postcode-prefixes\.json：不是有效的 JSON（.+）：请修正该文件/],
    ['a postcode table of the wrong shape', () => assets('p-top', (r) => put(r, PC, '[]')), /postcodes\/postcode-prefixes\.json: field \(top level\): /, /邮政编码表 postcodes\/postcode-prefixes\.json：字段 （顶层）：/],
    [
      'a postcode prefix of one digit',
      () => assets('p-digits', (_r, edit) => edit(PC, (j) => (j.provinces[0].prefixes[0] = '1'))),
      /postcodes\/postcode-prefixes\.json: field provinces\.0\.prefixes\.0: a prefix is two digits, e.g. "01"/,
      /邮政编码表 postcodes\/postcode-prefixes\.json：字段 provinces\.0\.prefixes\.0：前缀为两位数字，例如 "01"/,
    ],
    [
      'a postcode prefix given to two provinces',
      () => assets('p-twice', (_r, edit) => edit(PC, (j) => {
        const provinces = j.provinces as { prefixes: string[] }[];
        provinces[1]?.prefixes.push(provinces[0]?.prefixes[0] ?? '');
      })),
      /postcodes\/postcode-prefixes\.json: prefix \d\d is given to both \S+ and \S+: give it to one/,
      /邮政编码表 postcodes\/postcode-prefixes\.json：前缀 \d\d 同时分给了 \S+ 和 \S+：只能分给其中一个/,
    ],
  ])('%s', (_name, ticket, en, zh) => {
    const said = expectOneLine(proof(ticket()), en, zh);
    // the same file (and field) in both
    expect(said.zh.match(/[\w-]+\/[\w./-]+/)?.[0]).toEqual(said.en.match(/[\w-]+\/[\w./-]+/)?.[0]);
  });
});

// a reprint asks for the run's own envelope; only a run's manifest can name one that is not installed
it("says in both languages that none of the installed envelopes is the run's", () => {
  const said = (lang: 'en' | 'zh-CN') => {
    setLang(lang);
    try {
      loadRenderAssets(repo, ['envelope-gone']);
    } catch (err) {
      return (err as Error).message;
    }
    return 'no error';
  };
  expect(said('en')).toMatch(/^layouts: none of the installed envelope layouts \(envelope-dl\S*, envelope-dl\S*\) is the run's \(envelope-gone\): reprint with the layouts of that run \(ticket "assets"\)$/);
  expect(said('zh-CN')).toMatch(/^版式：已安装的信封版式（envelope-dl\S*, envelope-dl\S*）都不是该批次所用的（envelope-gone）：请用该批次的版式补打（任务单中的 "assets"）$/);
  setLang('en');
});
