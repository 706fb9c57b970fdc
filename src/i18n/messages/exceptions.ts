/**
 * The `message` of an exceptions.jsonl line: what is wrong with the record, naming fields, never
 * values (the reason code beside it stays English; rule.* in quality.ts for INCONSISTENT_RECORD).
 */
import type { MoneyFault } from '../../domain/money';
import type { SsnFault } from '../../domain/ssn';
import { msg, text } from '../define';

type Field = { field: string };
type S = { s: string };
type Off = { off: string };
type Lines = { lines: string };

export const ssnZh: Record<SsnFault, (n: number) => string> = {
  length: (n) => `应为 18 位，实为 ${n} 位`,
  characters: () => '应为 17 位数字加一位数字或大写 X',
  area: () => '的前两位不是省级行政区代码',
  birthDate: () => '中的出生日期（第 7–14 位）不是真实日期',
  check: () => '的校验码不正确',
};
const moneyZh: Record<MoneyFault, string> = {
  notFinite: '不是有限的数',
  fraction: '是带小数的 JSON 数字；请改用最多两位小数的十进制字符串',
  negative: '为负数',
  tooLong: '整数部分超过 12 位',
  notDecimalOrInteger: '应为十进制字符串或 JSON 整数',
  decimals: '超过两位小数',
  notDecimal: '不是形如 1280.50 的十进制数',
};

export const exceptions = {
  // PARSE_ERROR
  'exc.notObject': text('line is not a JSON object', '该行不是 JSON 对象'),
  'exc.notJson': text('line is not valid JSON', '该行不是有效的 JSON'),
  'exc.notJsonAt': msg<{ at: string }>((p) => `line is not valid JSON (error at character ${p.at})`, (p) => `该行不是有效的 JSON（错误位于第 ${p.at} 个字符）`),
  'exc.tooLong': text('line is longer than the limit; it was skipped', '该行超过长度上限，已跳过'),
  'exc.tooLongBytes': msg<{ max: number }>((p) => `line is longer than ${p.max} bytes; it was skipped`, (p) => `该行超过 ${p.max} 字节，已跳过`),
  'exc.csvMalformed': msg<{ why: string }>((p) => `CSV row is malformed: ${p.why}`, (p) => `CSV 行格式错误：${p.why}`),
  'exc.csvQuoteOpen': text('CSV row is malformed: a quoted field is not closed', 'CSV 行格式错误：引号括起的字段没有闭合'),
  'exc.csvAfterQuote': msg<{ n: number }>((p) => `unexpected text after the closing quote of field ${p.n}`, (p) => `第 ${p.n} 个字段的右引号后有多余文字`),
  'exc.csvQuoteInside': msg<{ n: number }>(
    (p) => `a quote inside unquoted field ${p.n} (quote the field and double the quote)`,
    (p) => `未加引号的第 ${p.n} 个字段中有引号（请给字段加引号，并把其中的引号写两次）`,
  ),
  'exc.csvWidth': msg<{ n: number; header: number }>((p) => `CSV row has ${p.n} fields, the header has ${p.header}`, (p) => `CSV 行有 ${p.n} 个字段，表头有 ${p.header} 个`),
  'exc.notJsonShort': text('not JSON', '不是 JSON'),

  // MISSING_FIELD
  'exc.required': msg<Field>((p) => `${p.field} is required`, (p) => `缺少必填字段 ${p.field}`),
  'exc.noScheme': text('schemes must hold at least one scheme', '"schemes" 中至少要有一个险种'),
  'exc.employerRequired': text('employer is required for an employee record', '城镇职工记录必须有 "employer"'),
  'exc.pensionAccountRequired': text('pensionAccount is required when schemes.pension is present', '有 schemes.pension 时必须有 pensionAccount'),
  'exc.residentRequired': text(
    'resident (tier and contributions) is required for a resident record with pension',
    '参加养老保险的城乡居民记录必须有 "resident"（缴费档次与各项缴费）',
  ),
  'exc.addressRequired': text(
    'address is required (only a minor’s guardian may receive the statement instead)',
    '必须有 "address"（只有未成年人的监护人可以代为接收权益记录单）',
  ),
  'exc.addressRequiredEmployer': text(
    'address is required (only a minor’s guardian, or for an employee the employer’s address, may receive the statement instead)',
    '必须有 "address"（只有未成年人的监护人，或城镇职工所在单位的地址，可以代为接收权益记录单）',
  ),
  'exc.adultAddress': text(
    'address is required for an adult (only a minor’s guardian may receive the statement instead)',
    '成年人必须有 "address"（只有未成年人的监护人可以代为接收权益记录单）',
  ),

  // INVALID_FIELD
  'exc.invalidRecord': text('invalid record', '记录无效'),
  'exc.invalidField': msg<Field & { why: string }>((p) => `${p.field} ${p.why}`, (p) => `${p.field}：${p.why}`),
  'exc.notResidentScheme': msg<S>(
    (p) => `schemes.${p.s} is not a resident scheme (residents have pension and medical only)`,
    (p) => `schemes.${p.s} 不是城乡居民的险种（城乡居民只有养老保险和医疗保险）`,
  ),
  'exc.employerOnly': msg<S>(
    (p) => `schemes.${p.s} is paid by the employer only: remove monthlyBase and personalContribution`,
    (p) => `schemes.${p.s} 只由单位缴费：请删去 monthlyBase 和 personalContribution`,
  ),
  'exc.backPayEmployees': msg<S>(
    (p) => `schemes.${p.s}: backPayAmount, backPayMonths and deemedMonths are for employee records`,
    (p) => `schemes.${p.s}：backPayAmount、backPayMonths 和 deemedMonths 只用于城镇职工记录`,
  ),
  'exc.deemedPension': msg<S>((p) => `schemes.${p.s}.deemedMonths is given only for pension`, (p) => `schemes.${p.s}.deemedMonths 只用于养老保险`),
  'exc.employeesOnly': msg<Field>((p) => `${p.field} is for employee records`, (p) => `${p.field} 只用于城镇职工记录`),
  'exc.monthsNoScheme': msg<S>((p) => `months.${p.s} is given but the record has no schemes.${p.s}`, (p) => `给出了 months.${p.s}，但记录中没有 schemes.${p.s}`),

  // INVALID_SSN, SSN_MISMATCH
  'exc.ssn': msg<{ fault: SsnFault; length: number; why: string }>((p) => `person.ssn ${p.why}`, (p) => `person.ssn ${(ssnZh[p.fault] ?? (() => '无效'))(p.length)}`),
  'exc.ssnBornAfter': msg<{ year: number }>(
    (p) => `person.ssn birth date lies after the business year ${p.year}`,
    (p) => `person.ssn 中的出生日期晚于业务年度 ${p.year}`,
  ),
  'exc.genderMismatch': text('person.gender disagrees with the ssn (odd 17th digit = male)', 'person.gender 与社会保障号码不符（第 17 位为奇数 = 男）'),
  'exc.birthDateMismatch': text('person.birthDate disagrees with the ssn (characters 7–14)', 'person.birthDate 与社会保障号码不符（第 7–14 位）'),

  // INVALID_POSTCODE (the agency's too, in a ticket)
  'exc.postcodeDigits': msg<Field>((p) => `${p.field} must be 6 digits (it may start with 0)`, (p) => `${p.field} 应为 6 位数字（可以 0 开头）`),
  'exc.postcodeNoProvince': msg<Field & { prefix: string; table: string }>(
    (p) => `${p.field} prefix ${p.prefix} is no province's (postcode table ${p.table}): correct the postcode`,
    (p) => `${p.field} 的前两位 ${p.prefix} 不属于任何省份（邮政编码表 ${p.table}）：请更正邮政编码`,
  ),
  'exc.postcodeProvinceUnknown': msg<Field & { prefix: string; owner: string; where: string }>(
    (p) => `${p.field} prefix ${p.prefix} belongs to ${p.owner}, but ${p.where} names no province of the postcode table: correct the province`,
    (p) => `${p.field} 的前两位 ${p.prefix} 属于${p.owner}，但 ${p.where} 中没有邮政编码表里的省份：请更正省份`,
  ),
  'exc.postcodeOtherProvince': msg<Field & { prefix: string; owner: string; own: string; where: string }>(
    (p) => `${p.field} prefix ${p.prefix} belongs to ${p.owner}, not to ${p.own} (${p.where}): correct the postcode or the address`,
    (p) => `${p.field} 的前两位 ${p.prefix} 属于${p.owner}，而不是${p.own}（${p.where}）：请更正邮政编码或地址`,
  ),

  // INVALID_AMOUNT, ACCOUNT_MISMATCH
  'exc.amount': msg<Field & { fault: MoneyFault; why: string }>((p) => `${p.field} ${p.why}`, (p) => `${p.field} ${moneyZh[p.fault] ?? '无效'}`),
  'exc.pensionClosing': msg<Off>(
    (p) => `pensionAccount.closingBalance is off by ${p.off} yuan from opening + credited + interests − paidOut`,
    (p) => `pensionAccount.closingBalance 与“期初余额 + 本年记账 + 利息 − 支出”相差 ${p.off} 元`,
  ),
  'exc.residentCredited': msg<Off>(
    (p) => `pensionAccount.credited is off by ${p.off} yuan from resident personal + collective + government + other`,
    (p) => `pensionAccount.credited 与 "resident" 的“个人缴费 + 集体补助 + 政府补贴 + 其他资助”相差 ${p.off} 元`,
  ),
  'exc.medicalClosing': msg<Off>(
    (p) => `medicalAccount.closingBalance is off by ${p.off} yuan from opening + credited + interest − paidOut`,
    (p) => `medicalAccount.closingBalance 与“期初余额 + 本年记账 + 利息 − 支出”相差 ${p.off} 元`,
  ),

  // the codes judged after validation
  'exc.lineSep': text(', ', '、'),
  'exc.linesMore': msg<{ shown: string; more: number }>((p) => `${p.shown} and ${p.more} more`, (p) => `${p.shown} 及另外 ${p.more}`),
  'exc.duplicateId': msg<Lines>(
    (p) => `recordId is also used on line(s) ${p.lines}; every record sharing it is held`,
    (p) => `第 ${p.lines} 行也使用此 recordId；使用它的记录全部暂缓（留存）`,
  ),
  'exc.duplicateSsn': msg<Lines>(
    (p) => `person.ssn is also on line(s) ${p.lines}; every record sharing it is held`,
    (p) => `第 ${p.lines} 行也有此社会保障号码；有此社会保障号码的记录全部暂缓（留存）`,
  ),
  'exc.deliveryHold': text('delivery is on hold: counted, not printed', '暂停寄送：计入总数，不打印'),
  'exc.minorNoGuardian': msg<{ year: number }>(
    (p) => `a minor on 31 Dec ${p.year} needs a guardian (name, relation, address) to receive the statement`,
    (p) => `${p.year}年12月31日时未成年，须有监护人（姓名、关系、地址）代为接收权益记录单`,
  ),
  'exc.unprintable': msg<Field & { cp: string; fonts: string }>(
    (p) => `${p.field} has character U+${p.cp}, which no font of the chain (${p.fonts}) can print`,
    (p) => `${p.field} 含字符 U+${p.cp}，字体链（${p.fonts}）中没有字体能打印它`,
  ),
  'exc.doesNotFit': msg<Field & { layout: string }>(
    (p) => `${p.field} does not fit its box on the ${p.layout} or envelope layout, even wrapped and shrunk to the minimum size`,
    (p) => `${p.field} 在 ${p.layout} 版式或信封版式上超出版面框（已换行并缩到最小字号）`,
  ),
};
