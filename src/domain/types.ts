/**
 * The normalized, validated shapes that flow through the pipeline.
 * The extract reader produces `InsuredRecord`s (or `Held` entries); everything downstream trusts them.
 *
 * Money is integer fen in a JS number: at most 12 integer digits + 2 decimals = 14 digits,
 * well inside Number.MAX_SAFE_INTEGER (16 digits), so sums of a few amounts stay exact.
 */

/** Integer fen (1 yuan = 100 fen). Never a fraction, never negative in a record. */
export type Fen = number;

export type Kind = 'employee' | 'resident';
export const SCHEME_NAMES = ['pension', 'medical', 'unemployment', 'injury', 'maternity'] as const;
export type SchemeName = (typeof SCHEME_NAMES)[number];
/** Schemes paid by the employer only: no personal base or personal contribution. */
export const EMPLOYER_ONLY_SCHEMES: readonly SchemeName[] = ['injury', 'maternity'];
export const RESIDENT_SCHEMES: readonly SchemeName[] = ['pension', 'medical'];

export type SchemeStatus = 'contributing' | 'suspended' | 'terminated' | 'retired';
export type Gender = 'M' | 'F';
export type Delivery = 'mail' | 'electronic' | 'hold';
/** Where a run mails employee statements (domain.md): home, or through the employer (in bundles). */
export type Distribution = 'home' | 'employer';
/** Text encodings an extract may come in (a UTF-8 BOM is always honoured). */
export type Encoding = 'utf8' | 'gb18030';
/** Month grid cell: P paid ●, A arrears △, T transferred in ○, - none –. */
export type MonthCell = 'P' | 'A' | 'T' | '-';

export interface Address {
  postcode: string; // 6 digits, the first two the province's (domain/postcode.ts)
  province: string;
  city?: string;
  district?: string;
  line: string;
}

export interface Guardian {
  name: string;
  relation: string; // printed as given, e.g. 母亲
  address: Address;
  phone?: string;
}

export interface Employer {
  code: string;
  name: string;
  address?: Address; // needed only to distribute through employers
}

export interface Agency {
  code: string;
  name: string;
  address: string;
  postcode: string;
  phone: string;
}

export interface SchemeRecord {
  enrolledSince: string; // YYYY-MM
  status: SchemeStatus;
  monthlyBase?: Fen; // absent for injury/maternity
  employerContribution?: Fen;
  personalContribution?: Fen; // absent for injury/maternity
  monthsThisYear: number; // 0..12
  cumulativeMonths: number;
  arrearsMonths: number;
  backPayAmount?: Fen; // v1.1, employee: 本年补缴欠费金额
  backPayMonths?: number; // v1.1, employee: 补缴历年月数
  deemedMonths?: number; // v1.1, employee pension: 视同缴费月数
}

export interface PensionAccount {
  openingBalance: Fen;
  credited: Fen;
  interestOnOpening: Fen;
  interestOnCredited: Fen;
  paidOut: Fen;
  closingBalance: Fen; // = opening + credited + both interests - paidOut, exactly
}

/** v1.1, employee: 医疗保险个人账户; closing = opening + credited + interest - paidOut, exactly. */
export interface MedicalAccount {
  openingBalance: Fen;
  credited: Fen;
  interest: Fen;
  paidOut: Fen;
  closingBalance: Fen;
}

/** v1.1, an employee whose pension status is retired: the 离退休待遇 block. */
export interface Retirement {
  retiredOn: string; // YYYY-MM
  monthlyPension: Fen;
  monthsPaid: number; // 0..12
  adjustment?: Fen; // this year's adjustment (调整), monthly
}

/** 城乡居民基本养老保险 contributions; their sum equals pensionAccount.credited. */
export interface ResidentContributions {
  tier: string; // 缴费档次 as given by the core system, printed as is
  personal: Fen;
  collective: Fen;
  government: Fen;
  other: Fen;
}

export interface Benefit {
  scheme: SchemeName;
  item: string; // the printed label
  amount: Fen;
  months?: number;
  days?: number; // e.g. 生育津贴天数
  grade?: number; // 伤残等级 1..10
}

export interface InsuredRecord {
  recordId: string;
  kind: Kind;
  /** 1-based line (JSONL) or row (CSV, header = row 1) in the extract. */
  line: number;
  person: { name: string; ssn: string; gender: Gender; birthDate: string /* YYYY-MM-DD, from the ssn */ };
  address?: Address;
  guardian?: Guardian;
  delivery: Delivery;
  employer?: Employer;
  agency: Agency;
  schemes: Partial<Record<SchemeName, SchemeRecord>>;
  months?: Partial<Record<SchemeName, string>>; // 12 MonthCell characters
  pensionAccount?: PensionAccount;
  medicalAccount?: MedicalAccount;
  retirement?: Retirement;
  resident?: ResidentContributions;
  benefits: Benefit[];
}

export const REASON_CODES = [
  'PARSE_ERROR',
  'MISSING_FIELD',
  'INVALID_FIELD',
  'INVALID_SSN',
  'SSN_MISMATCH',
  'INVALID_POSTCODE',
  'INVALID_AMOUNT',
  'ACCOUNT_MISMATCH',
  'DUPLICATE_RECORD_ID',
  'DUPLICATE_SSN',
  'MINOR_WITHOUT_GUARDIAN',
  'INCONSISTENT_RECORD',
  'UNPRINTABLE_CHARACTER',
  'DOES_NOT_FIT',
  /** Judged after all others: the person is still at an address that came back (--returned, delivery.md §6). */
  'ADDRESS_RETURNED',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
/** Counted, neither printed nor made (a record with delivery: electronic gets an electronic statement instead). */
export const SUPPRESSION_CODES = ['DELIVERY_HOLD', 'DECEASED'] as const;
/** Suppressed in runs made before electronic statements: `verify` and `reprint` still read them in old runs; never written now. */
export const FORMER_SUPPRESSION_CODES = ['DELIVERY_ELECTRONIC'] as const;
export type SuppressionCode = (typeof SUPPRESSION_CODES)[number] | (typeof FORMER_SUPPRESSION_CODES)[number];

/**
 * One line of exceptions.jsonl: a held (exception) or suppressed record.
 * `ssnMasked` is first 6 + last 4 only; never the full number, never the name.
 */
export interface ExceptionEntry {
  recordId: string | null; // null when the line could not be parsed far enough to find it
  line: number;
  reason: ReasonCode | SuppressionCode;
  message: string;
  ssnMasked?: string;
  batch?: BatchCode;
}

/** Warnings (docs/extract-format.md): printed, reported in warnings.jsonl, never a hold. */
export const WARNING_CODES = ['CONTRIBUTION_RATE', 'INTEREST_RATE', 'AGE_OVER_105'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** One line of warnings.jsonl: no ssn, no name, no amount. */
export interface WarningEntry {
  recordId: string;
  line: number;
  warning: WarningCode;
  message: string;
}

/** The ticket's `rates` (per scheme, per cent) and `interestRate` (per cent): what the warnings compare with. */
export interface WarningRules {
  rates?: Partial<Record<SchemeName, { personal?: number; employer?: number }>>;
  interestRate?: number;
}

/** A deceased list (--deceased) as run.json and the audit log name it: never its contents. */
export interface DeceasedListRef {
  file: string; // absolute
  sha256: string;
  bytes: number;
  entries: number;
}

/**
 * The renderer's verdict on an otherwise valid, mailable record (font coverage, box fitting); null = printable.
 * With `distribution: 'employer'` the employer-addressed envelope is checked too.
 */
export type PrintabilityCheck = (record: InsuredRecord, distribution?: Distribution) => { reason: 'UNPRINTABLE_CHARACTER' | 'DOES_NOT_FIT'; message: string } | null;

/** A layout or font file by its hash: what a package's manifest says it was drawn with. */
export interface LayoutRef {
  id: string;
  version: string;
  sha256: string;
}
export interface FontRef {
  file: string;
  sha256: string;
}

/** Annual batches: E (城镇职工) and R (城乡居民); per-scheme fallback: S-<scheme>. */
export type BatchCode = 'E' | 'R' | `S-${SchemeName}`;

export type Recipient = {
  role: 'self' | 'guardian';
  name: string;
  address: Address;
  /** For a guardian: the relation as given (printed on the statement, not on the envelope). */
  relation?: string;
  /** Distribution through the employer: 「<单位名称>转 <姓名> 收」 at the employer's address (`address`). */
  via?: { code: string; name: string };
};

/** One mailed piece: one statement (1..n sheets) + one envelope, in print order. */
export interface Piece {
  pieceId: string; // stable: same extract + ticket -> same IDs
  batch: BatchCode;
  part: number; // 1-based part number within the batch
  seq: number; // 1-based position within the part
  record: InsuredRecord;
  recipient: Recipient;
  /** An electronic statement (`delivery: electronic`): one PDF of its own, no envelope, no inserter code. */
  electronic?: true;
}

/** A piece with the sheets of paper its statement takes: known once it is laid out (by the render). */
export interface SheetedPiece extends Piece {
  sheets: number;
}
