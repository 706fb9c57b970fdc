import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../domain/errors';
import { loadTicket, resolveRunConfig } from '../pipeline/config';
import { writeFileAtomic, writeJsonAtomic } from '../run-dir/atomic';
import { chinaDate, yearEnded } from '../domain/dates';
import { t } from '../i18n';
import { lazy } from './lazy';

interface ProofOptions {
  extract?: string;
  year?: string;
  out?: string;
  ticket?: string;
  encoding?: string;
  postagePermit?: string;
}

/** `siprint proof`: a few pieces covering every layout and edge of the extract, each statement then its envelope. */
export function registerProof(program: Command): void {
  program
    .command('proof')
    .description('render a proof PDF of a few pieces chosen to cover every layout and edge of the extract (each batch, a guardian envelope, the longest statement, name and address, benefits, a rare character)')
    .option('--extract <file>', 'the year-end extract (.jsonl, .csv, optionally .gz)')
    .option('--year <yyyy>', 'the business year')
    .requiredOption('--out <dir>', 'where proof-<extract>-<year>.pdf (and its .json list) go')
    .option('--ticket <file>', 'the job ticket of the run to come (mode, schemes, layouts, print date, permit)')
    .option('--encoding <enc>', 'utf8 or gb18030')
    .option('--postage-permit <text>', 'the postage permit printed on the envelopes after 邮资已付 (default: "postagePermit" in the ticket)')
    .action(async (o: ProofOptions) => {
      const year = o.year === undefined ? undefined : /^\d{4}$/.test(o.year) ? Number(o.year) : NaN;
      if (Number.isNaN(year)) throw new UsageError(t('proof.badYear', { year: String(o.year) }));
      const enc = o.encoding?.toLowerCase().replace('-', '');
      if (enc !== undefined && enc !== 'utf8' && enc !== 'gb18030') throw new UsageError(t('err.encoding', { value: String(o.encoding) }));
      const c = resolveRunConfig({
        ...(o.ticket ? { ticket: loadTicket(o.ticket) } : {}),
        ...(o.extract ? { extract: o.extract } : {}),
        ...(year !== undefined ? { year } : {}),
        ...(enc ? { encoding: enc } : {}),
        ...(o.postagePermit !== undefined ? { postagePermit: o.postagePermit } : {}),
        purpose: 'proof',
      });
      // a proof may look at a year still open, or without the permit: it says so, the run will refuse
      const now = new Date();
      if (!yearEnded(c.year, now)) process.stderr.write(`siprint: ${t('input.yearOpenNote', { year: c.year, today: chinaDate(now) })}\n`);
      if (c.postagePermit === '') process.stderr.write(`siprint: ${t('input.proofNoPermit')}\n`);
      if (!existsSync(c.extract)) throw new UsageError(t('err.noExtract', { file: c.extract }));
      const r = await lazy.proof().buildProof({
        extract: c.extract,
        year: c.year,
        encoding: c.encoding,
        mode: c.mode,
        ...(c.schemes ? { schemes: c.schemes } : {}),
        ...(c.assetsRoot ? { assetsRoot: c.assetsRoot } : {}),
        verificationKey: c.verificationKey,
        printDate: c.printDate,
        postagePermit: c.postagePermit,
        ...(c.verifyBaseUrl ? { verifyBaseUrl: c.verifyBaseUrl } : {}),
        ...(c.distribution ? { distribution: c.distribution } : {}),
        lang: c.lang,
      });
      if (!r.selection.picks.length) throw new UsageError(t('proof.nothing', { extract: c.extract, records: r.records }));
      const base = path.join(path.resolve(o.out ?? '.'), `proof-${path.basename(c.extract).replace(/\.(jsonl|ndjson|csv|json)(\.gz)?$/i, '')}-${c.year}`);
      // the PDF shows real people's statements: owner-only, like the run directory
      await writeFileAtomic(`${base}.pdf`, r.pdf, 0o600);
      await writeJsonAtomic(`${base}.json`, {
        extract: path.basename(c.extract),
        year: c.year,
        records: r.records,
        printable: r.printable,
        pages: r.pages,
        pieces: r.selection.picks.map((p, i) => ({ proofPiece: i + 1, batch: p.piece.batch, recordId: p.piece.record.recordId, line: p.piece.record.line, sheets: p.piece.sheets, covers: p.covers, edges: p.edges })),
        absent: r.selection.absent,
        absentEdges: r.selection.absentEdges,
      });
      const lines = r.selection.picks.map((p, i) => `${t('proof.piece', { n: i + 1, batch: p.piece.batch, recordId: p.piece.record.recordId, covers: p.covers.join('; ') })}\n`);
      process.stdout.write(`${t('proof.written', { file: `${base}.pdf`, pieces: r.selection.picks.length, pages: r.pages })}\n${lines.join('')}`);
      if (r.selection.absent.length) process.stdout.write(`${t('proof.notInExtract', { absent: r.selection.absent.join('; ') })}\n`);
    });
}
