/**
 * One SFTP session to the print house (ssh2-sftp-client over ssh2): the host key checked against the
 * known-hosts file before anything else, key authentication only, and every failure turned into one
 * line naming the host, the file and the cause — authentication refused, host key changed, disk full
 * on the host, permission denied, connection reset.
 */
import SftpClient from 'ssh2-sftp-client';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { hostKeyAccepted, hostKeyAlgorithms, knownKeysFor } from './known-hosts';
import type { SftpTarget } from './target';

/** SFTP status codes (draft-ietf-secsh-filexfer-02) that say something an operator can act on. */
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;
const FAILURE = 4;

/** An encrypted identity's passphrase comes from the environment, never the command line. */
export const PASSPHRASE_ENV = 'SIPRINT_SFTP_PASSPHRASE';

export interface RemoteStat {
  size: number;
  mtimeMs: number;
}

export class SftpSession {
  private readonly client = new SftpClient('siprint');
  private closed = false;
  private hostKeyRefused = false;

  private constructor(readonly target: SftpTarget) {}

  static async open(target: SftpTarget): Promise<SftpSession> {
    const keys = knownKeysFor(target.knownHostsFile, target.host, target.port);
    const hint = { host: target.host, port: target.port, file: target.knownHostsFile };
    if (!keys.some((k) => !k.revoked)) throw new UsageError(t('delivery.hostKeyUnknown', hint));
    const s = new SftpSession(target);
    s.client.on('close', () => (s.closed = true));
    s.client.on('end', () => (s.closed = true));
    try {
      await s.client.connect({
        host: target.host,
        port: target.port,
        username: target.user,
        privateKey: target.privateKey,
        ...(process.env[PASSPHRASE_ENV] ? { passphrase: process.env[PASSPHRASE_ENV] } : {}),
        algorithms: { serverHostKey: hostKeyAlgorithms(keys) as never },
        hostVerifier: (key: Buffer) => {
          const ok = hostKeyAccepted(keys, key);
          if (!ok) s.hostKeyRefused = true;
          return ok;
        },
        readyTimeout: 20_000,
        keepaliveInterval: 10_000,
        keepaliveCountMax: 3,
      });
    } catch (err) {
      await s.close();
      if (s.hostKeyRefused) throw new UsageError(t('delivery.hostKeyChanged', hint));
      throw s.failure(err, '');
    }
    return s;
  }

  private path(name: string): string {
    return this.target.dir === '/' ? `/${name}` : `${this.target.dir}/${name}`;
  }

  /** Size and modification time of `name` in the target directory, or undefined when absent. */
  async stat(name: string): Promise<RemoteStat | undefined> {
    try {
      const st = await this.client.stat(this.path(name));
      return { size: st.size, mtimeMs: st.modifyTime };
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
      throw this.failure(err, name);
    }
  }

  async read(name: string): Promise<Buffer | undefined> {
    if (!(await this.stat(name))) return undefined;
    try {
      return (await this.client.get(this.path(name))) as Buffer;
    } catch (err) {
      throw this.failure(err, name);
    }
  }

  /** Uploads `local` as `name` (parallel writes: what makes SFTP fast), reporting bytes sent. */
  async upload(local: string | Buffer, name: string, onBytes?: (sent: number) => void): Promise<void> {
    try {
      if (Buffer.isBuffer(local)) await this.client.put(local, this.path(name));
      else await this.client.fastPut(local, this.path(name), { step: (sent: number) => onBytes?.(sent) });
    } catch (err) {
      throw await this.writeFailure(err, name);
    }
  }

  /** Renames `from` to `to`, replacing `to` atomically (OpenSSH's posix-rename). */
  async rename(from: string, to: string): Promise<void> {
    try {
      await this.client.posixRename(this.path(from), this.path(to));
    } catch (err) {
      throw this.failure(err, to);
    }
  }

  async remove(name: string): Promise<void> {
    try {
      if (await this.stat(name)) await this.client.delete(this.path(name));
    } catch (err) {
      throw this.failure(err, name);
    }
  }

  /** The names in the target directory. */
  async list(): Promise<Set<string>> {
    try {
      return new Set((await this.client.list(this.target.dir)).map((e) => e.name));
    } catch (err) {
      throw this.failure(err, this.target.dir);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.client.end().catch(() => undefined);
    this.closed = true;
  }

  /** A write failed: a full disk says only "Failure" in SFTP, so the host's free space is asked. */
  private async writeFailure(err: unknown, name: string): Promise<Error> {
    if ((err as { code?: unknown }).code === FAILURE && !this.closed) {
      const free = await this.freeBytes().catch(() => undefined);
      if (free !== undefined && free < 1024 * 1024) {
        return new Error(t('delivery.diskFull', { host: this.target.host, file: this.path(name), free: Math.floor(free / 1024) }));
      }
    }
    return this.failure(err, name);
  }

  private freeBytes(): Promise<number> {
    type Statvfs = { f_bavail: number | bigint; f_frsize: number | bigint };
    const sftp = (this.client as unknown as { sftp: { ext_openssh_statvfs(p: string, cb: (e: Error | undefined, st: Statvfs) => void): void } }).sftp;
    return new Promise((resolve, reject) =>
      sftp.ext_openssh_statvfs(this.target.dir, (e, st) => (e ? reject(e) : resolve(Number(st.f_bavail) * Number(st.f_frsize)))),
    );
  }

  /** One line naming host, file and cause (exit 1: the host, not the operator's input). */
  failure(err: unknown, name: string): Error {
    const e = err as { code?: unknown; level?: unknown; message?: unknown };
    const host = this.target.host;
    const file = name ? this.path(name) : `${host}:${this.target.port}`;
    const raw = typeof e.message === 'string' ? e.message : String(err);
    if (e.level === 'client-authentication' || /authentication methods failed/i.test(raw)) {
      return new Error(t('delivery.authRefused', { host, user: this.target.user, identity: this.target.identityFile }));
    }
    if (e.code === PERMISSION_DENIED) return new Error(t('delivery.permissionDenied', { host, file, user: this.target.user }));
    if (e.code === NO_SUCH_FILE) return new Error(t('delivery.noSuchDir', { host, dir: this.target.dir }));
    if (e.code === 'ECONNREFUSED') return new Error(t('delivery.refused', { host, port: this.target.port }));
    if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return new Error(t('delivery.unknownHost', { host }));
    // a host that went away shows as a reset, or (Node 24) as EPIPE on the next write
    if (this.closed || e.code === 'ECONNRESET' || e.code === 'EPIPE' || /reset|closed|lost|not connected|no response|timed out|\bEPIPE\b/i.test(raw)) {
      return new Error(t('delivery.connectionReset', { host, file }));
    }
    return new Error(t('delivery.otherFailure', { host, file, cause: raw.replace(/\s+/g, ' ').slice(0, 200) }));
  }
}
