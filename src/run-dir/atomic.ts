/**
 * Writes that readers see whole or not at all, even after a crash: a temporary file in the same
 * directory, fsync, rename over the target, fsync the directory. The directory is created (0700: a run
 * directory holds personal data, whatever the umask); a disk error becomes one line naming the file
 * and the fix.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fsp, writeSync } from 'node:fs';
import path from 'node:path';
import { t } from '../i18n';
import { crc32 } from './hash';
import { jsonText } from './json';

export async function writeFileAtomic(file: string, data: Uint8Array | string, mode = 0o644): Promise<void> {
  await inDirectory(file, () => replaceAtomically(file, mode, (fh) => fh.writeFile(data)));
}

/**
 * The same for content made in pieces: `produce` hands each chunk to `write` (synchronously, as the
 * renderer makes them), so the content is never held whole. Returns its SHA-256, size and CRC-32.
 */
export function writeChunksAtomic(file: string, produce: (write: (chunk: Uint8Array) => void) => unknown, mode = 0o644): Promise<{ sha256: string; bytes: number; crc32: number }> {
  return inDirectory(file, async () => {
    const hash = createHash('sha256');
    let bytes = 0;
    let crc = 0;
    await replaceAtomically(file, mode, async (fh) => {
      await produce((chunk) => {
        for (let done = 0; done < chunk.length; ) done += writeSync(fh.fd, chunk, done);
        hash.update(chunk);
        crc = crc32(chunk, crc);
        bytes += chunk.length;
      });
    });
    return { sha256: hash.digest('hex'), bytes, crc32: crc };
  });
}

export async function writeJsonAtomic(file: string, value: unknown, mode = 0o644): Promise<void> {
  await writeFileAtomic(file, jsonText(value), mode);
}

/**
 * `mkdir -p` whose error gives the real cause: a recursive mkdir reports some failures (a read-only
 * file system) as ENOENT, so the first missing directory is made on its own again to learn why.
 * Throws Node's error (with its code); callers name the file with `writeError`.
 */
export async function makeDirectory(dir: string, mode = 0o700): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true, mode });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    let first = path.resolve(dir);
    while (!existsSync(path.dirname(first)) && path.dirname(first) !== first) first = path.dirname(first);
    await fsp.mkdir(first, { mode });
    await fsp.mkdir(dir, { recursive: true, mode }); // that step alone worked: a directory removed meanwhile
  }
}

async function inDirectory<T>(file: string, write: () => Promise<T>): Promise<T> {
  try {
    await makeDirectory(path.dirname(file));
    return await write();
  } catch (err) {
    throw writeError(err, file);
  }
}

async function replaceAtomically(file: string, mode: number, fill: (fh: fsp.FileHandle) => Promise<void> | void): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await fsp.open(tmp, 'wx', mode);
  try {
    try {
      await fill(fh);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.unlink(tmp).catch(() => undefined);
    throw err;
  }
  // make the rename itself durable; some file systems refuse to open a directory: then there is nothing to sync
  const dh = await fsp.open(dir, 'r').catch(() => null);
  if (dh) {
    await dh.sync().catch(() => undefined);
    await dh.close();
  }
}

/**
 * The command the operator ran: a full disk's fix names it (resume the run, or run `siprint check`
 * again). Set by the CLI before the command acts; worker threads inherit it with the environment.
 */
export function setCommand(name: string): void {
  process.env.SIPRINT_COMMAND = name;
}

/** A disk error as one line naming the file and the fix (exit 1: not the operator's input). */
export function writeError(err: unknown, file: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const command = process.env.SIPRINT_COMMAND || undefined;
  const why: Record<string, () => string> = {
    ENOSPC: () => t('write.full', { command }),
    EDQUOT: () => t('write.quota', { command }),
    EACCES: () => t('write.denied'),
    EPERM: () => t('write.denied'),
    EROFS: () => t('write.readOnly'),
    // a file where a directory should be (e.g. --out names a file)
    ENOTDIR: () => t('write.notDir'),
    // mkdir of a directory where a file of that name is
    EEXIST: () => t('write.inTheWay'),
    ENOENT: () => t('write.noDir'),
  };
  const reason = code ? why[code]?.() : undefined;
  // duck-typed: errors from node's fs are not `instanceof Error` inside jest's sandbox
  if (!reason) return typeof err === 'object' && err !== null && 'message' in err ? (err as Error) : new Error(String(err));
  // the errno code stays on the tidy error: an audit line can record the cause without the message
  return Object.assign(new Error(t('write.cannot', { file, reason })), { code });
}
