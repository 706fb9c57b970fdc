/**
 * The rule both HTTP services keep (the dashboard, `siprint serve`): bound to loopback unless told; bound
 * anywhere else only with basic-auth credentials (`<PREFIX>_USER` / `<PREFIX>_PASSWORD`, a password
 * of at least 8 characters), which then guard the routes the service says are its admin ones.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Basic auth, compared in constant time (hashes of equal length). */
export function basicAuth(user: string, password: string, realm: string) {
  const expected = digest(`${user}:${password}`);
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    const given = m?.[1] ? Buffer.from(m[1], 'base64').toString('utf8') : '';
    if (m && timingSafeEqual(digest(given), expected)) return next();
    res.set('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`).status(401).type('text/plain').send(`${realm}: credentials required\n`);
  };
}

/** The credentials from `<prefix>_USER` / `<prefix>_PASSWORD`, checked against the host (UsageError when the rule is broken). */
export function credentials(env: NodeJS.ProcessEnv, prefix: string, host: string, service: string): { user: string; password: string } | undefined {
  const user = env[`${prefix}_USER`] ?? '';
  const password = env[`${prefix}_PASSWORD`] ?? '';
  const auth = Boolean(user || password);
  if (auth && (!user || !password || password.length < 8)) {
    throw new UsageError(t('http.credentialsBoth', { service, prefix }));
  }
  if (!isLoopback(host) && !auth) {
    throw new UsageError(t('http.credentialsNeeded', { service, prefix, host }));
  }
  return auth ? { user, password } : undefined;
}
