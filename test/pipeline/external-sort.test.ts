import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { externalSort, mergeSortedFiles, writeSortedRuns, type Keyed } from '../../src/pipeline/external-sort';

async function* from<T>(xs: T[]): AsyncGenerator<T> {
  for (const x of xs) yield await Promise.resolve(x);
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('externalSort', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-sort-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  // keys with many ties (the texts tell equal keys apart: the order they came in must stay)
  const items: Keyed[] = Array.from({ length: 1000 }, (_, i) => ({ key: `k${(i * 7919) % 97}`, text: Buffer.from(`r${i}`) }));
  const expected = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); // Array.prototype.sort is stable

  it('sorts in memory when everything fits in one chunk', async () => {
    expect(await collect(externalSort(from(items), { tmpDir: tmp, chunkSize: 5000 }))).toEqual(expected);
  });

  it('spills to chunks, cascades merges past fanIn, stays stable, and cleans up its files', async () => {
    const out = await collect(externalSort(from(items), { tmpDir: tmp, chunkSize: 7, fanIn: 3 }));
    expect(out).toEqual(expected);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('reads chunk files block by block: long lines, multi-byte characters and TABs in the text across 64 KiB boundaries', async () => {
    // 3-byte characters and lines of 1–90 KB: lines and characters both straddle the read blocks
    const big: Keyed[] = Array.from({ length: 60 }, (_, i) => ({ key: `社${(i * 31) % 17}`, text: Buffer.from(`a\tb\t${'社'.repeat(1 + ((i * 4099) % 30000))}${i}`) }));
    const want = [...big].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    // as strings: jest compares Buffers byte by byte, slowly
    const texts = (xs: Keyed[]) => xs.map((x) => `${x.key}|${x.text.toString()}`);
    expect(texts(await collect(externalSort(from(big), { tmpDir: tmp, chunkSize: 8 })))).toEqual(texts(want));
  });

  it('writes sorted runs that mergeSortedFiles merges, earlier files first on equal keys, leaving the runs in place', async () => {
    const a = await writeSortedRuns(from(items.slice(0, 500)), { dir: tmp, chunkSize: 64 });
    const dir2 = path.join(tmp, 'second');
    mkdirSync(dir2);
    const b = await writeSortedRuns(from(items.slice(500)), { dir: dir2, chunkSize: 64 });
    expect(await collect(mergeSortedFiles([...a, ...b], { tmpDir: path.join(tmp, 'merge'), fanIn: 3 }))).toEqual(expected);
    expect(a.concat(b).every((f) => existsSync(f))).toBe(true);
    expect(readdirSync(path.join(tmp, 'merge'))).toEqual([]);
  });

  it('handles an empty input', async () => {
    expect(await collect(externalSort(from<Keyed>([]), { tmpDir: tmp, chunkSize: 2 }))).toEqual([]);
  });
});
