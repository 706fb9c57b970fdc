/**
 * The values a layout can bind: a flat, printable view of one record for one batch.
 * Layout templates read it as `{path}` or `{path|format}`; table rows are scopes of their own.
 * Nothing here "fixes" data: a missing value prints as an em dash.
 */
import { addressText } from '../domain/address';
import { formatDateCn, formatMoney, formatYearsMonths } from '../domain/format';
import type { BatchCode, Benefit, InsuredRecord, MonthCell, SchemeName, SchemeStatus } from '../domain/types';
import { SCHEME_NAMES } from '../domain/types';

export const MISSING = '—';

export const SCHEME_LABEL: Record<SchemeName, string> = {
  pension: '养老',
  medical: '医疗',
  unemployment: '失业',
  injury: '工伤',
  maternity: '生育',
};
export const SCHEME_TITLE: Record<SchemeName, string> = {
  pension: '养老保险',
  medical: '医疗保险',
  unemployment: '失业保险',
  injury: '工伤保险',
  maternity: '生育保险',
};
const STATUS: Record<SchemeStatus, string> = {
  contributing: '参保缴费',
  suspended: '暂停缴费',
  terminated: '终止参保',
  retired: '退休',
};
/** 伤残等级 as printed: 1 → 一级. */
const GRADE = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const CELL: Record<MonthCell, string> = { P: '●', A: '△', T: '○', '-': '–' };

/** The words a view prints besides the record's own data (electronic statements draw them from a shared subset). */
export const VIEW_WORDS: readonly string[] = [
  MISSING,
  ...Object.values(SCHEME_LABEL),
  ...Object.values(SCHEME_TITLE),
  ...Object.values(STATUS),
  ...GRADE,
  ...Object.values(CELL),
  '城镇职工',
  '城乡居民',
  '男女',
  '（伤残等级：级，天）',
  '年月日个',
];

export type Scope = { readonly [key: string]: unknown };

export function schemeOfBatch(batch: BatchCode): SchemeName | undefined {
  return batch.startsWith('S-') ? (batch.slice(2) as SchemeName) : undefined;
}

export interface DocValues {
  year: number;
  printDate?: string;
}

/** The record as the layouts see it, restricted to the batch's scheme for per-scheme statements. */
export function statementView(record: InsuredRecord, batch: BatchCode, doc: DocValues): Scope {
  const only = schemeOfBatch(batch);
  const names = SCHEME_NAMES.filter((s) => record.schemes[s] !== undefined && (only === undefined || s === only));
  const pension = record.schemes.pension;
  // a retiree's pension shows the 离退休待遇 block instead of its contribution row
  const retirement = record.kind === 'employee' && pension?.status === 'retired' && names.includes('pension') ? record.retirement : undefined;
  const schemes = names.filter((s) => !(retirement && s === 'pension')).map((s) => {
    const r = record.schemes[s];
    return {
      label: SCHEME_LABEL[s],
      status: r ? STATUS[r.status] : undefined,
      enrolledSince: r?.enrolledSince,
      monthlyBase: r?.monthlyBase,
      employerContribution: r?.employerContribution,
      personalContribution: r?.personalContribution,
      monthsThisYear: r?.monthsThisYear,
      cumulativeMonths: r?.cumulativeMonths,
      arrearsMonths: r?.arrearsMonths,
    };
  });
  const months = names
    .filter((s) => record.months?.[s] !== undefined)
    .map((s) => ({ label: SCHEME_LABEL[s], cells: [...(record.months?.[s] ?? '')].map((c) => CELL[c as MonthCell] ?? c) }));
  const inScope = (b: Benefit): boolean => only === undefined || b.scheme === only;
  const benefitRow = (b: Benefit) => ({ scheme: SCHEME_LABEL[b.scheme], item: b.item + benefitDetail(b), amount: b.amount, months: b.months });
  const benefits = record.benefits.filter(inScope);
  const showAccount = only === undefined || only === 'pension';
  const r = record.resident;
  const medical = record.schemes.medical;
  const backPay = names
    .filter((s) => (record.schemes[s]?.backPayAmount ?? 0) > 0 || (record.schemes[s]?.backPayMonths ?? 0) > 0)
    .map((s) => ({ label: SCHEME_LABEL[s], amount: record.schemes[s]?.backPayAmount ?? 0, months: record.schemes[s]?.backPayMonths ?? 0 }));
  const deemed = record.kind === 'employee' && !retirement && names.includes('pension') ? pension?.deemedMonths : undefined;
  return {
    year: doc.year,
    printDate: doc.printDate,
    title: only ? SCHEME_TITLE[only] : record.kind === 'employee' ? '城镇职工' : '城乡居民',
    person: {
      name: record.person.name,
      ssn: record.person.ssn,
      gender: record.person.gender === 'M' ? '男' : '女',
    },
    employer: record.employer,
    address: record.address ? { text: addressText(record.address), postcode: record.address.postcode } : undefined,
    guardian: record.guardian ? { text: `${record.guardian.name}（${record.guardian.relation}）` } : undefined,
    enrolled: {
      text: names.map((s) => `${SCHEME_LABEL[s]} ${formatDateCn(record.schemes[s]?.enrolledSince ?? '')}`).join(' · '),
    },
    schemes,
    backPay: nonEmpty(backPay),
    pensionYears:
      pension && deemed !== undefined
        ? { paid: pension.cumulativeMonths, deemed, total: formatYearsMonths(pension.cumulativeMonths + deemed) }
        : undefined,
    retirement: retirement ? { ...retirement, retiredOn: formatDateCn(retirement.retiredOn) } : undefined,
    months: months.length > 0 ? months : undefined,
    account:
      showAccount && record.pensionAccount
        ? { ...record.pensionAccount, interest: record.pensionAccount.interestOnOpening + record.pensionAccount.interestOnCredited }
        : undefined,
    resident:
      r && showAccount
        ? { ...r, total: r.personal + r.collective + r.government + r.other }
        : undefined,
    medicalAccount: record.kind === 'employee' && (only === undefined || only === 'medical') ? record.medicalAccount : undefined,
    residentPension:
      record.kind === 'resident' && pension && showAccount
        ? { status: STATUS[pension.status], years: formatYearsMonths(pension.cumulativeMonths) }
        : undefined,
    residentMedical:
      record.kind === 'resident' && medical && (only === undefined || only === 'medical')
        ? { status: STATUS[medical.status], personal: medical.personalContribution }
        : undefined,
    benefits: benefits.length > 0 ? benefits.map(benefitRow) : undefined,
    pensionPayments: nonEmpty(benefits.filter((b) => b.scheme === 'pension').map(benefitRow)),
    otherBenefits: nonEmpty(benefits.filter((b) => b.scheme !== 'pension').map(benefitRow)),
    agency: record.agency,
  };
}

/** 伤残等级 and 天数 in the benefit's row, when given: 一次性伤残补助金（伤残等级：七级）. */
function benefitDetail(b: Benefit): string {
  const parts: string[] = [];
  if (b.grade !== undefined) parts.push(`伤残等级：${GRADE[b.grade] ?? b.grade}级`);
  if (b.days !== undefined) parts.push(`${b.days}天`);
  return parts.length ? `（${parts.join('，')}）` : '';
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** Follows a dotted path through the scope(s); the first scope that has the head wins. */
export function lookup(path: string, scopes: readonly Scope[]): unknown {
  return lookupParts(splitPath(path), scopes);
}

const paths = new Map<string, string[]>();
function splitPath(path: string): string[] {
  let parts = paths.get(path);
  if (!parts) paths.set(path, (parts = path.split('.')));
  return parts;
}

function lookupParts(parts: readonly string[], scopes: readonly Scope[]): unknown {
  const head = parts[0] ?? '';
  let value: unknown = undefined;
  for (const s of scopes) {
    if (Object.prototype.hasOwnProperty.call(s, head)) {
      value = s[head];
      break;
    }
  }
  for (let i = 1; i < parts.length; i++) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Scope)[parts[i] ?? ''];
  }
  return value;
}

/** A section or item with `when: path` shows only if that value is present (and not an empty list). */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

function format(value: unknown, fmt: string | undefined): string {
  if (value === '') return ''; // an optional mark left empty on purpose (e.g. the envelope's role mark)
  if (value === undefined || value === null) return MISSING;
  switch (fmt) {
    case 'money':
      return typeof value === 'number' ? formatMoney(value) : MISSING;
    case 'date':
    case 'month':
      return typeof value === 'string' ? formatDateCn(value) : MISSING;
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : MISSING;
  }
}

const FIELD = /\{([a-zA-Z0-9_.]+)(?:\|([a-z]+))?\}/g;

type Part = string | { path: string[]; fmt: string | undefined };
/** Templates are parsed once: layouts are fixed for the life of a renderer. */
const compiled = new Map<string, Part[]>();
function compile(template: string): Part[] {
  let parts = compiled.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of template.matchAll(FIELD)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push({ path: splitPath(m[1] ?? ''), fmt: m[2] });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  compiled.set(template, parts);
  return parts;
}

/** Fills `{path}` / `{path|format}` placeholders. */
export function fill(template: string, scopes: readonly Scope[]): string {
  const parts = compile(template);
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : format(lookupParts(p.path, scopes), p.fmt);
  return out;
}

/** The field paths a template binds (for messages that name the field, never its value). */
export function fieldsOf(template: string): string[] {
  return [...template.matchAll(FIELD)].map((m) => m[1] ?? '');
}

export const FORMATS = ['money', 'date', 'month', 'count'] as const;
