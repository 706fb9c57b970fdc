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

  it('handles an empty input', async () => {
    expect(await collect(externalSort(from<Item>([]), cmp, { tmpDir: tmp, chunkSize: 2 }))).toEqual([]);
  });
});
