/**
 * Redis connection settings shared by every BullMQ object we create.
 *
 * - `maxRetriesPerRequest: null`: BullMQ workers block on Redis; a command must wait through a
 *   reconnect instead of failing after 20 retries (BullMQ requires this for workers).
 * - `retryStrategy`: reconnect for ever, backing off to 2 s, so a restarted Redis is picked up again
 *   by workers and by `run --redis` without operator action.
 * - `enableReadyCheck: false`: do not wait for the loading check after a restart with a large dataset.
 */
import type { RedisOptions } from 'ioredis';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** `connectionName` shows in CLIENT LIST (ops can see, and tests can drop, exactly our connections). */
export function redisOptions(redisUrl: string, connectionName?: string): RedisOptions {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new UsageError(t('queue.notUrl', { url: redisUrl }));
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UsageError(t('queue.badScheme', { url: redisUrl }));
  }
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new UsageError(t('queue.badDb', { url: redisUrl, db: url.pathname.slice(1) }));
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    db,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    ...(connectionName ? { connectionName } : {}),
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

/** The URL without its password, for messages. */
export function safeUrl(redisUrl: string): string {
  try {
    const u = new URL(redisUrl);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return redisUrl;
  }
}
