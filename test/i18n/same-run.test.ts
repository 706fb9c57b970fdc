/**
 * One run, read in both languages: its end-of-run summary, `status`, report.html and its dashboard
 * page say the same numbers in English and in Chinese, with the glossary's words and no English
 * left on the Chinese screens (reason codes, paths and IDs excepted). The run is started with
 * --lang zh-CN, so run.json records zh-CN: report.html and later screens follow it unless --lang asks.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPage } from '../../src/dashboard/pages';
import { readRunState } from '../../src/pipeline/state';
import { collectReportInput } from '../../src/pipeline/run-report';
import { buildRunReport } from '../../src/report';

const root = path.join(__dirname, '../..');
const bin = path.join(root, 'bin/siprint.js');
const env = { ...process.env, SIPRINT_VERIFY_KEY: 'same-run-test-key-0123456789', REDIS_URL: '', LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '' };
const siprint = (args: string[]) => {
  const r = spawnSync('node', [bin, ...args], { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`siprint ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
};

/** Every number on a screen, in order (thousands separators dropped); paths and run IDs taken out first. */
const numbers = (s: string, cut: RegExp) => (s.replace(cut, ' ').match(/\d[\d,]*/g) ?? []).map((x) => x.replace(/,/g, ''));
/** English words left on a Chinese screen once codes, paths and IDs are taken out. */
const english = (s: string, cut: RegExp) =>
  s
    .replace(cut, ' ')
    .replace(/siprint [a-z]+( (or|或) [a-z]+)?|bull-board|[\w.-]+\/[\w.*/-]*|\b[a-z]+[A-Z]\w*\b/g, ' ') // commands, paths (globs too), JSON keys
    .replace(/\b[A-Z][A-Z0-9_]+\b|siprint|MB|UTC|[\w*-]+\.(zip|json|jsonl|log|html)\b/g, ' ')
    .match(/[A-Za-z]{3,}/g) ?? [];
const visible = (html: string) => html.replace(/<code>[^<]*<\/code>/g, ' ').replace(/<style>[\s\S]*?<\/style>|<[^>]+>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ');

describe('the same run in English and in Chinese', () => {
  let dir: string;
  let runDir: string;
  let cut: RegExp;
  let zhSummary: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-same-run-'));
    const extract = path.join(dir, 'x.jsonl');
    siprint(['generate', '--count', '120', '--year', '2025', '--seed', 'same-run', '--faults', '0.08', '--out', extract]);
    zhSummary = siprint(['--lang', 'zh-CN', 'run', '--extract', extract, '--year', '2025', '--out', dir, '--run-id', 'both', '--ticket', path.join(root, 'jobs/annual-2025.json')]);
    runDir = path.join(dir, 'both');
    cut = new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S*|both|\\b2025\\b|\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z`, 'g');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records the language in run.json', () => {
    expect(JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')).lang).toBe('zh-CN');
  });

  it('summary: the same counts, the glossary\'s words', () => {
    // a finished run resumed prints its summary again: here in English, asked with --lang
    const en = siprint(['--lang', 'en', 'run', '--resume', runDir]);
    expect(en).toMatch(/^run both \(annual 2025\) done/);
    expect(zhSummary).toMatch(/^批次 both（2025 年度）完成/);
    for (const w of ['已打印', '暂缓（留存）', '不寄送', '法定送达期限', '交付印刷厂', '2026年3月31日']) expect(zhSummary).toContain(w);
    const counts = (s: string) => numbers(s.split('\n')[1] ?? '', cut);
    expect(counts(zhSummary)).toEqual(counts(en));
    expect(english(zhSummary, cut)).toEqual([]);
  });

  it('status: the run\'s own language by default, English with --lang en', () => {
    const zh = siprint(['status', runDir]);
    const en = siprint(['--lang', 'en', 'status', runDir]);
    expect(zh).toMatch(/^批次 both（2025 年度）：已完成/);
    expect(en).toMatch(/^run both \(annual 2025\): done/);
    const line = (s: string, i: number) => numbers(s.split('\n')[i] ?? '', cut);
    for (const i of [1, 2, 3, 4]) expect(line(zh, i)).toEqual(line(en, i));
    expect(english(zh, cut)).toEqual([]);
  });

  it('report.html: in the run\'s language, the same figures as the English page', async () => {
    const zh = readFileSync(path.join(runDir, 'report.html'), 'utf8');
    const en = buildRunReport({ ...(await collectReportInput(runDir)), lang: 'en' });
    const figures = (html: string) => [...html.matchAll(/data-figure="([^"]+)">([^<]*)</g)].map((m) => `${m[1]}=${m[2]}`);
    expect(zh).toContain('<html lang="zh-CN">');
    expect(figures(zh)).toEqual(figures(en));
    expect(english(visible(zh), cut)).toEqual([]);
    expect(en).toContain('Every record accounted for');
  });

  it('dashboard page: the run\'s language, or the one asked', () => {
    const view = { runId: 'both', runDir, dir: readRunState(runDir) };
    const now = new Date('2026-03-01T02:00:00Z');
    const zh = runPage(view, now);
    const en = runPage(view, now, 'en');
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toMatch(/data-countdown="handoff">还有 15 天</);
    expect(en).toMatch(/data-countdown="handoff">15 days left</);
    const counts = (html: string) => numbers(/<p>([^<]*记录[^<]*|records [^<]*)<\/p>/.exec(html)?.[1] ?? '', cut);
    expect(counts(zh)).toEqual(counts(en));
    expect(counts(zh).length).toBe(6); // input, printed, electronic, held, suppressed, pieces
    expect(english(visible(zh), cut)).toEqual([]);
  });
});
