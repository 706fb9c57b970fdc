import { InputError } from '../domain/errors';
import type { BatchCode, Piece } from '../domain/types';
import { addressText } from '../domain/address';

export const MAILING_CSV_HEADER = [
  'pieceId',
  'batch',
  'recordId',
  'recipientName',
  'recipientRole',
  'postcode',
  'address',
  'sheets',
] as const;
/** Runs distributing through employers add the piece's bundle (domain/bundle.ts; empty for a piece mailed home). */
export const BUNDLE_COLUMN = 'bundle';

/**
 * A spreadsheet treats a cell starting with = + - @ (or tab / CR, which some strip first) as a formula:
 * a leading apostrophe makes it text (OWASP "CSV injection"). The print house opens this file.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Undoes neutralizeCell (for readers such as `siprint verify`). */
export function unneutralizeCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
function quoteCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}


/**
 * The print house's mailing list: one row per piece in print order, UTF-8, CRLF line ends (RFC 4180).
 * Only what addressing needs: no ssn, no amounts. The recipient is the guardian for a minor. With
 * `bundles` (a run distributing through employers) a last column names each piece's bundle.
 */
export function mailingCsv(pieces: readonly Piece[], sheets: readonly number[], bundles?: readonly string[]): string {
  if (sheets.length !== pieces.length) throw new Error(`mailing.csv: ${sheets.length} sheet counts for ${pieces.length} pieces`);
  if (bundles && bundles.length !== pieces.length) throw new Error(`mailing.csv: ${bundles.length} bundle cells for ${pieces.length} pieces`);
  const rows: string[] = [[...MAILING_CSV_HEADER, ...(bundles ? [BUNDLE_COLUMN] : [])].join(',')];
  pieces.forEach((p, i) => {
    const cells = [
      p.pieceId,
      p.batch,
      p.record.recordId,
      p.recipient.name,
      p.recipient.role,
      p.recipient.address.postcode,
      addressText(p.recipient.address),
      String(sheets[i]),
      ...(bundles ? [bundles[i] ?? ''] : []),
    ];
    rows.push(cells.map((c) => quoteCell(neutralizeCell(c))).join(','));
  });
  return rows.join('\r\n') + '\r\n';
}

/** The mailing list of one part: every piece must be of that batch and part, with one sheet count (≥ 1) each. */
export function partMailingCsv(batch: BatchCode, part: number, pieces: readonly Piece[], sheets: readonly number[], bundles?: readonly string[]): string {
  const where = `package ${batch} part ${part}`;
  if (!Number.isInteger(part) || part < 1) throw new InputError(`${where}: part must be an integer ≥ 1`);
  if (pieces.length === 0) throw new InputError(`${where}: no pieces; a package holds at least one`);
  pieces.forEach((p, i) => {
    if (p.batch !== batch || p.part !== part) throw new InputError(`${where}: piece ${i + 1} (${p.pieceId}) belongs to ${p.batch} part ${p.part}; split the pieces per part first`);
  });
  if (sheets.length !== pieces.length || sheets.some((s) => !Number.isInteger(s) || s < 1))
    throw new InputError(`${where}: need one sheet count (a whole number ≥ 1) per piece, got ${sheets.length} for ${pieces.length} pieces`);
  return mailingCsv(pieces, sheets, bundles);
}
