/**
 * Fields that must agree with each other (docs/extract-format.md, INCONSISTENT_RECORD): each field is
 * valid on its own, but the statement would show a history that cannot be. Pure: the same verdict in
 * `check`, in `run`'s ingest and on its judge threads. The message names the rule and the fields,
 * never their values.
 */
import { SCHEME_NAMES, type InsuredRecord, type SchemeName, type SchemeRecord } from '../domain/types';
import { t } from '../i18n';

/** Months counted from year 0: 2025-01 → 24300 (a YYYY-MM or YYYY-MM-DD string). */
const monthIndex = (date: string): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/** What the record says in the v1.1 form (extract-format.md "Added in v1.1"), read before validation drops unknown fields. */
export interface V11Facts {
  /** The record has a `retirement` block. */
  retirement: boolean;
  /** The record carries any field added in v1.1: a retired pension without a `retirement` block is then a gap, not a v1 record. */
  v11: boolean;
}
export const V1_RECORD: V11Facts = { retirement: false, v11: false };

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/** The v1.1 facts of a raw (parsed, valid) record. */
export function v11FactsOf(raw: unknown): V11Facts {
  if (!isObj(raw)) return V1_RECORD;
  const retirement = given(raw.retirement);
  let v11 = retirement || given(raw.medicalAccount);
  const schemes = raw.schemes;
  if (!v11 && isObj(schemes)) {
    for (const sc of Object.values(schemes)) {
      if (isObj(sc) && (given(sc.backPayAmount) || given(sc.backPayMonths) || given(sc.deemedMonths))) v11 = true;
    }
  }
  return { retirement, v11 };
}

export interface Inconsistency {
  rule: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  message: string;
}

function schemesOf(r: InsuredRecord): [SchemeName, SchemeRecord][] {
  const out: [SchemeName, SchemeRecord][] = [];
  for (const s of SCHEME_NAMES) {
    const sc = r.schemes[s];
    if (sc) out.push([s, sc]);
  }
  return out;
}

function gridCounts(grid: string): { paid: number; arrears: number } {
  let paid = 0;
  let arrears = 0;
  for (const c of grid) {
    if (c === 'P' || c === 'T') paid++;
    else if (c === 'A') arrears++;
  }
  return { paid, arrears };
}

/**
 * The first of the seven rules the record breaks, or null: rules in the spec's order, schemes in
 * SCHEME_NAMES order within a rule. Months are whole calendar months: enrolling in the month of the
 * 16th birthday is allowed, the month before is not.
 */
export function inconsistencyOf(r: InsuredRecord, year: number, facts: V11Facts = V1_RECORD): Inconsistency | null {
  const yearEnd = year * 12 + 11;
  const schemes = schemesOf(r);
  const since = (sc: SchemeRecord) => monthIndex(sc.enrolledSince);
  for (const [s, sc] of schemes) if (since(sc) > yearEnd) return { rule: 1, message: t('rule.1', { s, year }) };
  const birth = monthIndex(r.person.birthDate);
  for (const [s, sc] of schemes) {
    // resident medical may start in the month of birth; every other scheme at 16
    if (r.kind === 'resident' && s === 'medical') {
      if (since(sc) < birth) return { rule: 2, message: t('rule.2.birth', { s }) };
    } else if (since(sc) < birth + 16 * 12) return { rule: 2, message: t('rule.2.age16', { s }) };
  }
  for (const [s, sc] of schemes) if (sc.cumulativeMonths > yearEnd - since(sc) + 1) return { rule: 3, message: t('rule.3', { s, year }) };
  for (const [s, sc] of schemes) if (sc.monthsThisYear > yearEnd - Math.max(year * 12, since(sc)) + 1) return { rule: 4, message: t('rule.4', { s, year }) };
  for (const [s, sc] of schemes) {
    const grid = r.months?.[s];
    if (grid === undefined) continue;
    const n = gridCounts(grid);
    if (n.paid !== sc.monthsThisYear) return { rule: 5, message: t('rule.5.paid', { s }) };
    if (n.arrears > sc.arrearsMonths) return { rule: 5, message: t('rule.5.arrears', { s }) };
  }
  const i = r.benefits.findIndex((b) => !r.schemes[b.scheme]);
  if (i >= 0) return { rule: 6, message: t('rule.6', { i, s: r.benefits[i]?.scheme ?? '' }) };
  const retired = r.schemes.pension?.status === 'retired';
  if (facts.retirement && !retired) return { rule: 7, message: t('rule.7.notRetired') };
  // a v1 extract has no retirement blocks at all: its retirees stay valid (extract-format.md v1.1)
  if (!facts.retirement && retired && r.kind === 'employee' && facts.v11) return { rule: 7, message: t('rule.7.noBlock') };
  return null;
}
