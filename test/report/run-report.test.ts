/**
 * report.html of a real run (real modules, in-process, ~60 records): its figures are the manifest's,
 * it holds no personal data, and it opens in headless chromium without errors or network requests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';

const root = path.join(__dirname, '../..');
const bin = path.join(root, 'bin/siprint.js');
const env = { ...process.env, SIPRINT_VERIFY_KEY: 'report-test-key-0123456789', REDIS_URL: '' };
const siprint = (args: string[]) => spawnSync('node', [bin, ...args], { cwd: root, env, encoding: 'utf8' });

interface Manifest {
  counts: { input: number; printed: number; electronic?: number; exceptions: number; suppressed: number; guardianAddressed: number; byBatch: Record<string, number> };
  packages: { pieces: number; statementPages: number; envelopePages: number }[];
}

/** What the manifest says, under the report's data-figure names. */
function expectedFigures(m: Manifest): Record<string, number> {
  const sum = (k: 'pieces' | 'statementPages' | 'envelopePages') => m.packages.reduce((n, p) => n + p[k], 0);
  const f: Record<string, number> = {
    'counts.input': m.counts.input,
    'counts.printed': m.counts.printed,
    'counts.electronic': m.counts.electronic ?? 0,
    'counts.exceptions': m.counts.exceptions,
    'counts.suppressed': m.counts.suppressed,
    'counts.guardianAddressed': m.counts.guardianAddressed,
    'packages.count': m.packages.length,
    'packages.pieces': sum('pieces'),
    'packages.statementPages': sum('statementPages'),
    'packages.envelopePages': sum('envelopePages'),
  };
  for (const [b, n] of Object.entries(m.counts.byBatch)) f[`counts.byBatch.${b}`] = n;
  m.packages.forEach((p, i) => Object.assign(f, { [`packages.${i}.pieces`]: p.pieces, [`packages.${i}.statementPages`]: p.statementPages, [`packages.${i}.envelopePages`]: p.envelopePages }));
  return f;
}

describe('report.html of a real run', () => {
  let tmp: string;
  let runDir: string;
  let extract: string;
  let manifest: Manifest;
  let html: string;

  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-report-'));
    extract = path.join(tmp, 'x.jsonl');
    expect(siprint(['generate', '--count', '60', '--year', '2025', '--seed', '11', '--out', extract]).status).toBe(0);
    // two records the run must hold: a bad postcode and a truncated line
    const lines = readFileSync(extract, 'utf8').trim().split('\n');
    const bad = JSON.parse(lines[1]!) as { recordId: string; address?: { postcode: string } };
    bad.recordId = 'BAD-POSTCODE';
    if (bad.address) bad.address.postcode = '012345';
    writeFileSync(extract, [...lines, JSON.stringify(bad), '{"recordId":"TRUNC","person":{"na'].join('\n') + '\n');
    const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', tmp, '--run-id', 'rep', '--ticket', path.join(root, 'jobs/annual-2025.json'), '--concurrency', '1']);
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    runDir = path.join(tmp, 'rep');
    manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as Manifest;
    html = readFileSync(path.join(runDir, 'report.html'), 'utf8');
  }, 120_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('states exactly the manifest figures', () => {
    const shown: Record<string, number> = {};
    for (const m of html.matchAll(/data-figure="([^"]+)">([\d,]+)</g)) shown[m[1]!] = Number(m[2]!.replace(/,/g, ''));
    expect(shown).toEqual(expectedFigures(manifest));
    expect(manifest.counts.exceptions).toBeGreaterThanOrEqual(2);
    expect(html).toContain('INVALID_POSTCODE');
    expect(html).toContain('BAD-POSTCODE');
  });

  it('counts pieces per province/city that add up to the pieces, and names no person', () => {
    const ingest = JSON.parse(readFileSync(path.join(runDir, 'state/ingest.json'), 'utf8')) as { counts: { pieces: number; byRegion: Record<string, number> } };
    expect(Object.values(ingest.counts.byRegion).reduce((a, b) => a + b, 0)).toBe(ingest.counts.pieces);
    let scanned = 0;
    for (const line of readFileSync(extract, 'utf8').trim().split('\n')) {
      let p: { name?: string; ssn?: string } | undefined;
      try {
        p = (JSON.parse(line) as { person?: { name?: string; ssn?: string } }).person;
      } catch {
        continue;
      }
      for (const v of [p?.name, p?.ssn]) {
        if (v && v.length >= 2) {
          expect(html).not.toContain(v);
          scanned += 1;
        }
      }
    }
    expect(scanned).toBeGreaterThan(100);
  });

  it('leaves a run that siprint verify still accepts', () => {
    const v = siprint(['verify', runDir]);
    expect(`${v.status} ${v.stdout}${v.stderr}`).toMatch(/^0 OK rep:/);
  });

  describe('in headless chromium', () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchChromium()), 60_000);
    afterAll(async () => browser?.close());

    it('opens without console errors or network requests and shows the manifest numbers', async () => {
      const page = await browser.newPage({ viewport: { width: 1040, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(`file://${path.join(runDir, 'report.html')}`);
      await page.waitForLoadState('load');
      expect(errors).toEqual([]);
      expect(requests).toEqual([`file://${path.join(runDir, 'report.html')}`]);
      const figs = page.locator('[data-figure]');
      const visible: Record<string, number> = {};
      for (let i = 0; i < (await figs.count()); i++) {
        visible[(await figs.nth(i).getAttribute('data-figure')) ?? ''] = Number((await figs.nth(i).innerText()).replace(/,/g, ''));
      }
      expect(visible).toEqual(expectedFigures(manifest));
      // every figure is on screen, not only in the markup
      expect(await page.locator('[data-figure="counts.printed"]').first().isVisible()).toBe(true);
      expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(5);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await page.close();
    }, 60_000);
  });
});
