/**
 * A lock file taken by exclusive create (works on a directory shared between machines); a lock whose
 * holder died on this host is taken over. Used by `delivery/lock`, `tracking/lock` and the run lock (below).
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';

/** Returns the release, or the holder (`host pid`) when another process holds the lock. */
export async function lockFile(lock: string): Promise<{ release: () => Promise<void> } | { heldBy: string }> {
  await fsp.mkdir(path.dirname(lock), { recursive: true, mode: 0o700 });
  const me = `${os.hostname()} ${process.pid}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fsp.writeFile(lock, me, { flag: 'wx', mode: 0o600 });
      return { release: () => fsp.unlink(lock).catch(() => undefined) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await fsp.readFile(lock, 'utf8').catch(() => '');
    const [host, pid] = holder.split(' ');
    if (host !== os.hostname() || !pid || alive(Number(pid))) return { heldBy: holder || '?' };
    await fsp.unlink(lock).catch(() => undefined);
  }
  return { heldBy: '?' };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock of a run directory, held by the process working on it (`siprint run`, `run --resume`). */
export const RUN_LOCK = 'run.lock';

/**
 * Takes `<runDir>/run.lock` for the whole of a run or resume, so that a second one at once is refused
 * (exit 2, naming the holder) instead of doubling the audit log and the work. A crashed holder's lock
 * is taken over (lockFile).
 */
export async function lockRunDir(runDir: string, runId = path.basename(runDir)): Promise<{ release: () => Promise<void> }> {
  const got = await lockFile(path.join(runDir, RUN_LOCK));
  if ('heldBy' in got) {
    const [host, pid] = got.heldBy.split(' ');
    throw new UsageError(t('lock.runBusy', { runId, pid: pid ?? '?', host: host ?? '?', lock: path.join(runDir, RUN_LOCK) }));
  }
  return got;
}
