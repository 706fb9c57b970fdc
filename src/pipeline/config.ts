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
import { OPERATOR_RULE, defaultOperator, isNamedOperator, isOperatorId } from '../domain/operator';
import { loadPostcodeTable } from '../assets';
import { LANGS, postcodeMessage, runLang } from '../i18n';

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
  leadDays: z.number().int().min(0).max(89).optional(),
  postagePermit: z.string().min(1).max(80).optional(),
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
  if (issue.code === 'unrecognized_keys') return `unknown field "${issue.keys.join('", "')}"`;
  const field = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  return `field "${field}": ${issue.message}`;
}

/** Reads and validates a ticket; relative paths in it are made absolute against its directory. */
export function loadTicket(file: string): Ticket {
  const raw = readJsonInput(file, 'ticket');
  const parsed = ticketSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InputError(`ticket ${file}: ${first ? issueText(first) : 'invalid'}`);
  }
  const dir = path.dirname(path.resolve(file));
  const t: Ticket = { ...parsed.data, file: path.resolve(file) };
  if (t.extract) t.extract = path.resolve(dir, t.extract);
  if (t.assets) t.assets = path.resolve(dir, t.assets);
  if (t.agency) {
    const problem = postcodeMessage(loadPostcodeTable(t.assets).table, 'agency.postcode', t.agency.postcode, t.agency.address, false);
    if (problem) throw new InputError(`ticket ${file}: field "agency.postcode": ${problem}`);
  }
  const sftp = t.printHouse?.sftp;
  if (sftp?.identityFile) sftp.identityFile = path.resolve(dir, sftp.identityFile);
  if (sftp?.knownHostsFile) sftp.knownHostsFile = path.resolve(dir, sftp.knownHostsFile);
  if (t.printHousePublicKey && !t.printHousePublicKey.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) {
    const keyFile = path.resolve(dir, t.printHousePublicKey);
    try {
      t.printHousePublicKey = readFileSync(keyFile, 'utf8');
    } catch {
      throw new InputError(`ticket ${file}: field "printHousePublicKey": ${keyFile} cannot be read (give an armored key or a readable file)`);
    }
  }
  return t;
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
  /** Environment (SIPRINT_VERIFY_KEY); passed in so tests need not touch process.env. */
  env?: NodeJS.ProcessEnv;
  /** Today, for the default printDate and run ID. */
  now?: Date;
}

function compactStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Ticket + options + defaults → RunConfig; every missing or bad value is a one-line UsageError. */
export function resolveRunConfig(input: RunOptionsInput): RunConfig {
  const t = input.ticket;
  const env = input.env ?? process.env;
  const now = input.now ?? new Date();
  if (t?.mode === 'reprint') {
    throw new UsageError(`ticket ${t.file} is a reprint ticket: use \`siprint reprint\`, not \`siprint run\``);
  }
  const mode = t?.mode ?? 'annual';
  const year = input.year ?? t?.year;
  if (year === undefined) throw new UsageError('no year: give --year YYYY (or "year" in the ticket)');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UsageError(`--year ${year} is not a year between 2000 and 2100`);
  const extract = input.extract ? path.resolve(input.extract) : t?.extract;
  if (!extract) throw new UsageError('no extract: give --extract FILE (or "extract" in the ticket)');
  if (mode === 'scheme' && !t?.schemes) {
    throw new InputError(`ticket ${t?.file ?? ''}: field "schemes": a scheme-mode ticket must list its schemes`);
  }
  const envKey = env.SIPRINT_VERIFY_KEY;
  const key = envKey && envKey.length > 0 ? envKey : t?.verificationKey;
  if (!key) throw new UsageError('no verification key: set SIPRINT_VERIFY_KEY (or "verificationKey" in the ticket)');
  if (key.length < 16) throw new UsageError('SIPRINT_VERIFY_KEY is too short: use at least 16 characters');
  const printDate = t?.printDate ?? now.toISOString().slice(0, 10);
  const runId = input.runId ?? `${year}-${mode}-${compactStamp(now)}`;
  if (!RUN_ID_RE.test(runId)) {
    throw new UsageError(`--run-id "${runId}" is not a valid run ID (letters, digits, . _ -; at most 64; no leading dot)`);
  }
  const config: RunConfig = {
    runId,
    year,
    mode,
    extract,
    encoding: input.encoding ?? t?.encoding ?? 'utf8',
    printDate,
    piecesPerFile: t?.piecesPerFile ?? DEFAULT_PIECES_PER_FILE,
    leadDays: t?.leadDays ?? DEFAULT_LEAD_DAYS,
    postagePermit: t?.postagePermit ?? '',
    verificationKey: key,
    lang: runLang(t?.lang),
  };
  if (mode === 'scheme' && t?.schemes) config.schemes = t.schemes;
  if (t?.printHousePublicKey) config.printHousePublicKey = t.printHousePublicKey;
  if (t?.requireApproval !== undefined) config.requireApproval = t.requireApproval;
  const operator = defaultOperator(input.operator, env);
  if (operator !== undefined && !isOperatorId(operator)) throw new UsageError(`--operator ${JSON.stringify(operator)} is not an operator ID (${OPERATOR_RULE})`);
  if (config.requireApproval && !isNamedOperator(operator))
    throw new UsageError(
      `ticket ${t?.file ?? ''} sets requireApproval: give the operator who starts the run (--operator ID, or $USER)${operator === undefined ? '' : `, not ${String(operator)}, which names nobody`}; a second operator releases it`,
    );
  if (operator !== undefined) config.operator = operator;
  if (t?.assets) config.assetsRoot = t.assets;
  if (t?.agency) config.agency = t.agency;
  if (t) config.ticket = t.file;
  if (t?.printHouse) config.printHouse = t.printHouse;
  if (t?.makeupApprovalPercent !== undefined) config.makeupApprovalPercent = t.makeupApprovalPercent;
  if (t?.rates) config.rates = t.rates;
  if (t?.interestRate !== undefined) config.interestRate = t.interestRate;
  if (t?.verifyBaseUrl) config.verifyBaseUrl = t.verifyBaseUrl.replace(/\/+$/, '');
  // only when not the default: a run mailing home keeps the run.json it always had
  if (t?.distribution === 'employer') config.distribution = 'employer';
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
    ['the caller', explicit],
    ['SIPRINT_VERIFY_KEY', env.SIPRINT_VERIFY_KEY || undefined],
  ];
  if (stored.ticket) {
    let fromTicket: string | undefined;
    try {
      fromTicket = (JSON.parse(readFileSync(stored.ticket, 'utf8').replace(/^\uFEFF/, '')) as { verificationKey?: string }).verificationKey;
    } catch {
      fromTicket = undefined;
    }
    candidates.push([`ticket ${stored.ticket}`, fromTicket]);
  }
  const first = candidates.find(([, k]) => k);
  if (!first?.[1]) {
    throw new UsageError(`run ${stored.runId}: no verification key here: set SIPRINT_VERIFY_KEY to the key the run was started with (key id ${stored.verificationKeyId})`);
  }
  if (verificationKeyId(first[1]) !== stored.verificationKeyId) {
    throw new UsageError(`run ${stored.runId}: the verification key from ${first[0]} is not the run's key (key id ${stored.verificationKeyId}): set SIPRINT_VERIFY_KEY to the right key`);
  }
  return first[1];
}

/** Back from run.json to a RunConfig (for a resume), given the key that matches its key id. */
export function configFromStored(stored: StoredRunConfig, verificationKey: string): RunConfig {
  const { format: _f, verificationKeyId: _k, deadline: _d, handoffBy: _h, ...rest } = stored;
  return { ...rest, verificationKey };
}
