import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { externalSort } from '../../src/pipeline/external-sort';

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

  type Item = { k: number; id: string };
  const cmp = (a: Item, b: Item) => a.k - b.k;
  // deterministic pseudo-random keys with many ties
  const items: Item[] = Array.from({ length: 1000 }, (_, i) => ({ k: (i * 7919) % 97, id: `r${i}` }));
  const expected = [...items].sort(cmp); // Array.prototype.sort is stable

  it('sorts in memory when everything fits in one chunk', async () => {
    expect(await collect(externalSort(from(items), cmp, { tmpDir: tmp, chunkSize: 5000 }))).toEqual(expected);
  });

  it('spills to chunks, cascades merges past fanIn, stays stable, and cleans up its files', async () => {
    const out = await collect(externalSort(from(items), cmp, { tmpDir: tmp, chunkSize: 7, fanIn: 3 }));
    expect(out).toEqual(expected);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('reads chunk files block by block: long lines and multi-byte characters across 64 KiB boundaries', async () => {
    // 3-byte characters and lines of 1–90 KB: lines and characters both straddle the read blocks
    type Big = { k: number; text: string };
    const big: Big[] = Array.from({ length: 60 }, (_, i) => ({ k: (i * 31) % 17, text: `${'社'.repeat(1 + ((i * 4099) % 30000))}${i}` }));
    const want = [...big].sort((a, b) => a.k - b.k);
    expect(await collect(externalSort(from(big), (a, b) => a.k - b.k, { tmpDir: tmp, chunkSize: 8 }))).toEqual(want);
  });

  it('handles an empty input', async () => {
    expect(await collect(externalSort(from<Item>([]), cmp, { tmpDir: tmp, chunkSize: 2 }))).toEqual([]);
  });
});
