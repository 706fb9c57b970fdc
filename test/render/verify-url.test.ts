/**
 * The ticket's `verifyBaseUrl` (docs/delivery.md §8): the QR encodes `<verifyBaseUrl>/v/<code>` and still
 * scans at the printed size — read back with zbarimg from the whole page at 300 and at 150 dpi, also
 * for the longest base URL a ticket may give. Without it the QR holds the printed code (pinned-run
 * test: the same bytes as before).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadRenderAssets } from '../../src/assets/load';
import { loadTicket, resolveRunConfig } from '../../src/pipeline/config';
import { createRenderer, formatVerificationCode, verificationCode, verifyUrl, type Renderer } from '../../src/render';
import { qrCode } from '../../src/render/barcodes';
import { employee, piece, resident } from '../fixtures/records';
import { checkable, type Missing } from '../prerequisites';
import { rasterize, tmpDir, writePdf, zbar } from './tools';

const toolsMissing: Missing = ['pdftoppm', 'zbarimg'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0).join(', ') || null;
const ctx = { runId: 'R2025-ANNUAL', year: 2025, printDate: '2026-01-15', verificationKey: 'test-key' };
const BASE = 'https://shebao.example.gov.cn/verify';
// the longest a ticket may give (64 characters)
const LONGEST = `https://verify.${'x'.repeat(64 - 'https://verify.'.length - '.gov.cn'.length)}.gov.cn`;

let renderer: Renderer;
let tmp: ReturnType<typeof tmpDir>;
beforeAll(() => {
  renderer = createRenderer(loadRenderAssets());
  tmp = tmpDir();
});
afterAll(() => tmp.done());

describe('the QR with a verifyBaseUrl', () => {
  const e = employee();
  const r = resident();

  it('leads to <verifyBaseUrl>/v/<code>, a QR of version 5 or less even for the longest base URL', () => {
    const code = verificationCode(e, 'E', 2025, 'test-key');
    expect(verifyUrl(`${BASE}/`, formatVerificationCode(code))).toBe(`${BASE}/v/${code}`);
    expect(LONGEST).toHaveLength(64);
    // version v is 17 + 4v modules wide: 22 mm / 37 modules ≈ 0.59 mm a module, 3.5 dots at 150 dpi
    expect(qrCode(verifyUrl(BASE, code)).width).toBeLessThanOrEqual(33);
    expect(qrCode(verifyUrl(LONGEST, code)).width).toBeLessThanOrEqual(37);
  });

  it.each([
    [BASE, 300],
    [BASE, 150],
    [LONGEST, 300],
    [LONGEST, 150],
  ])('scans from the printed page (%s at %i dpi)', (base, dpi) => {
    if (!checkable(toolsMissing, 'the QR read back at the printed size')) return;
    const pdf = writePdf(tmp.dir, `url-${base.length}-${dpi}.pdf`, renderer.renderStatements([piece(e, 'E', 1), piece(r, 'R', 2)], { ...ctx, verifyBaseUrl: base }));
    expect(zbar(rasterize(pdf, 1, dpi))).toEqual([`${base}/v/${verificationCode(e, 'E', 2025, 'test-key')}`]);
    expect(zbar(rasterize(pdf, 2, dpi))).toEqual([`${base}/v/${verificationCode(r, 'R', 2025, 'test-key')}`]);
  });

  it('without it, the QR holds the printed code, as before', () => {
    if (!checkable(toolsMissing, 'the QR read back at the printed size')) return;
    const pdf = writePdf(tmp.dir, 'plain.pdf', renderer.renderStatements([piece(e, 'E', 1)], ctx));
    expect(zbar(rasterize(pdf, 1, 150))).toEqual([formatVerificationCode(verificationCode(e, 'E', 2025, 'test-key'))]);
  });
});

describe('the ticket field verifyBaseUrl', () => {
  const ticket = (verifyBaseUrl: unknown): string => {
    const file = path.join(tmp.dir, `ticket-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ mode: 'annual', year: 2025, verifyBaseUrl }));
    return file;
  };

  it('goes into the run config without a trailing slash', () => {
    const c = resolveRunConfig({ ticket: loadTicket(ticket(`${BASE}/`)), extract: 'x.jsonl', env: { SIPRINT_VERIFY_KEY: 'k'.repeat(16) } });
    expect(c.verifyBaseUrl).toBe(BASE);
    expect(resolveRunConfig({ ticket: loadTicket(ticket(undefined)), extract: 'x.jsonl', env: { SIPRINT_VERIFY_KEY: 'k'.repeat(16) } }).verifyBaseUrl).toBeUndefined();
  });

  it.each([
    ['ftp://host/x', /field "verifyBaseUrl": expected http\(s\):\/\/host\[:port\]\[\/path\], no query, no fragment/],
    [`${BASE}?a=1`, /no query/],
    [`${BASE}#top`, /no fragment/],
    [`${LONGEST}/v`, /field "verifyBaseUrl": at most 64 characters/],
  ])('refuses %s in one line naming the field', (url, message) => {
    expect(() => loadTicket(ticket(url))).toThrow(message);
  });
});
