import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../domain/errors';
import { readAddressJson, readRequestList, RELATIONS, type Relation, type ReprintRequest } from '../reprint/requests';
import { t } from '../i18n';
import { lazy } from './lazy';

interface ReprintCliOptions {
  run: string;
  out: string;
  ssn?: string;
  reason?: string;
  requestedBy?: string;
  relation?: string;
  approvedBy?: string;
  addressJson?: string;
  list?: string;
  date?: string;
}

function requestsOf(o: ReprintCliOptions): ReprintRequest[] {
  if (o.list) {
    for (const k of ['ssn', 'reason', 'requestedBy', 'relation', 'approvedBy', 'addressJson'] as const)
      if (o[k] !== undefined) throw new UsageError(t('reprint.listAndFlag', { flag: `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` }));
    const { requests, problems } = readRequestList(o.list);
    if (problems.length) throw new (lazy.reprint().ReprintRefused)(problems);
    return requests;
  }
  const missing = (['ssn', 'reason', 'requestedBy', 'relation'] as const).filter((k) => o[k] === undefined);
  if (missing.length) throw new UsageError(t('reprint.needs', { flags: missing.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ') }));
  return [
    {
      where: '--ssn',
      ssn: o.ssn ?? '',
      reason: o.reason ?? '',
      requestedBy: o.requestedBy ?? '',
      relation: (o.relation ?? '') as Relation,
      ...(o.approvedBy !== undefined ? { approvedBy: o.approvedBy } : {}),
      ...(o.addressJson ? { address: readAddressJson(o.addressJson) } : {}),
    },
  ];
}

/** `siprint reprint`: prints the package path and its SHA-256; refusals are one line each, exit 2. */
export function registerReprint(program: Command): void {
  program
    .command('reprint')
    .description('re-render printed statements of a finished run (补打) into a package; non-self requests need a second operator\'s approval; every request is audited')
    .requiredOption('--run <dir>', 'the finished run directory (DIR/<runId>)')
    .requiredOption('--out <dir>', 'where to write the reprint package')
    .option('--ssn <ssn>', 'the insured person\'s 社会保障号码')
    .option('--reason <text>', 'why (e.g. 遗失, 地址变更)')
    .option('--requested-by <operator>', 'operator ID registering the request')
    .option('--relation <r>', `who asks: ${RELATIONS.join(', ')}`)
    .option('--approved-by <operator>', 'second operator approving (required unless --relation self)')
    .option('--address-json <file>', 'send the envelope to this address: {"postcode","province","city"?,"district"?,"line"}')
    .option('--list <file>', 'CSV of requests: ssn,reason,requestedBy,relation,approvedBy[,postcode,province,city,district,line]')
    .option('--date <yyyy-mm-dd>', 'reprint date printed in the mark (default: today, China time)')
    .action(async (o: ReprintCliOptions) => {
      try {
        const requests = requestsOf(o);
        const r = await lazy.reprint().reprint({ runDir: path.resolve(o.run), outDir: o.out, requests, ...(o.date ? { date: o.date } : {}) });
        for (const p of r.pieces) process.stdout.write(`${t('reprint.reprinted', { original: p.originalPieceId, pieceId: p.pieceId, recordId: p.recordId, ssnMasked: p.ssnMasked, role: p.recipientRole })}\n`);
        process.stdout.write(`${t('reprint.package', { file: r.file, sha256: r.sha256 })}\n`);
      } catch (err) {
        if (!(err instanceof lazy.reprint().ReprintRefused)) throw err;
        process.stderr.write(err.lines.map((l) => `siprint: ${l}\n`).join(''));
        process.exitCode = 2;
      }
    });
}
