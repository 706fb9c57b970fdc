/**
 * Job tickets (jobs/*.json) and the resolved run config. Precedence: command-line options, then the
 * ticket, then defaults. A bad ticket is an InputError (exit 2) naming the ticket and the field.
 *
 * The verification key (HMAC for the 校验码) is a secret: it is never written to the run directory.
 * run.json keeps only its key id (a salted SHA-256 prefix), so a resumed run or a queue worker on
 * another machine can prove it holds the same key (from SIPRINT_VERIFY_KEY or the ticket).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readJsonInput } from '../run-dir/json';
import { InputError, UsageError } from '../domain/errors';
import { SCHEME_NAMES, type Encoding } from '../domain/types';
import type { RunConfig, StoredRunConfig } from '../run-dir/run-config';
import { RUN_ID_RE } from '../run-dir/paths';
import { sha256 } from '../run-dir/hash';
import { defaultOperator, isNamedOperator, isOperatorId } from '../domain/operator';
import { loadPostcodeTable } from '../assets';
import { LANGS, postcodeMessage, runLang, t } from '../i18n';
import { chinaDate, isAfterYearEnd, yearEnded } from '../domain/dates';

/** The most byte ranges an ingest is cut into (ticket "ingestRanges" and --ingest-ranges alike). */
export const INGEST_RANGES_MAX = 4096;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');

/** A rate in per cent, 0–100, at most three decimals (2.625). */
const pct = z
  .number()
  .min(0)
  .max(100)
  .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, 'at most three decimals');

const agencySchema = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(1),
  address: z.string().min(1),
  postcode: z.string().regex(/^\d{6}$/, 'expected 6 digits'),
  phone: z.string().min(1),
});

/** `sftp://user@host[:port]/path`: a user, no password (key authentication only). */
const sftpUrl = z
  .string()
  .regex(/^sftp:\/\/[^:@/\s]+@[^@/\s]+(:\d{1,5})?\/\S*$/, 'expected sftp://user@host[:port]/path (key authentication: no password in the URL)');

const printHouseSchema = z.strictObject({
  sftp: z
    .strictObject({
      url: sftpUrl,
      /** The private key (relative to the ticket); never a password. */
      identityFile: z.string().min(1).optional(),
      knownHostsFile: z.string().min(1).optional(),
    })
    .optional(),
  ackWithinHours: z.number().positive().max(24 * 90).optional(),
  transitDays: z.number().int().min(0).max(60).optional(),
});

export const ticketSchema = z.strictObject({
  description: z.string().optional(),
  mode: z.enum(['annual', 'scheme', 'reprint']),
  year: z.number().int().min(2000).max(2100).optional(),
  /** Relative paths are relative to the ticket file. */
  extract: z.string().min(1).optional(),
  encoding: z.enum(['utf8', 'gb18030']).optional(),
  schemes: z.array(z.enum(SCHEME_NAMES)).min(1).optional(),
  printDate: isoDate.optional(),
  piecesPerFile: z.number().int().min(1).max(100000).optional(),
  /** A BullMQ run's ingest in this many byte ranges (default: one per 48 MB of extract). */
  ingestRanges: z.number().int().min(1).max(INGEST_RANGES_MAX).optional(),
  leadDays: z.number().int().min(0).max(89).optional(),
  postagePermit: z.string().min(1).max(80).refine((s) => s.trim() !== '', 'must not be blank').optional(),
  /** Armored OpenPGP public key, or a path (relative to the ticket) to a file holding one. */
  printHousePublicKey: z.string().min(1).optional(),
  /** Directory holding layouts/ and fonts/ (default: the package root). */
  assets: z.string().min(1).optional(),
  agency: agencySchema.optional(),
  verificationKey: z.string().min(16, 'at least 16 characters').optional(),
  requireApproval: z.boolean().optional(),
  printHouse: printHouseSchema.optional(),
  makeupApprovalPercent: z.number().min(0).max(100).optional(),
  /**
   * Where the QR leads: `<verifyBaseUrl>/v/<code>` (siprint serve behind it). At most 64 characters, so
   * the QR stays at version 5-M or less and still scans at the printed 22 mm at 150 dpi.
   */
  verifyBaseUrl: z
    .string()
    .max(64, 'at most 64 characters (the QR must stay small enough to scan)')
    .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$/, 'expected http(s)://host[:port][/path], no query, no fragment')
    .optional(),
  /** Contribution rates per scheme, in per cent (personal, employer): contributions off by more than 1 yuan a month are warned about. */
  rates: z.partialRecord(z.enum(SCHEME_NAMES), z.strictObject({ personal: pct.optional(), employer: pct.optional() })).optional(),
  /** The pension account's interest rate (记账利率), in per cent: interest off by more than 0.1 point is warned about. */
  interestRate: pct.optional(),
  /** The language of the run's report, proof and messages (zh-CN or en); --lang overrides it. */
  lang: z.enum(LANGS).optional(),
  /** Employee statements mailed home (default) or through their employers, in bundles (domain.md). */
  distribution: z.enum(['home', 'employer']).optional(),
});
export type Ticket = z.infer<typeof ticketSchema> & { file: string };

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return t('err.ticketUnknown', { keys: issue.keys.join('", "') });
  const field = issue.path.length ? issue.path.map(String).join('.') : t('err.topLevel');
  return t('err.ticketField', { field, problem: issue.message });
}

/** Reads and validates a ticket; relative paths in it are made absolute against its directory. */
export function loadTicket(file: string): Ticket {
  const raw = readJsonInput(file, 'ticket');
  const parsed = ticketSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InputError(t('err.ticket', { file, problem: first ? issueText(first) : t('err.invalid') }));
  }
  const dir = path.dirname(path.resolve(file));
  const ticket: Ticket = { ...parsed.data, file: path.resolve(file) };
  if (ticket.extract) ticket.extract = path.resolve(dir, ticket.extract);
  if (ticket.assets) ticket.assets = path.resolve(dir, ticket.assets);
  if (ticket.agency) {
    const problem = postcodeMessage(loadPostcodeTable(ticket.assets).table, 'agency.postcode', ticket.agency.postcode, ticket.agency.address, false);
    if (problem) throw new InputError(t('err.ticket', { file, problem: t('err.ticketField', { field: 'agency.postcode', problem }) }));
  }
  const sftp = ticket.printHouse?.sftp;
  if (sftp?.identityFile) sftp.identityFile = path.resolve(dir, sftp.identityFile);
  if (sftp?.knownHostsFile) sftp.knownHostsFile = path.resolve(dir, sftp.knownHostsFile);
  if (ticket.printHousePublicKey && !ticket.printHousePublicKey.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) {
    const keyFile = path.resolve(dir, ticket.printHousePublicKey);
    try {
      ticket.printHousePublicKey = readFileSync(keyFile, 'utf8');
    } catch {
      throw new InputError(t('err.ticket', { file, problem: t('err.ticketField', { field: 'printHousePublicKey', problem: t('err.keyUnreadable', { file: keyFile }) }) }));
    }
  }
  return ticket;
}

export type { RunConfig, StoredRunConfig } from '../run-dir/run-config';

export const DEFAULT_PIECES_PER_FILE = 5000;
export const DEFAULT_LEAD_DAYS = 15;

export function verificationKeyId(key: string): string {
  return sha256(`siprint-verification-key\u0000${key}`).slice(0, 16);
}

export interface RunOptionsInput {
  ticket?: Ticket;
  extract?: string;
  year?: number;
  runId?: string;
  encoding?: Encoding;
  operator?: string;
  /** --postage-permit: overrides the ticket's "postagePermit". */
  postagePermit?: string;
  /** --ingest-ranges, as typed: overrides the ticket's "ingestRanges" (same bounds). */
  ingestRanges?: string;
  /**
   * What the config is for: a run refuses a business year that has not ended and needs a postage
   * permit; a proof (a look at what the run will print) takes both as they are (the caller says so).
   */
  purpose?: 'run' | 'proof';
  /** Environment (SIPRINT_VERIFY_KEY); passed in so tests need not touch process.env. */
  env?: NodeJS.ProcessEnv;
  /** Today, for the default printDate and run ID. */
  now?: Date;
}

function compactStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** --ingest-ranges N: a whole number in the bounds the ticket's "ingestRanges" has. */
function ingestRangesOption(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > INGEST_RANGES_MAX) throw new UsageError(t('input.badIngestRanges', { value: v, max: INGEST_RANGES_MAX }));
  return n;
}

/** Ticket + options + defaults → RunConfig; every missing or bad value is a one-line UsageError. */
export function resolveRunConfig(input: RunOptionsInput): RunConfig {
  const ticket = input.ticket;
  const env = input.env ?? process.env;
  const now = input.now ?? new Date();
  if (ticket?.mode === 'reprint') {
    throw new UsageError(t('err.reprintTicket', { file: ticket.file }));
  }
  const mode = ticket?.mode ?? 'annual';
  const year = input.year ?? ticket?.year;
  if (year === undefined) throw new UsageError(t('err.noYear'));
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UsageError(t('err.badYear', { year: String(year) }));
  const purpose = input.purpose ?? 'run';
  // the year's figures are final only once it has ended: printing them earlier prints wrong paper
  if (purpose === 'run' && !yearEnded(year, now)) throw new UsageError(t('input.yearOpen', { year, today: chinaDate(now) }));
  const extract = input.extract ? path.resolve(input.extract) : ticket?.extract;
  if (!extract) throw new UsageError(t('err.noExtractGiven'));
  if (mode === 'scheme' && !ticket?.schemes) {
    throw new InputError(t('err.ticket', { file: ticket?.file ?? '', problem: t('err.ticketField', { field: 'schemes', problem: t('err.noSchemes') }) }));
  }
  const envKey = env.SIPRINT_VERIFY_KEY;
  const key = envKey && envKey.length > 0 ? envKey : ticket?.verificationKey;
  if (!key) throw new UsageError(t('err.noKey'));
  if (key.length < 16) throw new UsageError(t('err.keyShort'));
  if (ticket?.printDate && !isAfterYearEnd(ticket.printDate, year)) {
    throw new InputError(t('input.printDateInYear', { where: `ticket ${ticket.file}`, printDate: ticket.printDate, year }));
  }
  // today as the agency counts it: between 16:00 and 24:00 UTC the UTC date is still yesterday
  const printDate = ticket?.printDate ?? chinaDate(now);
  const postagePermit = input.postagePermit ?? ticket?.postagePermit ?? '';
  if (input.postagePermit !== undefined && (postagePermit.trim() === '' || postagePermit.length > 80)) throw new UsageError(t('input.badPermit', { value: postagePermit }));
  // without one the envelopes print 「邮资已付 许可证号」 and no number: the post refuses them
  if (purpose === 'run' && postagePermit === '') throw new UsageError(t('input.noPermit'));
  const runId = input.runId ?? `${year}-${mode}-${compactStamp(now)}`;
  if (!RUN_ID_RE.test(runId)) {
    throw new UsageError(t('err.badRunId', { runId }));
  }
  const config: RunConfig = {
    runId,
    year,
    mode,
    extract,
    encoding: input.encoding ?? ticket?.encoding ?? 'utf8',
    printDate,
    piecesPerFile: ticket?.piecesPerFile ?? DEFAULT_PIECES_PER_FILE,
    leadDays: ticket?.leadDays ?? DEFAULT_LEAD_DAYS,
    postagePermit,
    verificationKey: key,
    lang: runLang(ticket?.lang),
  };
  if (mode === 'scheme' && ticket?.schemes) config.schemes = ticket.schemes;
  if (input.ingestRanges !== undefined) config.ingestRanges = ingestRangesOption(input.ingestRanges);
  else if (ticket?.ingestRanges !== undefined) config.ingestRanges = ticket.ingestRanges;
  if (ticket?.printHousePublicKey) config.printHousePublicKey = ticket.printHousePublicKey;
  if (ticket?.requireApproval !== undefined) config.requireApproval = ticket.requireApproval;
  const operator = defaultOperator(input.operator, env);
  if (operator !== undefined && !isOperatorId(operator)) throw new UsageError(t('err.badOperator', { operator: JSON.stringify(operator), rule: t('operator.rule') }));
  if (config.requireApproval && !isNamedOperator(operator))
    throw new UsageError(t('err.approvalOperator', { file: ticket?.file ?? '', ...(operator !== undefined && { operator: String(operator) }) }));
  if (operator !== undefined) config.operator = operator;
  if (ticket?.assets) config.assetsRoot = ticket.assets;
  if (ticket?.agency) config.agency = ticket.agency;
  if (ticket) config.ticket = ticket.file;
  if (ticket?.printHouse) config.printHouse = ticket.printHouse;
  if (ticket?.makeupApprovalPercent !== undefined) config.makeupApprovalPercent = ticket.makeupApprovalPercent;
  if (ticket?.rates) config.rates = ticket.rates;
  if (ticket?.interestRate !== undefined) config.interestRate = ticket.interestRate;
  if (ticket?.verifyBaseUrl) config.verifyBaseUrl = ticket.verifyBaseUrl.replace(/\/+$/, '');
  // only when not the default: a run mailing home keeps the run.json it always had
  if (ticket?.distribution === 'employer') config.distribution = 'employer';
  return config;
}

export function toStored(config: RunConfig, dates: { deadline: string; handoffBy: string }): StoredRunConfig {
  const { verificationKey, ...rest } = config;
  return { format: 'siprint-run-config/1', ...rest, verificationKeyId: verificationKeyId(verificationKey), ...dates };
}

/**
 * The key for a stored run: explicit (in-process caller) → SIPRINT_VERIFY_KEY → the run's ticket.
 * Whatever the source, it must match the key id recorded when the run was created.
 */
export function resolveVerificationKey(stored: StoredRunConfig, explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const candidates: [string, string | undefined][] = [
    [t('err.keyFromCaller'), explicit],
    ['SIPRINT_VERIFY_KEY', env.SIPRINT_VERIFY_KEY || undefined],
  ];
  if (stored.ticket) {
    let fromTicket: string | undefined;
    try {
      fromTicket = (JSON.parse(readFileSync(stored.ticket, 'utf8').replace(/^\uFEFF/, '')) as { verificationKey?: string }).verificationKey;
    } catch {
      fromTicket = undefined;
    }
    candidates.push([t('err.keyFromTicket', { file: stored.ticket }), fromTicket]);
  }
  const first = candidates.find(([, k]) => k);
  if (!first?.[1]) {
    throw new UsageError(t('err.keyMissing', { runId: stored.runId, keyId: stored.verificationKeyId }));
  }
  if (verificationKeyId(first[1]) !== stored.verificationKeyId) {
    throw new UsageError(t('err.keyWrong', { runId: stored.runId, from: first[0], keyId: stored.verificationKeyId }));
  }
  return first[1];
}

/** Back from run.json to a RunConfig (for a resume), given the key that matches its key id. */
export function configFromStored(stored: StoredRunConfig, verificationKey: string): RunConfig {
  const { format: _f, verificationKeyId: _k, deadline: _d, handoffBy: _h, ...rest } = stored;
  return { ...rest, verificationKey };
}
