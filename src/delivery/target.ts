/**
 * Where a run's packages go: `--to sftp://user@host[:port]/path`, `--identity FILE`, `--known-hosts
 * FILE`, else the ticket's `printHouse.sftp` as run.json keeps it. Key authentication only: a URL
 * with a password is refused, and there is no option for one.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import type { PrintHouse } from '../run-dir/run-config';

export interface SftpTarget {
  user: string;
  host: string;
  port: number;
  /** The remote directory the packages go into (no trailing slash). */
  dir: string;
  identityFile: string;
  privateKey: Buffer;
  knownHostsFile: string;
  /** `sftp://user@host:port/dir`, for messages, logs and the audit (no secret in it). */
  url: string;
}

export interface TargetOptions {
  to?: string;
  identity?: string;
  knownHosts?: string;
}

export function parseSftpUrl(url: string, field: string): { user: string; host: string; port: number; dir: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(t('delivery.badUrl', { field, url }));
  }
  if (u.protocol !== 'sftp:' || !u.username || !u.hostname) throw new UsageError(t('delivery.badUrl', { field, url }));
  if (u.password) throw new UsageError(t('delivery.passwordInUrl', { field }));
  const port = u.port ? Number(u.port) : 22;
  const dir = decodeURIComponent(u.pathname).replace(/\/+$/, '') || '/';
  return { user: decodeURIComponent(u.username), host: u.hostname.replace(/^\[|\]$/g, ''), port, dir };
}

/** Options over the ticket; every missing or unreadable piece is exit 2 naming the option or field. */
export function resolveTarget(opts: TargetOptions, printHouse: PrintHouse | undefined): SftpTarget {
  const sftp = printHouse?.sftp;
  const url = opts.to ?? sftp?.url;
  if (!url) throw new UsageError(t('delivery.noTarget'));
  const where = parseSftpUrl(url, opts.to ? '--to' : t('delivery.ticketUrl'));
  const identityFile = opts.identity ? path.resolve(opts.identity) : sftp?.identityFile;
  if (!identityFile) throw new UsageError(t('delivery.noIdentity'));
  let privateKey: Buffer;
  try {
    privateKey = readFileSync(identityFile);
  } catch (err) {
    throw new UsageError(t('delivery.identityUnreadable', { file: identityFile, code: (err as NodeJS.ErrnoException).code ?? 'error' }));
  }
  if (!/PRIVATE KEY-----/.test(privateKey.toString('latin1', 0, 200))) throw new UsageError(t('delivery.identityNotKey', { file: identityFile }));
  const knownHostsFile = opts.knownHosts ? path.resolve(opts.knownHosts) : (sftp?.knownHostsFile ?? path.join(os.homedir(), '.ssh', 'known_hosts'));
  if (!existsSync(knownHostsFile)) throw new UsageError(t('delivery.knownHostsMissing', { file: knownHostsFile, host: where.host, port: where.port }));
  const hostPort = where.port === 22 ? where.host : `${where.host}:${where.port}`;
  return { ...where, identityFile, privateKey, knownHostsFile, url: `sftp://${where.user}@${hostPort}${where.dir === '/' ? '' : where.dir}` };
}
