/**
 * Exceptions' `message` in the operator's language: the same record held for the same reason in
 * English and in Chinese, the Chinese text with no English words left (field paths, reason codes and
 * zod's type names excepted); and a real run started with --lang zh-CN, whose validation threads
 * write exceptions.jsonl in Chinese too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExtractItem } from '../../src/extract';
import { makeSsn } from '../../src/generate/generate';
import { setLang } from '../../src/i18n';
import { runLines, specRecord, type Json } from '../extract/helpers';

type Rec = Json & { person: Json; address: Json; schemes: Json; pensionAccount: Json; agency: Json };
const edit = (f: (r: Rec) => void): Json => {
  const r = specRecord() as Rec;
  f(r);
  return r;
};
const minorSsn = makeSsn('110105', '20100315', 21);

/** One line per reason a record can be held for at validation, and a few of each. */
const faulty: (Json | string)[] = [
  '{"recordId": "broken',
  '[1, 2]',
  edit((r) => delete (r.person as Partial<Json>).name),
  edit((r) => delete (r as Partial<Rec>).address),
  edit((r) => (r.kind = 'nobody')),
  edit((r) => (r.person.ssn = '12345')),
  edit((r) => (r.person.ssn = String(r.person.ssn).slice(0, 17) + (String(r.person.ssn).endsWith('0') ? '1' : '0'))),
  edit((r) => (r.person.gender = [undefined, 'F', '女'].includes(r.person.gender as string | undefined) ? '男' : '女')),
  edit((r) => (r.address.postcode = '12345')),
  edit((r) => (r.address.postcode = '530022')),
  edit((r) => (r.pensionAccount.closingBalance = '1.234')),
  edit((r) => (r.pensionAccount.closingBalance = '1.00')),
  edit((r) => (r.person.ssn = minorSsn)),
  edit((r) => (r.recordId = 'DUP1')),
  edit((r) => (r.recordId = 'DUP1')),
  specRecord(), // shares the ssn of the records above
];

async function messages(lang: 'en' | 'zh-CN'): Promise<{ line: number; reason: string; message: string }[]> {
  setLang(lang);
  try {
    const items = await runLines(faulty.map((l, i) => (typeof l === 'string' ? l : { ...l, recordId: l.recordId === 'DUP1' ? 'DUP1' : `R${i}` })));
    return items.filter((it): it is Extract<ExtractItem, { type: 'exception' }> => it.type === 'exception').map((it) => ({ line: it.entry.line, reason: it.entry.reason, message: it.entry.message }));
  } finally {
    setLang('en');
  }
}

/** English words left in a Chinese message once its field paths, codes and zod's type names are taken out. */
const englishLeft = (s: string) =>
  s
    .replace(/"[^"]*"|^\w+(?=：)/g, ' ')
    .replace(/\b[a-z]+[A-Z]?\w*(\.[\w.]+)+|\b[a-z]+[A-Z]\w*\b|\b[A-Z][A-Z0-9_+]+\b|U\+[0-9A-F]+|\b(string|number|int|undefined|object|array|boolean)\b/g, ' ')
    .replace(/\b(address|employer|resident|schemes|retirement|recordId)\b/g, ' ')
    .match(/[A-Za-z]{2,}/g) ?? [];

describe('exceptions\' messages', () => {
  it('hold the same records for the same reasons in both languages, the Chinese ones in Chinese', async () => {
    const en = await messages('en');
    const zh = await messages('zh-CN');
    expect(zh.map(({ line, reason }) => [line, reason])).toEqual(en.map(({ line, reason }) => [line, reason]));
    const reasons = new Set(en.map((e) => e.reason));
    for (const r of ['PARSE_ERROR', 'MISSING_FIELD', 'INVALID_FIELD', 'INVALID_SSN', 'SSN_MISMATCH', 'INVALID_POSTCODE', 'INVALID_AMOUNT', 'ACCOUNT_MISMATCH', 'MINOR_WITHOUT_GUARDIAN', 'DUPLICATE_SSN', 'DUPLICATE_RECORD_ID'])
      expect([r, reasons.has(r)]).toEqual([r, true]);
    zh.forEach((z, i) => {
      expect([z.message, /[\u4e00-\u9fff]/.test(z.message)]).toEqual([z.message, true]);
      expect([z.message, englishLeft(z.message)]).toEqual([z.message, []]);
      expect(en[i]!.message.replace(/[\u4e00-\u9fff]+(?=[,\s])/g, '')).not.toMatch(/[\u4e00-\u9fff]/); // province names stay Chinese
    });
    // the English texts as before (operators' scripts may grep them)
    expect(en.map((e) => e.message)).toEqual(
      expect.arrayContaining(['line is not a JSON object', 'address is required (only a minor’s guardian may receive the statement instead)', 'person.ssn check character is wrong']),
    );
  });

  it('are in Chinese in a run started with --lang zh-CN (the validation threads take the language too)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-exc-zh-'));
    try {
      const root = path.join(__dirname, '../..');
      const env = { ...process.env, SIPRINT_VERIFY_KEY: 'exceptions-zh-test-key-0123456789', REDIS_URL: '', LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '' };
      const siprint = (args: string[]) => spawnSync('node', [path.join(root, 'bin/siprint.js'), ...args], { cwd: root, env, encoding: 'utf8' });
      const extract = path.join(dir, 'x.jsonl');
      expect(siprint(['generate', '--count', '60', '--year', '2025', '--seed', 'exc-zh', '--faults', '0.4', '--out', extract]).status).toBe(0);
      const r = siprint(['--lang', 'zh-CN', 'run', '--extract', extract, '--year', '2025', '--out', dir, '--run-id', 'zh', '--ticket', path.join(root, 'jobs/annual-2025.json')]);
      expect([r.status, r.stderr.split('\n').filter((l) => /error|错误/i.test(l))]).toEqual([0, []]);
      const lines = readFileSync(path.join(dir, 'zh', 'exceptions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { reason: string; message: string });
      expect(lines.length).toBeGreaterThan(5);
      for (const l of lines) expect([l.reason, l.message, /[\u4e00-\u9fff]/.test(l.message)]).toEqual([l.reason, l.message, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
