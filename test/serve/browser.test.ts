/**
 * The way a citizen goes, in a real browser (playwright-core driving Debian's chromium): a run whose
 * ticket sets verifyBaseUrl to a `siprint serve` on a free port; the printed statement's QR, read back
 * with zbarimg from the page at 150 dpi, opens 「真实有效」 with the masked name; a changed code shows
 * 「未找到」. No script runs, nothing but the page loads, and the strict CSP lets its style through.
 * SIPRINT_DOCS_SCREENSHOTS=1 writes the two screenshots to docs/ (docs/verify-*.png).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { readZip } from '../../src/package/zip';
import { startServe, type RunningServer } from '../../src/serve';
import { describeWhen, freePort, type Missing } from '../prerequisites';
import { rasterize, zbar } from '../render/tools';
import { CHROMIUM, launchChromium } from '../report/browser';
import { cliEnv, siprint, tempDir } from '../reliability/helpers';

const missing: Missing =
  [...['pdftoppm', 'zbarimg'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0), ...(spawnSync('sh', ['-c', `test -x ${CHROMIUM}`]).status !== 0 ? [CHROMIUM] : [])].join(', ') || null;

describeWhen(missing, 'a statement\'s QR, opened in a browser', () => {
  let tmp: string;
  let server: RunningServer;
  let browser: Browser;
  let url: string;
  let owner: { name: string };

  beforeAll(async () => {
    tmp = tempDir('serve-browser');
    const port = await freePort();
    const extract = path.join(tmp, 'extract.jsonl');
    expect(siprint(['generate', '--count', '6', '--year', '2025', '--seed', 'qr-browser', '--out', extract]).status).toBe(0);
    const ticket = path.join(tmp, 'ticket.json');
    writeFileSync(ticket, JSON.stringify({ mode: 'annual', year: 2025, printDate: '2026-01-15', postagePermit: '京邮资许可证第2025-0107号', verifyBaseUrl: `http://127.0.0.1:${port}` }));
    const runs = path.join(tmp, 'runs');
    const r = siprint(['run', '--extract', extract, '--out', runs, '--run-id', 'QR1', '--concurrency', '1', '--ticket', ticket], cliEnv({ SIPRINT_VERIFY_KEY: 'browser-test-verification-key' }));
    expect([r.status, r.stderr]).toEqual([0, expect.stringContaining('run finalized')]);
    // the first statement of the first print package, as the print house prints it
    const runDir = path.join(runs, 'QR1');
    const pkg = readdirSync(path.join(runDir, 'print')).filter((f) => /^QR1-[ER]-p\d{3}\.zip$/.test(f)).sort()[0] ?? '';
    const pdf = path.join(tmp, 'statements.pdf');
    writeFileSync(pdf, readZip(readFileSync(path.join(runDir, 'print', pkg))).find((f) => f.name === 'statements.pdf')?.data ?? new Uint8Array());
    const read = zbar(rasterize(pdf, 1, 150));
    expect(read).toEqual([expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:${port}/v/[A-Z2-7]{16}$`))]);
    url = read[0] ?? '';
    const code = url.slice(-16);
    const archived = readdirSync(path.join(runDir, 'archive'))
      .filter((f) => f.endsWith('.jsonl.gz'))
      .flatMap((f) => gunzipSync(readFileSync(path.join(runDir, 'archive', f))).toString('utf8').trim().split('\n'))
      .map((l) => JSON.parse(l) as { verificationCode: string; record: { person: { name: string } } });
    owner = archived.find((a) => a.verificationCode === code)?.record.person ?? { name: '' };
    expect(owner.name).not.toBe('');
    server = await startServe({ runs, port, accessLog: () => undefined });
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const open = async (target: string, shot: string) => {
    const page = await browser.newPage({ viewport: { width: 390, height: 720 }, deviceScaleFactor: 2, isMobile: true, locale: 'zh-CN' });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (req) => requests.push(req.url()));
    const res = await page.goto(target);
    const text = await page.locator('main').innerText();
    const file = path.join(tmp, shot);
    await page.screenshot({ path: file, fullPage: true });
    if (process.env.SIPRINT_DOCS_SCREENSHOTS) copyFileSync(file, path.join(__dirname, '../../docs', shot));
    // the style is the page's own (its CSP hash), not blocked: the verdict is coloured
    const verdict = await page.evaluate<string>("getComputedStyle(document.querySelector('.verdict')).backgroundColor");
    await page.close();
    return { status: res?.status(), text, errors, requests, verdict };
  };

  it('the QR opens 「真实有效」 with the masked name', async () => {
    const r = await open(url, 'verify-zh-CN.png');
    expect(r.status).toBe(200);
    expect(r.text).toContain('真实有效');
    const chars = [...owner.name];
    expect(r.text).toContain(`${chars[0]}${'*'.repeat(chars.length - 1)}`);
    expect(r.text).not.toContain(owner.name);
    expect(r.errors).toEqual([]);
    expect(r.requests).toEqual([url]);
    expect(r.verdict).toBe('rgb(218, 251, 225)');
  }, 60_000);

  it('a changed code shows 「未找到」', async () => {
    const last = url.slice(-1);
    const r = await open(`${url.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`, 'verify-not-found-zh-CN.png');
    expect(r.status).toBe(404);
    expect(r.text).toContain('未找到');
    expect(r.text).not.toContain('真实有效');
    // the console names the 404 itself; nothing else (no CSP violation)
    expect(r.errors).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);
    expect(r.requests).toHaveLength(1);
    expect(r.verdict).toBe('rgb(255, 235, 233)');
  }, 60_000);
});
