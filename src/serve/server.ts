/**
 * `siprint serve --runs DIR`: what the QR on a statement leads to (docs/delivery.md §8).
 *   GET /v/<code>              the page (zh-CN, phone-sized, no script, strict CSP): 真实有效 / 未找到 404 / 410
 *   GET /api/v1/verify/<code>  the same as JSON
 *   GET /healthz               ok and the number of runs indexed (no personal data)
 *   GET /admin/runs            the runs and their index (basic auth when credentials are set)
 * Per-client rate limit (express-rate-limit) on the lookups; bound to 127.0.0.1 unless told, and then
 * only with SIPRINT_SERVE_USER / SIPRINT_SERVE_PASSWORD, which guard the admin routes only. The access
 * log (JSON lines) never holds a code in the clear, nor a client address: their salted hashes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { UsageError } from '../domain/errors';
import { basicAuth, credentials } from '../http/auth';
import { t, tIn } from '../i18n';
import { normalizeVerificationCode } from '../render/verification';
import { lookupCode, RunSet, type VerifyResult } from './lookup';
import { PAGE_CSP, verifyPage } from './page';

export interface ServeOptions {
  runs: string;
  port?: number;
  host?: string;
  /** lookups per client per minute (default 60) */
  ratePerMinute?: number;
  /** proxies in front to trust for the client's address (express "trust proxy" hops); default none */
  trustProxy?: number;
  env?: NodeJS.ProcessEnv;
  /** one JSON line per request (default: stdout) */
  accessLog?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const CODE_RE = /^[A-Z2-7]{16}$/;

export async function startServe(o: ServeOptions): Promise<RunningServer> {
  const env = o.env ?? process.env;
  const host = o.host ?? '127.0.0.1';
  const creds = credentials(env, 'SIPRINT_SERVE', host, 'serve');
  let runs: RunSet;
  try {
    runs = new RunSet(o.runs);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const salt = randomBytes(16);
  const hashed = (s: string) => createHash('sha256').update(salt).update(s).digest('hex').slice(0, 16);
  const log = o.accessLog ?? ((line: string) => process.stdout.write(`${line}\n`));

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  if (o.trustProxy) app.set('trust proxy', o.trustProxy);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const raw = /^\/(?:v|api\/v1\/verify)\/([^/?]*)/.exec(req.path)?.[1];
      const route = raw === undefined ? req.path.slice(0, 40) : req.path.startsWith('/v/') ? '/v/:code' : '/api/v1/verify/:code';
      log(
        JSON.stringify({
          time: new Date().toISOString(),
          method: req.method,
          route,
          ...(raw !== undefined ? { code: hashed(normalizeVerificationCode(decodeURIComponent(raw))) } : {}),
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          client: hashed(req.ip ?? ''),
        }),
      );
    });
    next();
  });

  const limiter = rateLimit({
    windowMs: 60_000,
    limit: o.ratePerMinute ?? 60,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      if (req.path.startsWith('/api/')) res.status(429).json({ status: 'rate_limited', message: tIn('zh-CN', 'verify.tooMany') });
      else page(res.status(429), 'limited', tIn('zh-CN', 'verify.tooMany'));
    },
  });

  const page = (res: Response, kind: 'limited' | 'bad', text: string) => {
    res.set('Content-Security-Policy', PAGE_CSP).type('html').send(verifyPage({ kind, text }));
  };
  const answer = (req: Request): { status: number; result: VerifyResult | undefined; given: string } => {
    const given = String(req.params.code ?? '');
    const code = normalizeVerificationCode(given);
    if (!CODE_RE.test(code)) return { status: 400, result: undefined, given };
    const result = lookupCode(runs.list(), code);
    return { status: result.status === 'valid' ? 200 : result.status === 'purged' ? 410 : 404, result, given };
  };
  app.use(['/v', '/api'], (_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' });
    next();
  });
  app.get('/v/:code', limiter, (req, res) => {
    const { status, result } = answer(req);
    if (!result) return page(res.status(400), 'bad', tIn('zh-CN', 'verify.badCodeText'));
    res.status(status).set('Content-Security-Policy', PAGE_CSP).type('html').send(verifyPage({ kind: 'result', result }));
  });
  app.get('/api/v1/verify/:code', limiter, (req, res) => {
    const { status, result } = answer(req);
    if (!result) return void res.status(400).json({ status: 'bad_code', message: tIn('en', 'verify.badCodeText') });
    res.status(status).json(result);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', runs: runs.list().length, unindexed: runs.unindexed.length });
  });
  const admin = express.Router();
  if (creds) admin.use(basicAuth(creds.user, creds.password, 'siprint serve'));
  admin.get('/runs', (_req, res) => {
    res.json({ runs: runs.list().map((r) => ({ runId: r.runId, year: r.stored.year, purgedOn: r.purgedOn() ?? null })), unindexed: runs.unindexed });
  });
  app.use('/admin', admin);
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });
  // one line, no stack: the page is public
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    void next;
    void err;
    res.status(500).type('text/plain').send('siprint serve: internal error\n');
  });

  const server: Server = await new Promise((resolve, reject) => {
    // Express 5 calls back with the listen error too (a port in use): only a listening server resolves
    const s = app.listen(o.port ?? 8080, host, (err?: Error) => (err ? undefined : resolve(s)));
    s.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new UsageError(t('http.portInUse', { service: 'serve', port: o.port ?? 8080, host })) : err));
  });
  server.keepAliveTimeout = 5_000;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    // SIGTERM: stop accepting, let the requests in flight finish (idle keep-alive sockets closed now), then close the indexes
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), 5_000);
        server.close(() => {
          clearTimeout(force);
          runs.close();
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
