/** `siprint generate`: a synthetic, realistic extract; same options → same bytes. */
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import type { GenerateOptions, GenerateStats, Obj } from './types';
import { csvColumns, csvRow } from './csv';
import { RecordFactory, pad } from './records';
import { Rng } from './rng';

export { Rng } from './rng';
export { makeSsn } from './records';
export { csvColumns, csvRow } from './csv';

export type { GenerateOptions, GenerateStats } from './types';

/** Writes a synthetic extract; same options → same bytes. Streams, so memory stays flat at any count. */
export async function generateExtract(file: string, opts: GenerateOptions): Promise<GenerateStats> {
  const rng = new Rng(opts.seed);
  // issue 17's additions draw from a stream of their own: a seed keeps the people and faults it had
  const factory = new RecordFactory(rng, opts.year, opts.faults ?? 0, new Rng(`${opts.seed}\u0000v1.1`));
  const fileOut = createWriteStream(file);
  // `.gz` in the name: gzip on the way out (the reader detects gzip by its magic bytes)
  const out: Writable = file.endsWith('.gz') ? createGzip() : fileOut;
  if (out !== fileOut) out.pipe(fileOut);
  const failed = new Promise<never>((_, reject) => {
    out.on('error', reject);
    fileOut.on('error', reject);
  });
  failed.catch(() => undefined);
  const columns = csvColumns();
  const paths = columns.map((c) => c.split('.'));
  let chunk = opts.format === 'csv' ? `${columns.join(',')}\n` : '';
  const flush = async (): Promise<void> => {
    const ok = out.write(opts.encoding === 'gb18030' ? iconv.encode(chunk, 'gb18030') : chunk);
    chunk = '';
    if (!ok) await Promise.race([once(out, 'drain'), failed]);
  };
  // the dead are drawn from a stream of their own: the extract is the same with or without the list
  const dead = opts.deceasedOut && (opts.faults ?? 0) > 0 ? new DeceasedWriter(opts.deceasedOut, new Rng(`${opts.seed}/deceased`), opts.year, (opts.faults ?? 0) / 4) : null;
  for (let i = 0; i < opts.count; i++) {
    const rec = factory.next(i);
    if (dead && typeof rec !== 'string') await dead.maybe(rec);
    if (typeof rec === 'string') {
      // a PARSE_ERROR fault: JSONL gets a cut-off line; CSV a stray quote inside an unquoted cell
      chunk += opts.format === 'csv' ? `R${pad(i + 1, 8)},emp"loyee${',x'.repeat(columns.length - 2)}\n` : `${rec}\n`;
    } else chunk += `${opts.format === 'csv' ? csvRow(rec, paths) : JSON.stringify(rec)}\n`;
    factory.stats.records++;
    if (chunk.length > 1 << 20) await flush();
  }
  await flush();
  out.end();
  await Promise.race([once(fileOut, 'close'), failed]);
  if (dead) factory.stats.deceased = await dead.close();
  return factory.stats;
}

/** The deceased list beside a faulty extract: a share of its people, each dead on a day of the business year. */
class DeceasedWriter {
  private readonly out: Writable;
  private readonly failed: Promise<never>;
  private chunk = 'ssn,diedOn\n';
  private n = 0;
  constructor(
    file: string,
    private readonly rng: Rng,
    private readonly year: number,
    private readonly share: number,
  ) {
    this.out = createWriteStream(file);
    this.failed = new Promise<never>((_, reject) => this.out.on('error', reject));
    this.failed.catch(() => undefined);
  }
  async maybe(rec: Obj): Promise<void> {
    const ssn = (rec.person as Obj | undefined)?.ssn;
    if (typeof ssn !== 'string' || !this.rng.chance(this.share)) return;
    this.chunk += `${ssn},${this.year}-${pad(this.rng.int(1, 12), 2)}-${pad(this.rng.int(1, 28), 2)}\n`;
    this.n++;
    if (this.chunk.length > 1 << 16) await this.flush();
  }
  private async flush(): Promise<void> {
    const ok = this.out.write(this.chunk);
    this.chunk = '';
    if (!ok) await Promise.race([once(this.out, 'drain'), this.failed]);
  }
  async close(): Promise<number> {
    await this.flush();
    this.out.end();
    await Promise.race([once(this.out, 'close'), this.failed]);
    return this.n;
  }
}
