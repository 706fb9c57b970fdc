/** Generated records as CSV rows with dotted-path headers (docs/extract-format.md). */
import { SCHEME_NAMES } from '../domain/types';
import type { Json, Obj } from './types';

/** Every column a generated record can fill, as dotted paths (benefits: up to 3 items). */
export function csvColumns(): string[] {
  const cols = ['recordId', 'kind', 'delivery', 'person.name', 'person.ssn', 'person.gender', 'person.birthDate'];
  const addr = (p: string) => ['postcode', 'province', 'city', 'district', 'line'].map((f) => `${p}.${f}`);
  cols.push(...addr('address'), 'guardian.name', 'guardian.relation', 'guardian.phone', ...addr('guardian.address'));
  cols.push('employer.code', 'employer.name', ...addr('employer.address'), ...['code', 'name', 'address', 'postcode', 'phone'].map((f) => `agency.${f}`));
  for (const s of SCHEME_NAMES) {
    for (const f of ['enrolledSince', 'status', 'monthlyBase', 'employerContribution', 'personalContribution', 'monthsThisYear', 'cumulativeMonths', 'arrearsMonths', 'backPayAmount', 'backPayMonths'])
      cols.push(`schemes.${s}.${f}`);
  }
  cols.push('schemes.pension.deemedMonths');
  for (const s of SCHEME_NAMES) cols.push(`months.${s}`);
  cols.push(...['openingBalance', 'credited', 'interestOnOpening', 'interestOnCredited', 'paidOut', 'closingBalance'].map((f) => `pensionAccount.${f}`));
  cols.push(...['openingBalance', 'credited', 'interest', 'paidOut', 'closingBalance'].map((f) => `medicalAccount.${f}`));
  cols.push(...['retiredOn', 'monthlyPension', 'monthsPaid', 'adjustment'].map((f) => `retirement.${f}`));
  cols.push(...['tier', 'personal', 'collective', 'government', 'other'].map((f) => `resident.${f}`));
  for (let i = 0; i < 3; i++) cols.push(...['scheme', 'item', 'amount', 'months', 'days', 'grade'].map((f) => `benefits.${i}.${f}`));
  return cols;
}

function csvCell(v: Json | undefined): string {
  if (v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '';
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row in the order of `columns` (paths pre-split). */
export function csvRow(rec: Obj, paths: string[][]): string {
  const out: string[] = [];
  for (const p of paths) {
    let v: Json | undefined = rec;
    for (const k of p) {
      if (v === undefined || typeof v !== 'object') {
        v = undefined;
        break;
      }
      v = Array.isArray(v) ? v[Number(k)] : v[k];
    }
    out.push(csvCell(v));
  }
  return out.join(',');
}
