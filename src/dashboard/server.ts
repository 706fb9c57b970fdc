/**
 * `siprint dashboard`: the BullMQ queue through bull-board (/queues) plus one small page per run
 * (/runs/<runId>): progress per stage and the countdown to the hand-off date and the 31 March
 * deadline. Bound to 127.0.0.1 by default; bound anywhere else it refuses to start without basic-auth
 * credentials (SIPRINT_DASHBOARD_USER / SIPRINT_DASHBOARD_PASSWORD), and with credentials set every
 * route asks for them. Pages show IDs and counts only, never personal data.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { type NextFunction, type Request, type Response } from 'express';
import { basicAuth, credentials } from '../http/auth';
export { isLoopback } from '../http/auth';
import { UsageError } from '../domain/errors';
import { readRunState, type RunStatus } from '../pipeline/state';
import { runPaths } from '../run-dir/paths';
import { DEFAULT_PREFIX } from '../queue/jobs';
import { inspectRun, openQueue, type QueueRunStatus } from '../queue/run-via-queue';
import { parseLang, t, type Lang } from '../i18n';
import { runPage, runsPage, type RunView } from './pages';

/** `?lang=zh-CN` or `?lang=en`: a reader may ask for the other language. */
const langAsked = (q: unknown): Lang | undefined => (typeof q === 'string' ? parseLang(q) : undefined);

export interface DashboardOptions {
  redisUrl: string;
  port?: number;
  host?: string;
  prefix?: string;
  /** SIPRINT_DASHBOARD_USER / SIPRINT_DASHBOARD_PASSWORD are read from here (default process.env). */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

export interface RunningDashboard {
  url: string;
  port: number;
  host: string;
  auth: boolean;
  close(): Promise<void>;
}

/** The runs the queue knows (one ingest job each), newest first. */
async function queueRuns(queue: Queue): Promise<{ runId: string; runDir: string; submitted: number }[]> {
  const jobs = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'], 0, 500);
  const runs = new Map<string, { runId: string; runDir: string; submitted: number }>();
  for (const j of jobs) {
    if (j.name !== 'ingest' || !j.id) continue;
    const runDir = (j.data as { runDir?: unknown }).runDir;
    if (typeof runDir !== 'string') continue;
    const runId = j.id.split(':')[0] ?? '';
    runs.set(runId, { runId, runDir, submitted: j.timestamp });
  }
  return [...runs.values()].sort((a, b) => b.submitted - a.submitted);
}

function dirState(runDir: string): RunStatus | undefined {
  try {
    return existsSync(runPaths(runDir).config) ? readRunState(runDir) : undefined;
  } catch {
    return undefined; // a run directory this machine cannot read: the queue's view still shows
  }
}

export async function startDashboard(o: DashboardOptions): Promise<RunningDashboard> {
  const env = o.env ?? process.env;
  const host = o.host ?? '127.0.0.1';
  const creds = credentials(env, 'SIPRINT_DASHBOARD', host, 'dashboard');
  const auth = creds !== undefined;
  const now = o.now ?? (() => new Date());
  const prefix = o.prefix ?? DEFAULT_PREFIX;
  const queue = await openQueue(o.redisUrl, prefix, 'dashboard', 10_000);

  const app = express();
  app.disable('x-powered-by');
  if (creds) app.use(basicAuth(creds.user, creds.password, 'siprint dashboard'));

  const board = new ExpressAdapter();
  board.setBasePath('/queues');
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter: board, options: { uiConfig: { boardTitle: 'siprint' } } });
  // bull-board's page pulls its fonts from fonts.googleapis.com: an agency's operators must not
  // leak requests to a third party (and the request fails offline); serve its template without it
  const views = offlineBoardViews();
  board.setViewsPath(views);
  app.use('/queues', board.getRouter() as express.Router);

  const view = async (r: { runId: string; runDir: string }): Promise<RunView> => {
    let q: QueueRunStatus | undefined;
    try {
      q = await inspectRun(queue, r.runId);
    } catch {
      q = undefined;
    }
    return { runId: r.runId, runDir: r.runDir, queue: q, dir: dirState(r.runDir) };
  };

  app.get('/', async (req, res, next) => {
    try {
      const runs = await Promise.all((await queueRuns(queue)).slice(0, 50).map(view));
      const lang = langAsked(req.query.lang);
      res.type('html').send(lang ? runsPage(runs, now(), lang) : runsPage(runs, now()));
    } catch (err) {
      next(err);
    }
  });
  app.get('/runs/:runId', async (req, res, next) => {
    try {
      const wanted = String(req.params.runId);
      const json = wanted.endsWith('.json');
      const runId = json ? wanted.slice(0, -5) : wanted;
      const found = (await queueRuns(queue)).find((r) => r.runId === runId);
      if (!found) {
        res.status(404).type('text/plain').send(`${t('dash.noRun', { runId, prefix })}\n`);
        return;
      }
      const v = await view(found);
      if (json) res.json(v);
      else {
        const lang = langAsked(req.query.lang);
        res.type('html').send(lang ? runPage(v, now(), lang) : runPage(v, now()));
      }
    } catch (err) {
      next(err);
    }
  });
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok\n');
  });
  // one line, no stack: the page may be seen by people who need not see internals
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    void next;
    res.status(500).type('text/plain').send(`siprint dashboard: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)}\n`);
  });

  const server: Server = await new Promise((resolve, reject) => {
    // Express 5 calls back with the listen error too (a port in use): only a listening server resolves
    const s = app.listen(o.port ?? 3000, host, (err?: Error) => (err ? undefined : resolve(s)));
    s.once('error', (err: NodeJS.ErrnoException) => {
      void queue.close();
      reject(err.code === 'EADDRINUSE' ? new UsageError(t('http.portInUse', { service: 'dashboard', port: o.port ?? 3000, host })) : err);
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    host,
    auth,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await queue.close();
      rmSync(views, { recursive: true, force: true });
    },
  };
}

/** A copy of bull-board's index.ejs without the Google Fonts link (static files stay the package's). */
function offlineBoardViews(): string {
  const ui = path.dirname(require.resolve('@bull-board/ui/package.json'));
  const template = readFileSync(path.join(ui, 'dist', 'index.ejs'), 'utf8');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-board-'));
  writeFileSync(path.join(dir, 'index.ejs'), template.replace(/<link[^>]*fonts\.googleapis\.com[^>]*>\s*/g, ''));
  return dir;
}
