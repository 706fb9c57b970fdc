/**
 * A lock file taken by exclusive create (works on a directory shared between machines); a lock whose
 * holder died on this host is taken over. Used by `delivery/lock` and `tracking/lock`.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
