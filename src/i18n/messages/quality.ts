/** Data quality (docs/extract-format.md): the rules fields must agree by, warnings, other departments' lists. */
import { msg, text } from '../define';

type S = { s: string };
type SY = { s: string; year: number };

export const quality = {
  // INCONSISTENT_RECORD: "rule N (name): fields" — the rule and the fields, never their values
  'rule.1': msg<SY>(
    (p) => `rule 1 (enrolled after the year): schemes.${p.s}.enrolledSince is after the end of the business year ${p.year}`,
    (p) => `规则1（参保时间晚于业务年度）：schemes.${p.s}.enrolledSince 晚于 ${p.year} 年末`,
  ),
  'rule.2.age16': msg<S>(
    (p) => `rule 2 (enrolled too young): schemes.${p.s}.enrolledSince is before the month of the 16th birthday (person.ssn)`,
    (p) => `规则2（参保时未满16周岁）：schemes.${p.s}.enrolledSince 早于年满16周岁的当月（person.ssn）`,
  ),
  'rule.2.birth': msg<S>(
    (p) => `rule 2 (enrolled before birth): schemes.${p.s}.enrolledSince is before the month of birth (person.ssn)`,
    (p) => `规则2（参保时间早于出生）：schemes.${p.s}.enrolledSince 早于出生当月（person.ssn）`,
  ),
  'rule.3': msg<SY>(
    (p) => `rule 3 (cumulative months): schemes.${p.s}.cumulativeMonths is more than the months from schemes.${p.s}.enrolledSince to the end of ${p.year}`,
    (p) => `规则3（累计缴费月数）：schemes.${p.s}.cumulativeMonths 多于 schemes.${p.s}.enrolledSince 至 ${p.year} 年末的月数`,
  ),
  'rule.4': msg<SY>(
    (p) => `rule 4 (months this year): schemes.${p.s}.monthsThisYear is more than the months of ${p.year} from schemes.${p.s}.enrolledSince on`,
    (p) => `规则4（本年缴费月数）：schemes.${p.s}.monthsThisYear 多于 ${p.year} 年中自 schemes.${p.s}.enrolledSince 起的月数`,
  ),
  'rule.5.paid': msg<S>(
    (p) => `rule 5 (month grid): the P and T months of months.${p.s} do not add up to schemes.${p.s}.monthsThisYear`,
    (p) => `规则5（月度缴费记录）：months.${p.s} 中已缴（P）与转入（T）的月数之和不等于 schemes.${p.s}.monthsThisYear`,
  ),
  'rule.5.arrears': msg<S>(
    (p) => `rule 5 (month grid): months.${p.s} has more A (arrears) months than schemes.${p.s}.arrearsMonths`,
    (p) => `规则5（月度缴费记录）：months.${p.s} 中欠缴（A）月数多于 schemes.${p.s}.arrearsMonths`,
  ),
  'rule.6': msg<{ i: number; s: string }>(
    (p) => `rule 6 (benefit without scheme): benefits.${p.i}.scheme is ${p.s}, and the record has no schemes.${p.s}`,
    (p) => `规则6（待遇无对应险种）：benefits.${p.i}.scheme 为 ${p.s}，但记录中没有 schemes.${p.s}`,
  ),
  'rule.7.notRetired': text(
    'rule 7 (retirement): retirement is given but schemes.pension.status is not "retired"',
    '规则7（离退休）：有 "retirement"（离退休待遇），但 schemes.pension.status 不是 "retired"',
  ),
  'rule.7.noBlock': text(
    'rule 7 (retirement): schemes.pension.status is "retired" but the retirement block is missing',
    '规则7（离退休）：schemes.pension.status 为 "retired"，但缺少 "retirement"（离退休待遇）',
  ),
};
