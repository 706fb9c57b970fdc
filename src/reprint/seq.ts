/**
 * The run's reprint counter: `reprints/<seq>.json`, one file per reprinted piece, taken with an
 * exclusive create (O_CREAT|O_EXCL). Two reprints at once (two operators, two machines sharing the run
 * directory) can never get the same number; no lock to leave behind. The files hold no personal data.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';

export const REPRINTS_DIR = 'reprints';
const SEQ_FILE = /^(\d{6,})\.json$/;

async function highest(dir: string): Promise<number> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  let max = 0;
  for (const n of names) {
    const m = SEQ_FILE.exec(n);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/** Takes one new sequence number per item, in order (ascending; not necessarily contiguous under contention). */
export async function allocateReprintSeqs(runDir: string, items: { requestedBy: string; recordId: string; originalPieceId: string }[], now: Date = new Date()): Promise<number[]> {
  const dir = path.join(runDir, REPRINTS_DIR);
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  const out: number[] = [];
  let next = (await highest(dir)) + 1;
  for (const item of items) {
    for (;;) {
      const file = path.join(dir, `${String(next).padStart(6, '0')}.json`);
      try {
        const fh = await fsp.open(file, 'wx', 0o600);
        try {
          await fh.writeFile(`${JSON.stringify({ seq: next, time: now.toISOString(), ...item })}\n`);
          await fh.sync();
        } finally {
          await fh.close();
        }
        out.push(next++);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        next = Math.max(next + 1, (await highest(dir)) + 1);
      }
    }
  }
  return out;
}

/** Gives back numbers taken for a reprint that was not written (its piece IDs were never printed). */
export async function releaseReprintSeqs(runDir: string, seqs: number[]): Promise<void> {
  for (const n of seqs) await fsp.unlink(path.join(runDir, REPRINTS_DIR, `${String(n).padStart(6, '0')}.json`)).catch(() => undefined);
}
