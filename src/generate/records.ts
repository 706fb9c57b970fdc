/** The synthetic records: realistic people, employers, schemes and accounts, with faults of every reason code when asked. */
import { fenToDecimal } from '../domain/money';
import { ssnCheckChar } from '../domain/ssn';
import { REASON_CODES, SCHEME_NAMES, type ReasonCode, type SchemeName } from '../domain/types';
import type { GenerateStats, Json, Obj } from './types';
import { CITIES, MORE_CITIES, FIRM_WORDS, GIVEN_FEMALE, GIVEN_MALE, INDUSTRIES, RARE_CHARS, RELATIONS_OTHER, STREETS, SURNAMES, UNPRINTABLE_CHAR, type City } from './names';
import type { Rng } from './rng';


export const pad = (n: number, w: number) => String(n).padStart(w, '0');
// ADDRESS_RETURNED is no fault of a record: it needs last year's returned mail (--returned)
const FAULT_ORDER: readonly ReasonCode[] = REASON_CODES.filter((c) => c !== 'ADDRESS_RETURNED');

/** Money as the core system sends it: a decimal string, sometimes a JSON integer for whole yuan. */
function money(rng: Rng, fen: number): Json {
  return fen % 100 === 0 && rng.chance(0.1) ? fen / 100 : fenToDecimal(fen);
}

export function makeSsn(areaCode: string, birth: string /* YYYYMMDD */, seq: number): string {
  const first17 = `${areaCode}${birth}${pad(seq, 3)}`;
  return first17 + ssnCheckChar(first17);
}

export class RecordFactory {
  private lastClean: { recordId: string; ssn: string } | null = null;
  private faultIndex = 0;
  private ruleIndex = 0;
  /** How often each fault was made: its variants take turns (e.g. the pension or the medical account). */
  private readonly variants: Partial<Record<ReasonCode, number>> = {};
  readonly stats: GenerateStats = { records: 0, faults: {}, deceased: 0 };
  /**
   * `more` draws what issue 17 added (the other provinces, employers' addresses, back pay, deemed
   * months, medical accounts, retirement blocks, benefits with grade or days): a stream of its own, so
   * that `rng` draws what it always drew and a seed keeps its people, faults and verdicts.
   */
  constructor(
    private readonly rng: Rng,
    private readonly year: number,
    private readonly faults: number,
    private readonly more: Rng = rng,
  ) {}

  private name(male: boolean, surname?: string): string {
    const r = this.rng;
    const s = surname ?? r.pick(SURNAMES);
    const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
    let given = r.pick(pool) + (r.chance(0.7) ? r.pick(pool) : '');
    if (r.chance(0.03)) given = given.slice(0, 1) + r.pick(RARE_CHARS);
    else if (r.chance(0.0002)) given = UNPRINTABLE_CHAR + given.slice(1);
    return s + given;
  }

  private address(city: City, r: Rng = this.rng): Obj {
    return {
      postcode: city.postcode.slice(0, 4) + pad(r.int(0, 99), 2),
      province: city.province,
      city: city.city,
      district: city.district,
      line: `${r.pick(STREETS)}${r.int(1, 399)}号${r.int(1, 30)}栋${r.int(1, 6)}单元${r.int(1, 32)}${pad(r.int(1, 4), 2)}`,
    };
  }

  /**
   * The employer: mostly one of a city's dozen larger firms (so that a run through employers has
   * bundles), else a small firm of its own; nine in ten have an address on record, in the city.
   * A city's firm is the same every time it is drawn: derived from its index, not the stream.
   */
  private employer(city: City): Obj {
    const r = this.rng;
    const x = this.more;
    // the firm of its own, drawn as it always was (so the main stream is unchanged)...
    const own: Obj = {
      code: `91${city.code}${Array.from({ length: 10 }, () => '0123456789ABCDEFGHJKLMNPQRTUWXY'[r.int(0, 30)]).join('')}`,
      name: `${city.city.replace(/市$/, '')}${r.pick(FIRM_WORDS)}${r.pick(INDUSTRIES)}有限公司`,
    };
    // ...but mostly one of the city's larger firms, each the same whenever drawn (derived from its index)
    if (x.chance(0.8)) {
      const k = x.int(0, 11);
      const code = Array.from({ length: 10 }, (_, i) => '0123456789ABCDEFGHJKLMNPQRTUWXY'[(k * 7 + i * 13 + Number(city.code)) % 31]).join('');
      const e: Obj = { code: `91${city.code}${code}`, name: `${city.city.replace(/市$/, '')}${FIRM_WORDS[k % FIRM_WORDS.length]}${INDUSTRIES[(k * 5) % INDUSTRIES.length]}有限公司` };
      if (k !== 11) e.address = { postcode: city.postcode, province: city.province, city: city.city, district: city.district, line: `${STREETS[(k * 3) % STREETS.length]}${((k * 37) % 300) + 1}号` };
      return e;
    }
    if (x.chance(0.6)) own.address = { ...this.address(city, x), line: `${x.pick(STREETS)}${x.int(1, 399)}号` };
    return own;
  }

  private agency(city: City): Obj {
    return {
      code: city.code,
      name: `${city.city === city.province ? city.city : city.province + city.city}${city.district}社会保险事业管理中心`,
      address: `${city.city}${city.district}${STREETS[Number(city.code) % STREETS.length] ?? ''}${(Number(city.code) % 200) + 1}号`,
      postcode: city.postcode,
      phone: '12333',
    };
  }

  next(index: number): string | Obj {
    const r = this.rng;
    const y = this.year;
    const fault = this.faults > 0 && r.chance(this.faults) ? (FAULT_ORDER[this.faultIndex++ % FAULT_ORDER.length] as ReasonCode) : null;
    const drawn = r.pick(CITIES);
    const all = CITIES.length + MORE_CITIES.length;
    const city = this.more.chance(MORE_CITIES.length / all) ? this.more.pick(MORE_CITIES) : drawn;
    // Ages 0–95; a fault that needs a pension account or a minor shapes the record.
    let kind: 'employee' | 'resident' = r.chance(0.6) ? 'employee' : 'resident';
    if (fault === 'ACCOUNT_MISMATCH' || fault === 'INVALID_AMOUNT' || fault === 'INCONSISTENT_RECORD') kind = 'employee';
    if (fault === 'MINOR_WITHOUT_GUARDIAN') kind = 'resident';
    let age: number;
    let retired = false;
    if (kind === 'employee') {
      retired = r.chance(0.1) && fault !== 'ACCOUNT_MISMATCH' && fault !== 'INVALID_AMOUNT' && fault !== 'INCONSISTENT_RECORD';
      age = retired ? r.int(60, 95) : r.int(18, 59);
    } else {
      const minor = fault === 'MINOR_WITHOUT_GUARDIAN' || (fault === null && r.chance(0.12));
      age = minor ? r.int(0, 17) : r.int(18, 95);
      retired = age >= 60;
    }
    const male = r.chance(0.5);
    const birthYear = y - age;
    const bm = r.int(1, 12);
    const bd = r.int(1, new Date(Date.UTC(birthYear, bm, 0)).getUTCDate());
    const birth = `${birthYear}${pad(bm, 2)}${pad(bd, 2)}`;
    const ssn = makeSsn(city.code, birth, r.int(0, 499) * 2 + (male ? 1 : 0));
    const recordId = `R${pad(index + 1, 8)}`;
    const person: Obj = { name: this.name(male), ssn };
    if (r.chance(0.5)) {
      person.gender = male ? 'M' : 'F';
      person.birthDate = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`;
    }
    const rec: Obj = { recordId, kind, person, address: this.address(city) };
    if (age < 18) {
      const relation = r.chance(0.45) ? '母亲' : r.chance(0.8) ? '父亲' : r.pick(RELATIONS_OTHER);
      const surname = relation === '父亲' || relation === '祖父' || relation === '祖母' ? (person.name as string).slice(0, 1) : undefined;
      const gMale = relation === '父亲' || relation.endsWith('父');
      rec.guardian = { name: this.name(gMale, surname), relation, address: rec.address, phone: `1${r.int(3, 9)}${pad(r.int(0, 999999999), 9)}` };
    }
    if (fault === null) {
      if (r.chance(0.03)) rec.delivery = 'electronic';
      else if (r.chance(0.01)) rec.delivery = 'hold';
      else if (r.chance(0.2)) rec.delivery = 'mail';
    }
    if (kind === 'employee') this.employee(rec, city, age, retired);
    else this.resident(rec, age, bm, retired);
    rec.agency = this.agency(city);
    return this.applyFault(rec, fault);
  }

  private enrolled(age: number): { since: string; startYear: number; startMonth: number } {
    const r = this.rng;
    const startYear = Math.min(this.year, Math.max(1995, this.year - age + 18 + r.int(0, 6)));
    const startMonth = r.int(1, 12);
    return { since: `${startYear}-${pad(startMonth, 2)}`, startYear, startMonth };
  }

  /** Months from a start to the end of the year, and those of them in the year (rules 3 and 4: the most a record may count). */
  private span(startYear: number, startMonth: number): { total: number; inYear: number } {
    return { total: (this.year - startYear) * 12 + 13 - startMonth, inYear: startYear === this.year ? 13 - startMonth : 12 };
  }

  private grid(startYear: number, startMonth: number): { grid: string; paid: number; arrears: number } {
    const r = this.rng;
    const cells: string[] = [];
    for (let m = 1; m <= 12; m++) cells.push(startYear === this.year && m < startMonth ? '-' : 'P');
    let arrears = 0;
    if (r.chance(0.08)) {
      arrears = r.int(1, 3);
      for (let m = 12 - arrears; m < 12; m++) if (cells[m] === 'P') cells[m] = 'A';
      arrears = cells.filter((c) => c === 'A').length;
    } else if (r.chance(0.03) && cells[0] === 'P') {
      cells[0] = 'T';
      cells[1] = 'T';
    }
    const paid = cells.filter((c) => c === 'P' || c === 'T').length;
    return { grid: cells.join(''), paid, arrears };
  }

  private account(credited: number, paidOutOf: boolean): Obj {
    const r = this.rng;
    const opening = r.int(1000, 40_000_000);
    const interestOnOpening = Math.round((opening * 262) / 10000);
    const interestOnCredited = Math.round((credited * 131) / 10000);
    const paidOut = paidOutOf ? Math.min(opening, r.int(100_000, 3_000_000)) : 0;
    const closing = opening + credited + interestOnOpening + interestOnCredited - paidOut;
    const acc: Obj = {
      openingBalance: money(r, opening),
      credited: money(r, credited),
      interestOnOpening: money(r, interestOnOpening),
      interestOnCredited: money(r, interestOnCredited),
      closingBalance: money(r, closing),
    };
    if (paidOut > 0 || r.chance(0.5)) acc.paidOut = money(r, paidOut);
    return acc;
  }

  private employee(rec: Obj, city: City, age: number, retired: boolean): void {
    const r = this.rng;
    const x = this.more;
    rec.employer = this.employer(city);
    const en = this.enrolled(Math.min(age, 60));
    const schemes: Obj = {};
    const months: Obj = {};
    const base = r.int(3000, 35000) * 100;
    const rates: Record<SchemeName, [number, number] | null> = {
      pension: [160, 80],
      medical: [95, 20],
      unemployment: r.chance(0.9) ? [5, 5] : null,
      injury: r.chance(0.95) ? [r.int(2, 10), 0] : null,
      maternity: r.chance(0.8) ? [8, 0] : null,
    };
    let personalPension = 0;
    let personalMedical = 0;
    const sinceMonths = this.span(en.startYear, en.startMonth).total;
    for (const s of SCHEME_NAMES) {
      const rate = rates[s];
      if (!rate) continue;
      if (retired) {
        if (s !== 'pension' && s !== 'medical') continue;
        schemes[s] = { enrolledSince: en.since, status: 'retired', monthsThisYear: 0, cumulativeMonths: Math.min(r.int(180, 480), sinceMonths), arrearsMonths: 0 };
        continue;
      }
      const g = this.grid(en.startYear, en.startMonth);
      const employerOnly = s === 'injury' || s === 'maternity';
      const sc: Obj = {
        enrolledSince: en.since,
        status: 'contributing',
        employerContribution: money(r, Math.round((base * rate[0]) / 1000) * g.paid),
        monthsThisYear: g.paid,
        cumulativeMonths: Math.max(g.paid, sinceMonths - g.arrears - r.int(0, 6)),
        arrearsMonths: g.arrears,
      };
      if (!employerOnly) {
        const personal = Math.round((base * rate[1]) / 1000) * g.paid;
        sc.monthlyBase = money(r, base);
        sc.personalContribution = money(r, personal);
        if (s === 'pension') personalPension = personal;
        if (s === 'medical') personalMedical = personal;
      }
      // 补缴: a few pay arrears of earlier years this year (pension mostly)
      if ((s === 'pension' && x.chance(0.04)) || (s === 'medical' && x.chance(0.01))) {
        const months = x.int(1, 24);
        sc.backPayMonths = months;
        sc.backPayAmount = money(x, Math.round((base * (rate[0] + rate[1])) / 1000) * months);
      }
      // 视同缴费: service before the contribution system (1996) counts as paid, for the older employees
      if (s === 'pension' && en.startYear <= 1996 && age >= 45 && x.chance(0.6)) sc.deemedMonths = x.int(12, 180);
      schemes[s] = sc;
      if (s === 'pension' || s === 'medical' || r.chance(0.3)) months[s] = g.grid;
    }
    rec.schemes = schemes;
    if (Object.keys(months).length > 0) rec.months = months;
    rec.pensionAccount = this.account(personalPension, retired);
    const benefits: Obj[] = [];
    if (retired) {
      // the 离退休待遇 block (v1.1) instead of contribution rows and the old 基本养老金 benefit row
      // (whose draws stay: the main stream is unchanged)
      const monthly = r.int(200_000, 800_000);
      money(r, monthly * 12);
      const retiredAge = x.int(50, 60);
      const retiredYear = Math.min(this.year, Math.max(en.startYear, this.year - age + retiredAge));
      const month = x.int(retiredYear === en.startYear ? en.startMonth : 1, 12);
      // paid from the month after retiring: fewer months for those who retired this year
      const retirement: Obj = { retiredOn: `${retiredYear}-${pad(month, 2)}`, monthlyPension: money(x, monthly), monthsPaid: retiredYear === this.year ? 12 - month : 12 };
      if (retiredYear < this.year && x.chance(0.9)) retirement.adjustment = money(x, x.int(5_000, 15_000));
      rec.retirement = retirement;
    }
    // 医疗保险个人账户 (v1.1): most employees' medical schemes report it
    if (schemes.medical !== undefined && x.chance(0.85)) rec.medicalAccount = this.medicalAccount(retired ? x.int(10_000, 60_000) * 12 : personalMedical + Math.round(base * 0.008) * 12);
    if (r.chance(0.2)) {
      const total = r.int(10_000, 5_000_000);
      benefits.push({ scheme: 'medical', item: '医疗费发生总额', amount: money(r, total) });
      if (benefits.length < 2) benefits.push({ scheme: 'medical', item: '统筹基金支付', amount: money(r, Math.floor(total * 0.7)) });
    }
    // benefits with 伤残等级 or 天数 (v1.1): a work injury now and then, 生育津贴 for some younger women
    if (schemes.injury !== undefined && x.chance(0.015)) benefits.push({ scheme: 'injury', item: '一次性伤残补助金', amount: money(x, x.int(20_000, 200_000) * 100), grade: x.int(5, 10) });
    const female = Number(((rec.person as Obj).ssn as string).slice(16, 17)) % 2 === 0;
    if (female && age <= 40 && schemes.maternity !== undefined && x.chance(0.06)) {
      const days = x.pick([98, 128, 158, 188]);
      benefits.push({ scheme: 'maternity', item: '生育津贴', amount: money(x, Math.round((base / 30) * days)), days });
    }
    if (benefits.length > 0) rec.benefits = benefits;
  }

  /** 医疗保险个人账户: closing = opening + credited + interest − paidOut, exactly (ACCOUNT_MISMATCH otherwise). */
  private medicalAccount(credited: number): Obj {
    const r = this.more;
    const opening = r.int(0, 3_000_000);
    const interest = r.chance(0.5) ? Math.round((opening * 35) / 10000) : 0;
    const paidOut = Math.min(opening + credited, r.int(0, 400_000));
    const acc: Obj = { openingBalance: money(r, opening), credited: money(r, credited), closingBalance: money(r, opening + credited + interest - paidOut) };
    if (interest > 0) acc.interest = money(r, interest);
    if (paidOut > 0 || r.chance(0.5)) acc.paidOut = money(r, paidOut);
    return acc;
  }

  private resident(rec: Obj, age: number, birthMonth: number, retired: boolean): void {
    const r = this.rng;
    const en = this.enrolled(Math.max(age, 18));
    const span = this.span(en.startYear, en.startMonth);
    // consistent by construction (rules 3 and 4): never more months than the enrolment allows
    const months = (drawn: number, s: { total: number; inYear: number }) => {
      const thisYear = Math.min(12, s.inYear);
      return { monthsThisYear: thisYear, cumulativeMonths: Math.min(Math.max(drawn, thisYear), s.total) };
    };
    const schemes: Obj = {};
    const hasPension = age >= 18 && r.chance(0.85);
    if (hasPension) {
      if (retired) {
        schemes.pension = { enrolledSince: en.since, status: 'retired', monthsThisYear: 0, cumulativeMonths: Math.min(r.int(0, 180), span.total), arrearsMonths: 0 };
        rec.resident = { tier: '领取待遇', personal: '0', collective: '0', government: '0', other: '0' };
        rec.pensionAccount = this.account(0, true);
        rec.benefits = [
          { scheme: 'pension', item: '基础养老金', amount: money(r, r.int(14_000, 40_000) * 12), months: 12 },
          { scheme: 'pension', item: '个人账户养老金', amount: money(r, r.int(1_000, 30_000) * 12), months: 12 },
        ];
      } else {
        const tier = r.pick([200, 300, 500, 800, 1000, 1500, 2000]);
        const personal = tier * 100;
        const collective = r.chance(0.1) ? 5000 : 0;
        const government = tier < 500 ? 3000 : 6000;
        const other = r.chance(0.05) ? 10000 : 0;
        schemes.pension = { enrolledSince: en.since, status: 'contributing', personalContribution: money(r, personal), ...months(r.int(12, 180), span), arrearsMonths: 0 };
        rec.resident = { tier: `${tier}元档`, personal: money(r, personal), collective: money(r, collective), government: money(r, government), other: money(r, other) };
        rec.pensionAccount = this.account(personal + collective + government + other, false);
      }
    }
    if (!hasPension || r.chance(0.95)) {
      // a child's medical starts in the year of birth at the earliest (2010 at most), never before the month of birth (rule 2)
      let start = { y: en.startYear, m: en.startMonth };
      if (age < 18) {
        const y = Math.max(this.year - age, 2010);
        const m = r.int(1, 12);
        start = { y, m: y === this.year - age ? Math.max(m, birthMonth) : m };
      }
      const since = `${start.y}-${pad(start.m, 2)}`;
      schemes.medical = { enrolledSince: since, status: 'contributing', personalContribution: '380.00', ...months(r.int(12, 120), this.span(start.y, start.m)), arrearsMonths: 0 };
    }
    rec.schemes = schemes;
  }

  private applyFault(rec: Obj, fault: ReasonCode | null): string | Obj {
    const person = rec.person as Obj;
    const bump = () => (this.stats.faults[fault as ReasonCode] = (this.stats.faults[fault as ReasonCode] ?? 0) + 1);
    const variant = fault ? (this.variants[fault] = (this.variants[fault] ?? -1) + 1) : 0;
    switch (fault) {
      case null:
        if (!(person.name as string).includes(UNPRINTABLE_CHAR)) this.lastClean = { recordId: rec.recordId as string, ssn: person.ssn as string };
        return rec;
      case 'PARSE_ERROR':
        bump();
        return JSON.stringify(rec).slice(0, 60); // a cut-off line; CSV writers corrupt a cell instead
      case 'MISSING_FIELD':
        delete rec.agency;
        break;
      case 'INVALID_FIELD':
        if (variant % 2 === 1 && rec.kind === 'employee') rec.benefits = [...((rec.benefits as Obj[] | undefined) ?? []), { scheme: 'pension', item: '一次性伤残补助金', amount: '1000.00', grade: 11 }];
        else rec.kind = 'worker';
        break;
      case 'INVALID_SSN': {
        const ssn = person.ssn as string;
        const wrong = '10X98765432'.replace(ssn.slice(-1), '')[0] as string;
        person.ssn = ssn.slice(0, 17) + wrong;
        break;
      }
      case 'SSN_MISMATCH': {
        const male = Number((person.ssn as string).slice(16, 17)) % 2 === 1;
        person.gender = male ? 'F' : 'M';
        break;
      }
      case 'INVALID_POSTCODE': {
        const address = rec.address as Obj;
        const employer = rec.employer as Obj | undefined;
        // turn about: a prefix of no province or of another (0…), another province's postcode, the employer's
        const code = address.postcode as string;
        if (variant % 3 === 0) address.postcode = code.startsWith('0') ? `00${code.slice(2)}` : `0${code.slice(1)}`;
        else if (variant % 3 === 1 || !employer?.address) address.postcode = CITIES.find((c) => c.province !== address.province)?.postcode ?? '000000';
        else (employer.address as Obj).postcode = CITIES.find((c) => c.province !== (employer.address as Obj).province)?.postcode ?? '000000';
        break;
      }
      case 'INVALID_AMOUNT':
        ((rec.schemes as Obj).pension as Obj).personalContribution = '1280.499999';
        break;
      case 'ACCOUNT_MISMATCH': {
        // the pension account, or (every other time, when there is one) the medical account, off by a fen
        const acc = (variant % 2 === 1 && rec.medicalAccount ? rec.medicalAccount : rec.pensionAccount) as Obj;
        acc.closingBalance = fenToDecimal(Math.round(Number(acc.closingBalance) * 100) + 1);
        break;
      }
      case 'DUPLICATE_RECORD_ID':
      case 'DUPLICATE_SSN': {
        const clean = this.lastClean;
        if (!clean) return this.applyFault(rec, null); // nothing to copy yet: stays a clean record
        if (fault === 'DUPLICATE_RECORD_ID') rec.recordId = clean.recordId;
        else {
          person.ssn = clean.ssn;
          delete person.gender;
          delete person.birthDate;
          // the copied ssn decides minor/adult: keep the record mailable either way
          if (!rec.guardian) rec.guardian = { name: this.name(false), relation: '母亲', address: rec.address };
        }
        this.lastClean = null;
        break;
      }
      case 'MINOR_WITHOUT_GUARDIAN':
        delete rec.guardian;
        break;
      case 'INCONSISTENT_RECORD':
        this.breakRule(rec, (this.ruleIndex++ % 8) + 1);
        break;
      case 'UNPRINTABLE_CHARACTER':
        person.name = (person.name as string).slice(0, 1) + UNPRINTABLE_CHAR;
        break;
      case 'DOES_NOT_FIT':
        if (this.faultIndex % 2 === 0 && rec.employer) (rec.employer as Obj).name = '北京市朝阳区建国门外大街某某国际企业管理咨询服务有限责任公司第一分公司驻上海浦东新区联络办事处';
        else (rec.address as Obj).line = '建国门外大街甲12号某某国际大厦东塔楼第三十八层东区3801室转交某某国际企业管理咨询服务有限责任公司前台收发室';
        break;
    }
    bump();
    return rec;
  }

  /** Breaks one of the seven INCONSISTENT_RECORD rules (extract-format.md; 8 is rule 7 the other way) on a contributing employee, each field still valid on its own. */
  private breakRule(rec: Obj, rule: number): void {
    const y = this.year;
    const schemes = rec.schemes as Obj;
    const pension = schemes.pension as Obj;
    const since = pension.enrolledSince as string;
    const available = (y - Number(since.slice(0, 4))) * 12 + 13 - Number(since.slice(5, 7));
    const birthYear = Number(((rec.person as Obj).ssn as string).slice(6, 10));
    switch (rule) {
      case 1:
        pension.enrolledSince = `${y + 1}-01`;
        break;
      case 2:
        pension.enrolledSince = `${birthYear + 15}-01`;
        break;
      case 3:
        pension.cumulativeMonths = available + 1;
        break;
      case 4: // enrolled in July of the year, yet 12 months paid in it
        pension.enrolledSince = `${y}-07`;
        pension.cumulativeMonths = 6;
        pension.monthsThisYear = 12;
        if (rec.months) delete (rec.months as Obj).pension;
        break;
      case 5: {
        // one paid month of the grid blanked: the grid no longer adds up to monthsThisYear
        const months = rec.months as Obj;
        months.pension = (months.pension as string).replace(/[PT]/, '-');
        break;
      }
      case 6:
        delete schemes.unemployment;
        if (rec.months) delete (rec.months as Obj).unemployment;
        rec.benefits = [...((rec.benefits as Obj[] | undefined) ?? []), { scheme: 'unemployment', item: '失业保险金', amount: '1850.00', months: 3 }];
        break;
      case 7: // a retirement block on a contributing employee (a v1.1 field)
        rec.retirement = { retiredOn: `${y}-06`, monthlyPension: '4200.00', monthsPaid: 6 };
        break;
      default: // 7 the reverse: a retired pension without its block, on a record with v1.1 fields
        pension.status = 'retired';
        delete rec.retirement;
        rec.medicalAccount ??= { openingBalance: '100.00', credited: '0.00', closingBalance: '100.00' };
    }
  }
}
