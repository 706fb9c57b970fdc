import { z } from 'zod';
import { parseMoney } from '../domain/money';
import { checkSsn } from '../domain/ssn';
import { maskSsn } from '../domain/masking';
import { isMinor } from '../domain/minor';
import type { PostcodeTable } from '../domain/postcode';
import { postcodeMessage, t } from '../i18n';
import {
  EMPLOYER_ONLY_SCHEMES,
  RESIDENT_SCHEMES,
  SCHEME_NAMES,
  type Address,
  type Benefit,
  type Distribution,
  type Fen,
  type InsuredRecord,
  type Kind,
  type ReasonCode,
  type SchemeName,
  type SchemeRecord,
} from '../domain/types';

/** Code points, not UTF-16 units: 𠇔 is one character. */
function charCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
function isText(s: string, max: number): boolean {
  const n = charCount(s);
  return n >= 1 && n <= max && s.trim() !== '' && !CONTROL.test(s);
}
const text = (max: number) => z.string().refine((s) => isText(s, max), `must be 1–${max} characters, not blank, without control characters`);
// Money stays raw here: parseMoney decides later, so that a bad amount is INVALID_AMOUNT (not INVALID_FIELD).
const money = z.union([z.string(), z.number()], { error: 'must be a decimal string like "1280.50" or a JSON integer' });
const YEAR_MONTH = /^(19|20)\d\d-(0[1-9]|1[0-2])$/;
const MONTH_GRID = /^[PAT-]{12}$/;

/** Integers are JSON integers in JSONL and digit strings in CSV (every CSV cell is text). */
function makeSchema(csv: boolean) {
  const int = (max: number) =>
    csv
      ? z.string().regex(/^\d{1,9}$/, 'must be a whole number ≥ 0').transform(Number).pipe(z.number().max(max, `must be at most ${max}`))
      : z.number().int('must be a whole number').min(0, 'must be ≥ 0').max(max, `must be at most ${max}`);
  const address = z.object({
    postcode: z.string(),
    province: text(40),
    city: text(40).nullish(),
    district: text(40).nullish(),
    line: text(200),
  });
  const scheme = z.object({
    enrolledSince: z.string().regex(YEAR_MONTH, 'must be YYYY-MM'),
    status: z.enum(['contributing', 'suspended', 'terminated', 'retired']),
    monthlyBase: money.nullish(),
    employerContribution: money.nullish(),
    personalContribution: money.nullish(),
    monthsThisYear: int(12),
    cumulativeMonths: int(1200),
    arrearsMonths: int(1200),
    backPayAmount: money.nullish(),
    backPayMonths: int(1200).nullish(),
    deemedMonths: int(1200).nullish(),
  });
  const grid = z.string().regex(MONTH_GRID, 'must be 12 characters of P, A, T or -');
  return z.object({
    recordId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 characters of A-Z a-z 0-9 _ -'),
    kind: z.enum(['employee', 'resident']),
    person: z.object({
      name: text(40),
      ssn: z.string(),
      gender: z.enum(['M', 'F', '男', '女']).nullish(),
      birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').nullish(),
    }),
    address: address.nullish(),
    guardian: z.object({ name: text(40), relation: text(20), address, phone: text(30).nullish() }).nullish(),
    delivery: z.enum(['mail', 'electronic', 'hold']).nullish(),
    employer: z.object({ code: text(40), name: text(200), address: address.nullish() }).nullish(),
    agency: z.object({ code: text(40), name: text(200), address: text(200), postcode: z.string(), phone: text(30) }),
    schemes: z.object({
      pension: scheme.nullish(),
      medical: scheme.nullish(),
      unemployment: scheme.nullish(),
      injury: scheme.nullish(),
      maternity: scheme.nullish(),
    }),
    months: z
      .object({ pension: grid.nullish(), medical: grid.nullish(), unemployment: grid.nullish(), injury: grid.nullish(), maternity: grid.nullish() })
      .nullish(),
    pensionAccount: z
      .object({
        openingBalance: money,
        credited: money,
        interestOnOpening: money,
        interestOnCredited: money,
        paidOut: money.nullish(),
        closingBalance: money,
      })
      .nullish(),
    medicalAccount: z.object({ openingBalance: money, credited: money, interest: money.nullish(), paidOut: money.nullish(), closingBalance: money }).nullish(),
    retirement: z.object({ retiredOn: z.string().regex(YEAR_MONTH, 'must be YYYY-MM'), monthlyPension: money, monthsPaid: int(12), adjustment: money.nullish() }).nullish(),
    resident: z.object({ tier: text(40), personal: money, collective: money, government: money, other: money }).nullish(),
    benefits: z
      .array(
        z.object({
          scheme: z.enum(SCHEME_NAMES),
          item: text(100),
          amount: money,
          months: int(1200).nullish(),
          days: int(36600).pipe(z.number().min(1, 'must be at least 1')).nullish(),
          grade: int(10).pipe(z.number().min(1, 'must be 1–10')).nullish(),
        }),
      )
      .max(100)
      .nullish(),
  });
}

const SCHEMAS = { json: makeSchema(false), csv: makeSchema(true) };
/** The record's top-level fields: a CSV header naming none of them is not an extract. */
export const EXTRACT_FIELDS: ReadonlySet<string> = new Set(Object.keys(SCHEMAS.csv.shape));
type Parsed = z.infer<ReturnType<typeof makeSchema>>;

export type Validated =
  | { ok: true; record: InsuredRecord }
  | { ok: false; reason: ReasonCode; message: string; recordId: string | null; ssnMasked?: string; kind?: Kind };

function at(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const present = (v: unknown) => v !== undefined && v !== null;

/**
 * The fast path of the JSONL schema: true only for a record every field of which is already what the
 * schema takes (JSONL has nothing to transform), so the record serves as zod's output; anything else
 * — a fault, an unusual value — goes through zod, which names the fault. validateRecord takes 15–17 µs
 * a record this way, 24–47 with zod (bench/validate.js, docs/performance.md). It must never pass what the schema rejects:
 * test/extract/schema-fast.test.ts holds the two to the same records and to the same fields.
 */
type Check = ((v: unknown) => boolean) & { shape?: Record<string, Check>; element?: Check };
const fText = (max: number): Check => (v) => typeof v === 'string' && isText(v, max);
const fInt = (max: number, min = 0): Check => (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const fMoney: Check = (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const fString: Check = (v) => typeof v === 'string';
const fMatch = (re: RegExp): Check => (v) => typeof v === 'string' && re.test(v);
const fOneOf = (values: readonly unknown[]): Check => (v) => values.includes(v);
const fNullish = (c: Check): Check => Object.assign((v: unknown) => v === undefined || v === null || c(v), { shape: c.shape, element: c.element });
function fObject(shape: Record<string, Check>): Check {
  const keys = Object.keys(shape);
  const checks = keys.map((k) => shape[k] as Check);
  const c: Check = (v) => {
    if (!isObj(v)) return false;
    for (let i = 0; i < keys.length; i++) if (!(checks[i] as Check)(v[keys[i] as string])) return false;
    return true;
  };
  c.shape = shape;
  return c;
}
function fArray(element: Check, max: number): Check {
  const c: Check = (v) => {
    if (!Array.isArray(v) || v.length > max) return false;
    for (let i = 0; i < v.length; i++) if (!element(v[i])) return false; // by index: a hole is undefined, as zod sees it
    return true;
  };
  c.element = element;
  return c;
}
const fAddress = fObject({ postcode: fString, province: fText(40), city: fNullish(fText(40)), district: fNullish(fText(40)), line: fText(200) });
const fScheme = fObject({
  enrolledSince: fMatch(YEAR_MONTH),
  status: fOneOf(['contributing', 'suspended', 'terminated', 'retired']),
  monthlyBase: fNullish(fMoney),
  employerContribution: fNullish(fMoney),
  personalContribution: fNullish(fMoney),
  monthsThisYear: fInt(12),
  cumulativeMonths: fInt(1200),
  arrearsMonths: fInt(1200),
  backPayAmount: fNullish(fMoney),
  backPayMonths: fNullish(fInt(1200)),
  deemedMonths: fNullish(fInt(1200)),
});
const fGrid = fNullish(fMatch(MONTH_GRID));
export const wellFormedJson: Check = fObject({
  recordId: fMatch(/^[A-Za-z0-9_-]{1,40}$/),
  kind: fOneOf(['employee', 'resident']),
  person: fObject({ name: fText(40), ssn: fString, gender: fNullish(fOneOf(['M', 'F', '男', '女'])), birthDate: fNullish(fMatch(/^\d{4}-\d{2}-\d{2}$/)) }),
  address: fNullish(fAddress),
  guardian: fNullish(fObject({ name: fText(40), relation: fText(20), address: fAddress, phone: fNullish(fText(30)) })),
  delivery: fNullish(fOneOf(['mail', 'electronic', 'hold'])),
  employer: fNullish(fObject({ code: fText(40), name: fText(200), address: fNullish(fAddress) })),
  agency: fObject({ code: fText(40), name: fText(200), address: fText(200), postcode: fString, phone: fText(30) }),
  schemes: fObject({ pension: fNullish(fScheme), medical: fNullish(fScheme), unemployment: fNullish(fScheme), injury: fNullish(fScheme), maternity: fNullish(fScheme) }),
  months: fNullish(fObject({ pension: fGrid, medical: fGrid, unemployment: fGrid, injury: fGrid, maternity: fGrid })),
  pensionAccount: fNullish(
    fObject({ openingBalance: fMoney, credited: fMoney, interestOnOpening: fMoney, interestOnCredited: fMoney, paidOut: fNullish(fMoney), closingBalance: fMoney }),
  ),
  medicalAccount: fNullish(fObject({ openingBalance: fMoney, credited: fMoney, interest: fNullish(fMoney), paidOut: fNullish(fMoney), closingBalance: fMoney })),
  retirement: fNullish(fObject({ retiredOn: fMatch(YEAR_MONTH), monthlyPension: fMoney, monthsPaid: fInt(12), adjustment: fNullish(fMoney) })),
  resident: fNullish(fObject({ tier: fText(40), personal: fMoney, collective: fMoney, government: fMoney, other: fMoney })),
  benefits: fNullish(
    fArray(fObject({ scheme: fOneOf(SCHEME_NAMES), item: fText(100), amount: fMoney, months: fNullish(fInt(1200)), days: fNullish(fInt(36600, 1)), grade: fNullish(fInt(10, 1)) }), 100),
  ),
});
/** The JSONL schema itself (zod), for the test that holds the fast path to it. */
export const JSON_RECORD_SCHEMA = SCHEMAS.json;

/** Presence rules that depend on other fields (docs/extract-format.md); read from the raw object so that they rank as MISSING_FIELD. */
function missingByRule(raw: Record<string, unknown>, distribution: Distribution): string | null {
  const schemes = raw.schemes;
  if (isObj(schemes) && !SCHEME_NAMES.some((s) => present(schemes[s]))) return t('exc.noScheme');
  if (raw.kind === 'employee' && !present(raw.employer)) return t('exc.employerRequired');
  if (isObj(schemes) && present(schemes.pension) && !present(raw.pensionAccount)) return t('exc.pensionAccountRequired');
  if (raw.kind === 'resident' && isObj(schemes) && present(schemes.pension) && !present(raw.resident))
    return t('exc.residentRequired');
  if (!present(raw.address) && !present(raw.guardian) && !viaEmployer(raw, distribution))
    return distribution === 'employer'
      ? t('exc.addressRequiredEmployer')
      : t('exc.addressRequired');
  return null;
}

/** Distribution through employers: an employee whose employer has an address can go through it (domain.md). */
function viaEmployer(raw: { kind?: unknown; employer?: unknown }, distribution: Distribution): boolean {
  return distribution === 'employer' && raw.kind === 'employee' && isObj(raw.employer) && present(raw.employer.address);
}

function fieldIssue(p: Parsed): string | null {
  const names = SCHEME_NAMES.filter((s) => present(p.schemes[s]));
  if (p.kind === 'resident') {
    const bad = names.find((s) => !RESIDENT_SCHEMES.includes(s));
    if (bad) return t('exc.notResidentScheme', { s: bad });
  }
  for (const s of EMPLOYER_ONLY_SCHEMES) {
    const sc = p.schemes[s];
    if (sc && (present(sc.monthlyBase) || present(sc.personalContribution)))
      return t('exc.employerOnly', { s });
  }
  for (const s of names) {
    const sc = p.schemes[s];
    if (p.kind === 'resident' && (present(sc?.backPayAmount) || present(sc?.backPayMonths) || present(sc?.deemedMonths)))
      return t('exc.backPayEmployees', { s });
    if (s !== 'pension' && present(sc?.deemedMonths)) return t('exc.deemedPension', { s });
  }
  if (p.kind === 'resident' && present(p.medicalAccount)) return t('exc.employeesOnly', { field: 'medicalAccount' });
  if (p.kind === 'resident' && present(p.retirement)) return t('exc.employeesOnly', { field: 'retirement' });
  if (p.months) {
    const bad = SCHEME_NAMES.find((s) => present(p.months?.[s]) && !present(p.schemes[s]));
    if (bad) return t('exc.monthsNoScheme', { s: bad });
  }
  return null;
}

class AmountError extends Error {}
function fen(v: unknown, path: string): Fen {
  const r = parseMoney(v);
  if (typeof r === 'number') return r;
  throw new AmountError(t('exc.amount', { field: path, fault: r.fault, why: r.error }));
}
const optFen = (v: unknown, path: string): Fen | undefined => (present(v) ? fen(v, path) : undefined);
const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

function addressOf(a: Parsed['address'] & object): Address {
  const out: Address = { postcode: a.postcode, province: a.province, line: a.line };
  if (present(a.city)) out.city = a.city;
  if (present(a.district)) out.district = a.district;
  return out;
}
function displayPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * Validates one parsed line into a normalized record, or names its first fault in the spec's order:
 * MISSING_FIELD, INVALID_FIELD, INVALID_SSN, SSN_MISMATCH, INVALID_POSTCODE, INVALID_AMOUNT, ACCOUNT_MISMATCH.
 * (PARSE_ERROR and the later codes are decided by the caller.) Messages name fields, never values
 * (a postcode's two-digit prefix and its province excepted: they say which province it is).
 */
export function validateRecord(raw: unknown, line: number, year: number, format: 'json' | 'csv', postcodes: PostcodeTable, distribution: Distribution = 'home'): Validated {
  if (!isObj(raw)) return { ok: false, reason: 'PARSE_ERROR', message: t('exc.notObject'), recordId: null };
  const rid = raw.recordId;
  const recordId = typeof rid === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(rid) ? rid : null;
  const person = raw.person;
  const rawSsn = isObj(person) && typeof person.ssn === 'string' ? person.ssn : undefined;
  const kind = raw.kind === 'employee' || raw.kind === 'resident' ? raw.kind : undefined;
  const fail = (reason: ReasonCode, message: string): Validated => {
    const f: Validated = { ok: false, reason, message, recordId };
    if (rawSsn !== undefined && rawSsn.length === 18) f.ssnMasked = maskSsn(rawSsn);
    if (kind) f.kind = kind;
    return f;
  };

  const res = format === 'json' && wellFormedJson(raw) ? ({ success: true, data: raw as Parsed } as const) : SCHEMAS[format].safeParse(raw);
  if (!res.success) {
    const missing = res.error.issues.find((i) => !present(at(raw, i.path)));
    if (missing) return fail('MISSING_FIELD', t('exc.required', { field: displayPath(missing.path) }));
  }
  const ruleMissing = missingByRule(raw, distribution);
  if (ruleMissing) return fail('MISSING_FIELD', ruleMissing);
  if (!res.success) {
    const first = res.error.issues[0];
    return fail('INVALID_FIELD', first ? t('exc.invalidField', { field: displayPath(first.path), why: first.message.replace(/^(Invalid input: |无效输入：)/, '') }) : t('exc.invalidRecord'));
  }
  const p = res.data;
  const issue = fieldIssue(p);
  if (issue) return fail('INVALID_FIELD', issue);

  const ssn = checkSsn(p.person.ssn);
  if (!ssn.ok) return fail('INVALID_SSN', t('exc.ssn', ssn));
  if (Number(ssn.birthDate.slice(0, 4)) > year) return fail('INVALID_SSN', t('exc.ssnBornAfter', { year }));
  if (present(p.person.gender)) {
    const g = p.person.gender === '男' ? 'M' : p.person.gender === '女' ? 'F' : p.person.gender;
    if (g !== ssn.gender) return fail('SSN_MISMATCH', t('exc.genderMismatch'));
  }
  if (present(p.person.birthDate) && p.person.birthDate !== ssn.birthDate) return fail('SSN_MISMATCH', t('exc.birthDateMismatch'));
  if (!p.address && !isMinor(ssn.birthDate, year) && !viaEmployer(p, distribution))
    return fail('MISSING_FIELD', t('exc.adultAddress'));

  const postcodeIssue =
    (p.address && postcodeMessage(postcodes, 'address.postcode', p.address.postcode, p.address.province)) ||
    (p.guardian && postcodeMessage(postcodes, 'guardian.address.postcode', p.guardian.address.postcode, p.guardian.address.province)) ||
    (p.employer?.address && postcodeMessage(postcodes, 'employer.address.postcode', p.employer.address.postcode, p.employer.address.province)) ||
    postcodeMessage(postcodes, 'agency.postcode', p.agency.postcode, p.agency.address, false);
  if (postcodeIssue) return fail('INVALID_POSTCODE', postcodeIssue);

  let record: InsuredRecord;
  try {
    const schemes: Partial<Record<SchemeName, SchemeRecord>> = {};
    for (const s of SCHEME_NAMES) {
      const sc = p.schemes[s];
      if (!sc) continue;
      const out: SchemeRecord = {
        enrolledSince: sc.enrolledSince,
        status: sc.status,
        monthsThisYear: sc.monthsThisYear,
        cumulativeMonths: sc.cumulativeMonths,
        arrearsMonths: sc.arrearsMonths,
      };
      const base = optFen(sc.monthlyBase, `schemes.${s}.monthlyBase`);
      const emp = optFen(sc.employerContribution, `schemes.${s}.employerContribution`);
      const pers = optFen(sc.personalContribution, `schemes.${s}.personalContribution`);
      if (base !== undefined) out.monthlyBase = base;
      if (emp !== undefined) out.employerContribution = emp;
      if (pers !== undefined) out.personalContribution = pers;
      const back = optFen(sc.backPayAmount, `schemes.${s}.backPayAmount`);
      if (back !== undefined) out.backPayAmount = back;
      if (present(sc.backPayMonths)) out.backPayMonths = sc.backPayMonths;
      if (present(sc.deemedMonths)) out.deemedMonths = sc.deemedMonths;
      schemes[s] = out;
    }
    const benefits: Benefit[] = (p.benefits ?? []).map((b, i) => {
      const out: Benefit = { scheme: b.scheme, item: b.item, amount: fen(b.amount, `benefits.${i}.amount`) };
      if (present(b.months)) out.months = b.months;
      if (present(b.days)) out.days = b.days;
      if (present(b.grade)) out.grade = b.grade;
      return out;
    });
    record = {
      recordId: p.recordId,
      kind: p.kind,
      line,
      person: { name: p.person.name, ssn: p.person.ssn, gender: ssn.gender, birthDate: ssn.birthDate },
      delivery: p.delivery ?? 'mail',
      agency: { code: p.agency.code, name: p.agency.name, address: p.agency.address, postcode: p.agency.postcode, phone: p.agency.phone },
      schemes,
      benefits,
    };
    if (p.address) record.address = addressOf(p.address);
    if (p.guardian) {
      record.guardian = { name: p.guardian.name, relation: p.guardian.relation, address: addressOf(p.guardian.address) };
      const phone = opt(p.guardian.phone);
      if (phone !== undefined) record.guardian.phone = phone;
    }
    if (p.employer) {
      record.employer = { code: p.employer.code, name: p.employer.name };
      if (p.employer.address) record.employer.address = addressOf(p.employer.address);
    }
    if (p.months) {
      const months: Partial<Record<SchemeName, string>> = {};
      for (const s of SCHEME_NAMES) {
        const g = p.months[s];
        if (present(g)) months[s] = g;
      }
      record.months = months;
    }
    if (p.pensionAccount) {
      const a = p.pensionAccount;
      record.pensionAccount = {
        openingBalance: fen(a.openingBalance, 'pensionAccount.openingBalance'),
        credited: fen(a.credited, 'pensionAccount.credited'),
        interestOnOpening: fen(a.interestOnOpening, 'pensionAccount.interestOnOpening'),
        interestOnCredited: fen(a.interestOnCredited, 'pensionAccount.interestOnCredited'),
        paidOut: optFen(a.paidOut, 'pensionAccount.paidOut') ?? 0,
        closingBalance: fen(a.closingBalance, 'pensionAccount.closingBalance'),
      };
    }
    if (p.medicalAccount) {
      const a = p.medicalAccount;
      record.medicalAccount = {
        openingBalance: fen(a.openingBalance, 'medicalAccount.openingBalance'),
        credited: fen(a.credited, 'medicalAccount.credited'),
        interest: optFen(a.interest, 'medicalAccount.interest') ?? 0,
        paidOut: optFen(a.paidOut, 'medicalAccount.paidOut') ?? 0,
        closingBalance: fen(a.closingBalance, 'medicalAccount.closingBalance'),
      };
    }
    if (p.retirement) {
      const t = p.retirement;
      record.retirement = { retiredOn: t.retiredOn, monthlyPension: fen(t.monthlyPension, 'retirement.monthlyPension'), monthsPaid: t.monthsPaid };
      const adj = optFen(t.adjustment, 'retirement.adjustment');
      if (adj !== undefined) record.retirement.adjustment = adj;
    }
    if (p.resident) {
      const r = p.resident;
      record.resident = {
        tier: r.tier,
        personal: fen(r.personal, 'resident.personal'),
        collective: fen(r.collective, 'resident.collective'),
        government: fen(r.government, 'resident.government'),
        other: fen(r.other, 'resident.other'),
      };
    }
  } catch (err) {
    if (err instanceof AmountError) return fail('INVALID_AMOUNT', err.message);
    throw err;
  }

  const acc = record.pensionAccount;
  if (acc) {
    const diff = acc.openingBalance + acc.credited + acc.interestOnOpening + acc.interestOnCredited - acc.paidOut - acc.closingBalance;
    if (diff !== 0)
      return fail('ACCOUNT_MISMATCH', t('exc.pensionClosing', { off: (diff / 100).toFixed(2) }));
    const r = record.resident;
    if (r && acc && record.kind === 'resident') {
      const sum = r.personal + r.collective + r.government + r.other;
      if (sum !== acc.credited)
        return fail('ACCOUNT_MISMATCH', t('exc.residentCredited', { off: ((acc.credited - sum) / 100).toFixed(2) }));
    }
  }
  const med = record.medicalAccount;
  if (med) {
    const diff = med.openingBalance + med.credited + med.interest - med.paidOut - med.closingBalance;
    if (diff !== 0) return fail('ACCOUNT_MISMATCH', t('exc.medicalClosing', { off: (diff / 100).toFixed(2) }));
  }
  return { ok: true, record };
}
