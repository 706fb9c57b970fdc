/**
 * `siprint dashboard` against the test Redis: answers on loopback, refuses a non-loopback bind
 * without credentials, asks for them on every route when bound to 0.0.0.0, and shows a run that is
 * going (queued, half rendered) with its progress and deadline countdown — in headless chromium too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import type { Browser } from 'playwright-core';
import { countdown } from '../../src/dashboard/pages';
import { isLoopback, startDashboard, type RunningDashboard } from '../../src/dashboard';
import { UsageError } from '../../src/domain/errors';
import { resolveRunConfig } from '../../src/pipeline/config';
import { ingestStage } from '../../src/pipeline/ingest';
import { initRun } from '../../src/pipeline/init';
import { renderPartStage } from '../../src/pipeline';
import { QUEUE_NAME, ingestJob } from '../../src/queue/jobs';
import { redisOptions } from '../../src/queue/connection';
import { KEY, writeExtract } from '../pipeline/fixture';
import { REDIS_URL, obliterate } from '../queue/helpers';
import { launchChromium } from '../report/browser';

const prefix = `siprint-dash-${process.pid}`;
const CREDS = { SIPRINT_DASHBOARD_USER: 'ops', SIPRINT_DASHBOARD_PASSWORD: 'correct horse battery' };
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('dashboard', () => {
  let tmp: string;
  let runDir: string;
  let parts: number;
  const open: RunningDashboard[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-dash-'));
    const extract = path.join(tmp, 'x.jsonl');
    await writeExtract(extract, 40);
    // a run that is going: ingested, one part of several rendered, its ingest job queued (no worker)
    const config = { ...resolveRunConfig({ year: 2025, extract, runId: 'live', postagePermit: '京邮资许可证第2025-0107号', env: { SIPRINT_VERIFY_KEY: KEY } }), piecesPerFile: 10 };
    runDir = await initRun(tmp, config, { resume: false });
    const ingest = await ingestStage(runDir, { verificationKey: KEY });
    parts = ingest.parts.length;
    await renderPartStage(runDir, ingest.parts[0]!.partId, { verificationKey: KEY });
    const queue = new Queue(QUEUE_NAME, { connection: redisOptions(REDIS_URL), prefix });
    const job = ingestJob(runDir, { attempts: 1, backoffMs: 1000 });
    await queue.add(job.name, job.data, job.opts);
    await queue.close();
  });
  afterEach(async () => {
    while (open.length) await open.pop()?.close();
  });
  afterAll(async () => {
    await obliterate(prefix);
    rmSync(tmp, { recursive: true, force: true });
  });

  const start = async (o: { host?: string; env?: NodeJS.ProcessEnv } = {}) => {
    const d = await startDashboard({ redisUrl: REDIS_URL, port: 0, prefix, env: {}, ...o });
    open.push(d);
    return d;
  };

  it('answers on loopback without auth: the runs, a run page, bull-board and its API', async () => {
    const d = await start();
    expect(d.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await fetch(d.url);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('href="/runs/live"');
    const page = await (await fetch(`${d.url}runs/live`)).text();
    expect(page).toContain('run live');
    expect(page).toContain(`1 / ${parts} (`);
    expect(page).toMatch(/hand-off to the print house · 2026-03-16/);
    const board = await fetch(`${d.url}queues`);
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('<title>siprint</title>');
    const api = (await (await fetch(`${d.url}queues/api/queues`)).json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(api.queues.find((q) => q.name === QUEUE_NAME)?.counts.waiting).toBe(1);
    const json = (await (await fetch(`${d.url}runs/live.json`)).json()) as { queue: { state: string }; dir: { parts: { rendered: number } } };
    expect(json).toMatchObject({ queue: { state: 'waiting' }, dir: { parts: { rendered: 1 } } });
    expect((await fetch(`${d.url}runs/nope`)).status).toBe(404);
  });

  it('refuses to bind beyond loopback without credentials (exit 2 from the CLI)', async () => {
    await expect(startDashboard({ redisUrl: REDIS_URL, port: 0, prefix, host: '0.0.0.0', env: {} })).rejects.toThrow(UsageError);
    await expect(startDashboard({ redisUrl: REDIS_URL, port: 0, prefix, host: '0.0.0.0', env: { SIPRINT_DASHBOARD_USER: 'ops' } })).rejects.toThrow(/both SIPRINT_DASHBOARD_USER and SIPRINT_DASHBOARD_PASSWORD/);
    const env = { ...process.env, SIPRINT_DASHBOARD_USER: '', SIPRINT_DASHBOARD_PASSWORD: '' };
    const r = spawnSync('node', [path.join(__dirname, '../../bin/siprint.js'), 'dashboard', '--redis', REDIS_URL, '--host', '0.0.0.0', '--port', '0'], { env, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^siprint: dashboard: --host 0\.0\.0\.0 is reachable from other machines/);
    expect(isLoopback('127.0.0.1') && isLoopback('::1') && !isLoopback('0.0.0.0') && !isLoopback('192.168.1.5')).toBe(true);
  });

  it('bound to 0.0.0.0 it asks for the credentials on every route', async () => {
    const d = await start({ host: '0.0.0.0', env: CREDS });
    expect(d.auth).toBe(true);
    const base = `http://127.0.0.1:${d.port}`;
    for (const route of ['/', '/runs/live', '/queues', '/queues/api/queues', '/healthz']) {
      const none = await fetch(base + route);
      expect([route, none.status]).toEqual([route, 401]);
      expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="siprint dashboard"/);
      expect((await fetch(base + route, { headers: { authorization: basic('ops', 'wrong password') } })).status).toBe(401);
      expect((await fetch(base + route, { headers: { authorization: basic('ops', CREDS.SIPRINT_DASHBOARD_PASSWORD) } })).status).toBe(200);
    }
  });

  it('counts down to the end of the China day of a deadline', () => {
    // 2026-03-16 24:00 in China = 2026-03-16T16:00Z
    expect(countdown('2026-03-16', new Date('2026-03-14T15:30:00Z')).text).toBe('2 d 00 h 30 min left');
    expect(countdown('2026-03-16', new Date('2026-03-17T16:00:00Z')).text).toBe('passed 1 d 00 h 00 min ago');
    expect(countdown('2026-03-16', new Date('2026-03-14T15:30:00Z'), 'zh-CN').text).toBe('还有 2 天 00 小时 30 分');
    // months gone: whole days, not hours and minutes
    expect(countdown('2026-03-16', new Date('2026-12-01T02:00:00Z')).text).toBe('259 days ago');
    expect(countdown('2026-03-16', new Date('2026-12-01T02:00:00Z'), 'zh-CN').text).toBe('已过期 259 天');
  });

  describe('in headless chromium', () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchChromium()), 60_000);
    afterAll(async () => browser?.close());

    it('shows the run that is going: progress and countdown, no console errors', async () => {
      const d = await start();
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      const elsewhere: string[] = [];
      page.on('request', (r) => !r.url().startsWith(d.url) && elsewhere.push(r.url()));
      await page.goto(`${d.url}runs/live`);
      expect(await page.locator('[data-progress="rendered"]').innerText()).toMatch(new RegExp(`^1 / ${parts} \\(\\d+%\\)$`));
      // to the minute within a week of the date, in whole days beyond
      expect(await page.locator('[data-countdown="deadline"]').innerText()).toMatch(/^(\d+ d \d\d h \d\d min left|passed \d+ d \d\d h \d\d min ago|[\d,]+ days (left|ago))$/);
      await page.goto(`${d.url}runs/live?lang=zh-CN`);
      expect(await page.locator('h1').innerText()).toMatch(/^批次 live · /);
      expect(await page.locator('[data-countdown="deadline"]').innerText()).toMatch(/^(还有|已过期) [\d,]+ 天( \d+ 小时 \d\d 分)?$/);
      await page.goto(`${d.url}queues`);
      await page.getByText(QUEUE_NAME, { exact: false }).first().waitFor({ timeout: 15_000 });
      expect(errors).toEqual([]);
      // nothing fetched from anywhere else (bull-board's Google Fonts link is taken out)
      expect(elsewhere).toEqual([]);
      await page.close();
    }, 60_000);
  });
});
