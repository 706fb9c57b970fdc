import { Option, type Command } from 'commander';
import { UsageError } from '../domain/errors';
import { generateExtract } from '../generate/generate';
import { t } from '../i18n';
import { writeError } from '../run-dir/atomic';
import { parseYear } from './check';

/** x.jsonl, x.csv.gz → x.deceased.csv beside it. */
export const deceasedBeside = (out: string): string => `${out.replace(/\.(jsonl|ndjson|csv|json)?(\.gz)?$/i, '')}.deceased.csv`;

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a synthetic, realistic extract (same seed → same file) for demos, tests and benchmarks')
    .requiredOption('--count <n>', 'number of records')
    .requiredOption('--year <yyyy>', 'the business year')
    .requiredOption('--seed <s>', 'seed of the generator (any text)')
    .requiredOption('--out <file>', 'output file (a .gz name is gzipped)')
    .addOption(new Option('--format <fmt>', 'jsonl or csv (default: from --out, else jsonl)').choices(['jsonl', 'csv']))
    .addOption(new Option('--encoding <enc>', 'text encoding').choices(['utf8', 'gb18030']).default('utf8'))
    .option('--faults <rate>', 'share of records (0–1) that break one rule each, cycling through every reason code', '0')
    .option('--deceased-out <file>', 'with --faults: the deceased list naming some of the people (default: beside --out, <name>.deceased.csv)')
    .action(async (o: { count: string; year: string; seed: string; out: string; format?: 'jsonl' | 'csv'; encoding: 'utf8' | 'gb18030'; faults: string; deceasedOut?: string }) => {
      if (!/^\d{1,9}$/.test(o.count)) throw new UsageError(t('generate.badCount', { value: o.count }));
      const faults = Number(o.faults);
      if (!/^\d*\.?\d+$/.test(o.faults) || faults > 1) throw new UsageError(t('generate.badFaults', { value: o.faults }));
      const format = o.format ?? (/\.csv(\.gz)?$/i.test(o.out) ? 'csv' : 'jsonl');
      const deceasedOut = faults > 0 ? (o.deceasedOut ?? deceasedBeside(o.out)) : undefined;
      const year = parseYear(o.year);
      // a write error (a full disk) names no file of its own: name --out
      const stats = await generateExtract(o.out, { count: Number(o.count), year, seed: o.seed, format, encoding: o.encoding, faults, ...(deceasedOut ? { deceasedOut } : {}) }).catch((err: unknown) => {
        throw writeError(err, o.out);
      });
      const held = Object.entries(stats.faults).map(([k, v]) => `${k} ${v}`).join(', ');
      process.stdout.write(`${t('generate.done', { records: String(stats.records), format, encoding: o.encoding, file: o.out, held })}\n`);
      if (deceasedOut) process.stdout.write(`${t('generate.deceased', { n: stats.deceased, file: deceasedOut })}\n`);
    });
}
