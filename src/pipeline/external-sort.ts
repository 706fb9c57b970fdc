/**
 * External merge sort of keyed texts: how ingest presorts 10^6–10^8 pieces in bounded memory. Only the
 * keys are compared; a chunk file's line is the key, a TAB and the text, so reading one back splits
 * the line at its first TAB and parses nothing.
 *
 * Memory bound: phase 1 holds at most `chunkSize` items (sorted, then written to a temp chunk file);
 * the merge holds one read block (64 KiB) per open chunk — the texts are views of their block, which
 * stays while one of them is held (the part splitter copies each into its piece) — at most `fanIn`
 * chunks at once (more chunks are first merged in groups of `fanIn` into longer ones). With the
 * defaults (10,000 pieces of ~2–4 KB) that is ~50 MB whatever the extract's size.
 * Disk: the chunks take about the size of the sorted texts, in `tmpDir`.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';

export interface ExternalSortOptions {
  tmpDir: string;
  /** Items held in memory before a chunk is sorted and spilled (default 10,000). */
  chunkSize?: number;
  /** Chunk files merged at once (default 128: 1.28 million items in one merge at the default chunk size). */
  fanIn?: number;
}

/**
 * What the sort sorts: `key`, compared as a plain string (no TAB, no newline), and the `text` it
 * carries, UTF-8 (no newline byte): kept as the bytes it is read and written as, never decoded.
 */
export interface Keyed {
  key: string;
  text: Buffer;
}

/** Ties keep the order they came in (Array.prototype.sort is stable; the merge takes the earlier chunk first). */
function compare(a: Keyed, b: Keyed): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

const TAB = 0x09;
const NL = 0x0a;
const NEWLINE = Buffer.from('\n');

/** The lines of `items` as one buffer: key, TAB, text, newline each. */
function linesOf(items: readonly Keyed[]): Buffer {
  return Buffer.concat(items.flatMap((x) => [Buffer.from(`${x.key}\t`), x.text, NEWLINE]));
}

async function writeChunk(file: string, items: Keyed[]): Promise<void> {
  const fh = await fsp.open(file, 'w', 0o600);
  try {
    // write in slices so a chunk never becomes one giant buffer
    for (let i = 0; i < items.length; i += 256) await fh.write(linesOf(items.slice(i, i + 256)));
  } finally {
    await fh.close();
  }
}

/**
 * The items of a chunk file, one 64 KiB block read at a time: each text a view of its block (a new
 * block each read, so the views stay valid; a line across blocks is copied). (readline's async
 * iterator buffers up to 1,024 lines per open file: with 50 chunks of 3 KB lines that alone was 150 MB.)
 */
async function* readChunk(file: string): AsyncGenerator<Keyed> {
  const fh = await fsp.open(file, 'r');
  try {
    let rest = Buffer.alloc(0);
    for (;;) {
      const block = Buffer.allocUnsafe(64 * 1024);
      const { bytesRead } = await fh.read(block, 0, block.length, null);
      if (bytesRead === 0) break;
      const data = rest.length > 0 ? Buffer.concat([rest, block.subarray(0, bytesRead)]) : block.subarray(0, bytesRead);
      let start = 0;
      for (let end = data.indexOf(NL, start); end >= 0; end = data.indexOf(NL, start)) {
        if (end > start) yield keyedOf(data.subarray(start, end));
        start = end + 1;
      }
      rest = data.subarray(start);
    }
    if (rest.length > 0) yield keyedOf(rest);
  } finally {
    await fh.close();
  }
}

function keyedOf(line: Buffer): Keyed {
  const tab = line.indexOf(TAB);
  return { key: line.toString('utf8', 0, tab), text: line.subarray(tab + 1) };
}

/** A min-heap of chunk heads; ties keep the earlier chunk first, so the sort is stable. */
async function* mergeSources(sources: AsyncIterator<Keyed>[]): AsyncGenerator<Keyed> {
  const heap: { item: Keyed; src: number }[] = [];
  const less = (a: { item: Keyed; src: number }, b: { item: Keyed; src: number }) => {
    const c = compare(a.item, b.item);
    return c < 0 || (c === 0 && a.src < b.src);
  };
  const push = (node: { item: Keyed; src: number }) => {
    heap.push(node);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = (): { item: Keyed; src: number } => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  for (let s = 0; s < sources.length; s++) {
    const n = await sources[s]!.next();
    if (!n.done) push({ item: n.value, src: s });
  }
  while (heap.length > 0) {
    const { item, src } = pop();
    yield item;
    const n = await sources[src]!.next();
    if (!n.done) push({ item: n.value, src });
  }
}

/** Sorts `items` and writes them as one chunk file. */
async function spill(items: Keyed[], file: string): Promise<void> {
  items.sort(compare);
  await writeChunk(file, items);
}

/**
 * Phase 1 alone, for a sharded ingest's range job: the items as sorted runs of ≤ `chunkSize` in
 * `dir` (chunk-000000.jsonl, …), which `mergeSortedFiles` merges later, with every other range's.
 */
export async function writeSortedRuns(input: AsyncIterable<Keyed>, opts: { dir: string; chunkSize?: number }): Promise<string[]> {
  const chunkSize = opts.chunkSize ?? 10_000;
  const files: string[] = [];
  const next = () => path.join(opts.dir, `chunk-${String(files.length).padStart(6, '0')}.jsonl`);
  let buf: Keyed[] = [];
  for await (const item of input) {
    buf.push(item);
    if (buf.length >= chunkSize) {
      const f = next();
      await spill(buf, f);
      files.push(f);
      buf = [];
    }
  }
  if (buf.length > 0) {
    const f = next();
    await spill(buf, f);
    files.push(f);
  }
  return files;
}

/**
 * The merge of sorted chunk files, `fanIn` at a time (more are first merged in groups into longer
 * ones, in a temp dir of `tmpDir`). The given files are left as they are (a merge redone after a
 * crash reads them again); only the intermediate ones are removed.
 */
export async function* mergeSortedFiles(files: readonly string[], opts: { tmpDir: string; fanIn?: number }): AsyncGenerator<Keyed> {
  const fanIn = Math.max(2, opts.fanIn ?? 128);
  await fsp.mkdir(opts.tmpDir, { recursive: true });
  const dir = await fsp.mkdtemp(path.join(opts.tmpDir, 'merge-'));
  let serial = 0;
  const mine = new Set<string>();
  try {
    let chunks = [...files];
    while (chunks.length > fanIn) {
      const next: string[] = [];
      for (let i = 0; i < chunks.length; i += fanIn) {
        const group = chunks.slice(i, i + fanIn);
        const f = path.join(dir, `chunk-${String(serial++).padStart(6, '0')}.jsonl`);
        await mergeInto(f, group);
        await Promise.all(group.filter((g) => mine.has(g)).map((g) => fsp.rm(g, { force: true })));
        mine.add(f);
        next.push(f);
      }
      chunks = next;
    }
    yield* mergeSources(chunks.map((c) => readChunk(c)));
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

async function mergeInto(file: string, group: readonly string[]): Promise<void> {
  const fh = await fsp.open(file, 'w', 0o600);
  try {
    let items: Keyed[] = [];
    for await (const item of mergeSources(group.map((g) => readChunk(g)))) {
      items.push(item);
      if (items.length >= 256) {
        await fh.write(linesOf(items));
        items = [];
      }
    }
    if (items.length) await fh.write(linesOf(items));
  } finally {
    await fh.close();
  }
}

export async function* externalSort(input: AsyncIterable<Keyed>, opts: ExternalSortOptions): AsyncGenerator<Keyed> {
  const chunkSize = opts.chunkSize ?? 10_000;
  const fanIn = Math.max(2, opts.fanIn ?? 128);
  await fsp.mkdir(opts.tmpDir, { recursive: true });
  const dir = await fsp.mkdtemp(path.join(opts.tmpDir, 'sort-'));
  let serial = 0;
  const nextFile = () => path.join(dir, `chunk-${String(serial++).padStart(6, '0')}.jsonl`);
  try {
    let chunks: string[] = [];
    let buf: Keyed[] = [];
    for await (const item of input) {
      buf.push(item);
      if (buf.length >= chunkSize) {
        buf.sort(compare);
        const f = nextFile();
        await writeChunk(f, buf);
        chunks.push(f);
        buf = [];
      }
    }
    buf.sort(compare);
    if (chunks.length === 0) {
      // everything fit in one chunk: no disk at all
      yield* buf;
      return;
    }
    if (buf.length > 0) {
      const f = nextFile();
      await writeChunk(f, buf);
      chunks.push(f);
    }
    buf = [];
    // cascade: merge groups of fanIn chunks until one final merge can take them all
    while (chunks.length > fanIn) {
      const next: string[] = [];
      for (let i = 0; i < chunks.length; i += fanIn) {
        const group = chunks.slice(i, i + fanIn);
        const f = nextFile();
        await mergeInto(f, group);
        await Promise.all(group.map((g) => fsp.rm(g, { force: true })));
        next.push(f);
      }
      chunks = next;
    }
    yield* mergeSources(chunks.map((c) => readChunk(c)));
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
