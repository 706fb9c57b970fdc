/**
 * Reprint requests (补打): one from the command line, or a CSV list. Every request is checked on its
 * own (ssn, relation, operators, the four-eyes rule, the address) before anything is looked up, so a
 * list is refused as a whole with one line per bad row.
 */
import { postcodeMessage, t } from '../i18n';
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import type { Address } from '../domain/types';
import { ANY_ID_IN_TEXT, checkSsn } from '../domain/ssn';
import { readJsonInput } from '../run-dir/json';
import { approverProblem, isOperatorId } from '../domain/operator';
import { InputError } from '../domain/errors';
import { loadPostcodeTable } from '../assets';

export const RELATIONS = ['self', 'guardian', 'agent', 'employer'] as const;
export type Relation = (typeof RELATIONS)[number];

export interface ReprintRequest {
  /** Where the request came from, as the audit log records it: `--ssn` or `list.csv row 3`. */
  where: string;
  /** The row of a `--list` request, for messages in the operator's language. */
  row?: { file: string; row: number };
  ssn: string;
  reason: string;
  requestedBy: string;
  relation: Relation;
  approvedBy?: string;
  /** Send the envelope here instead of the archived address (the guardian's, for a minor). */
  address?: Address;
}

export const addressSchema = z.strictObject({
  postcode: z.string().regex(/^\d{6}$/, { error: () => t('reprint.postcodeDigits') }),
  province: z.string().trim().min(1),
  city: z.string().trim().min(1).optional(),
  district: z.string().trim().min(1).optional(),
  line: z.string().trim().min(1),
});

function addressProblem(value: unknown): { address?: Address; problem?: string } {
  const r = addressSchema.safeParse(value);
  if (r.success) {
    const a = r.data;
    const wrong = postcodeMessage(loadPostcodeTable().table, 'address.postcode', a.postcode, a.province);
    if (wrong) return { problem: wrong };
    return { address: { postcode: a.postcode, province: a.province, line: a.line, ...(a.city ? { city: a.city } : {}), ...(a.district ? { district: a.district } : {}) } };
  }
  const issue = r.error.issues[0];
  const field =
    issue?.code === 'unrecognized_keys' ? t('reprint.addressUnknownField', { keys: issue.keys.join('", "') }) : t('err.ticketField', { field: `address.${issue?.path.map(String).join('.') ?? ''}`, problem: issue?.message ?? t('err.invalid') });
  return { problem: field };
}

/** Where a request came from, in the operator's language (`list.csv row 3` / `list.csv 第 3 行`). */
export function placeOf(r: ReprintRequest): string {
  return r.row ? t('reprint.listRow', r.row) : r.where;
}

/**
 * The problems of one request (empty = fine to look up). The four-eyes rule of order 14: a request
 * for someone other than the insured person needs a second operator's approval.
 */
export function requestProblems(r: ReprintRequest): string[] {
  const out: string[] = [];
  const ssnCheck = checkSsn(r.ssn);
  if (!ssnCheck.ok) out.push(t('reprint.badSsn', ssnCheck));
  if (!(RELATIONS as readonly string[]).includes(r.relation)) out.push(t('reprint.badRelation', { relation: r.relation, relations: RELATIONS.join(', ') }));
  if (r.reason.trim() === '') out.push(t('reprint.noReason'));
  else if (r.reason.length > 200) out.push(t('reprint.longReason'));
  else if (ANY_ID_IN_TEXT.test(r.reason)) out.push(t('reprint.ssnInReason'));
  if (!isOperatorId(r.requestedBy)) out.push(t('reprint.badRequestedBy', { operator: r.requestedBy, rule: t('operator.rule') }));
  const approver = r.approvedBy === undefined ? undefined : approverProblem(r.approvedBy, r.requestedBy);
  if (approver === 'not-an-id') out.push(t('reprint.badApprovedBy', { operator: r.approvedBy ?? '', rule: t('operator.rule') }));
  else if (approver === 'nobody') out.push(t('reprint.approverNobody', { operator: r.approvedBy ?? '' }));
  if (r.relation !== 'self' && r.approvedBy === undefined) {
    out.push(t('reprint.needsApproval', { relation: r.relation }));
  } else if (approver === 'same') {
    out.push(t('reprint.approverSame', { operator: r.approvedBy ?? '' }));
  }
  return out;
}

/** Reads `--address-json FILE`. */
export function readAddressJson(file: string): Address {
  const raw = readJsonInput(file, '--address-json');
  const { address, problem } = addressProblem(raw);
  if (!address) throw new InputError(t('reprint.addressJson', { file, problem: problem ?? t('err.invalid') }));
  return address;
}

const LIST_COLUMNS = ['ssn', 'reason', 'requestedBy', 'relation', 'approvedBy'] as const;
const ADDRESS_COLUMNS = ['postcode', 'province', 'city', 'district', 'line'] as const;

/**
 * Reads a CSV list (UTF-8, header row): ssn,reason,requestedBy,relation,approvedBy and optionally
 * postcode,province,city,district,line for a new address. Returns the requests and, per bad row,
 * one problem line (`list.csv row 3: …`); the caller refuses the whole list when there is any.
 */
export function readRequestList(file: string): { requests: ReprintRequest[]; problems: string[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InputError(t('reprint.listUnreadable', { file, code: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(t('reprint.listNotUtf8', { file }));
  }
  let rows: string[][];
  try {
    const parsed: unknown = parseCsv(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
    rows = parsed as string[][];
  } catch (err) {
    throw new InputError(t('reprint.listNotCsv', { file, problem: err instanceof Error ? err.message : String(err) }));
  }
  const [header, ...body] = rows;
  const name = file.split(/[\\/]/).pop() ?? file;
  if (!header) throw new InputError(t('reprint.listEmpty', { file, columns: LIST_COLUMNS.join(',') }));
  const unknown = header.filter((h) => !(LIST_COLUMNS as readonly string[]).includes(h) && !(ADDRESS_COLUMNS as readonly string[]).includes(h));
  const missing = LIST_COLUMNS.filter((c) => c !== 'approvedBy' && !header.includes(c));
  if (unknown.length || missing.length) {
    throw new InputError(t('reprint.listHeader', { file, missing: missing.join(', '), unknown: unknown.join(', '), columns: [...LIST_COLUMNS, ...ADDRESS_COLUMNS].join(',') }));
  }
  if (body.length === 0) throw new InputError(t('reprint.listNoRows', { file }));
  const col = (row: string[], c: string): string => {
    const i = header.indexOf(c);
    return i >= 0 ? (row[i] ?? '') : '';
  };
  const requests: ReprintRequest[] = [];
  const problems: string[] = [];
  body.forEach((row, i) => {
    const where = `${name} row ${i + 2}`;
    const place = { file: name, row: i + 2 };
    // a value with an unquoted comma shifts every later column: never guess which cell was meant
    if (row.length !== header.length) {
      problems.push(`${t('reprint.listRow', place)}: ${t('reprint.listFields', { n: row.length, header: header.length })}`);
      return;
    }
    const approvedBy = col(row, 'approvedBy');
    const r: ReprintRequest = {
      where,
      row: place,
      ssn: col(row, 'ssn'),
      reason: col(row, 'reason'),
      requestedBy: col(row, 'requestedBy'),
      relation: col(row, 'relation') as Relation,
      ...(approvedBy ? { approvedBy } : {}),
    };
    const rowProblems = requestProblems(r);
    if (ADDRESS_COLUMNS.some((c) => col(row, c) !== '')) {
      const raw: Record<string, string> = {};
      for (const c of ADDRESS_COLUMNS) if (col(row, c) !== '') raw[c] = col(row, c);
      const { address, problem } = addressProblem(raw);
      if (address) r.address = address;
      else rowProblems.push(problem ?? t('reprint.addressInvalid'));
    }
    if (rowProblems.length) problems.push(`${placeOf(r)}: ${rowProblems.join('; ')}`);
    requests.push(r);
  });
  const seen = new Map<string, string>();
  for (const r of requests) {
    const first = seen.get(r.ssn);
    if (first) problems.push(`${placeOf(r)}: ${t('reprint.listSameSsn', { first })}`);
    else seen.set(r.ssn, placeOf(r));
  }
  return { requests, problems };
}
