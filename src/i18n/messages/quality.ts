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
  // other departments' lists (--deceased): the file and line, never the ssn
  'deceased.suppressed': text(
    'the person is on a deceased list (--deceased) with a death before the print date: not printed, not mailed',
    '此人列于死亡名单（--deceased），死亡日期早于打印日期：不打印、不寄送',
  ),
  'deceased.badHeader': msg<{ file: string }>(
    (p) => `--deceased ${p.file}: the header must name diedOn and ssn or ssnHash (CSV, UTF-8, first row)`,
    (p) => `--deceased ${p.file}：表头须含 "diedOn" 以及 "ssn" 或 "ssnHash"（CSV，UTF-8，首行）`,
  ),
  'deceased.badDay': msg<{ file: string; line: number }>(
    (p) => `--deceased ${p.file} line ${p.line}: diedOn is not a date YYYY-MM-DD; correct the list`,
    (p) => `--deceased ${p.file} 第 ${p.line} 行："diedOn" 不是 YYYY-MM-DD 格式的日期；请更正名单`,
  ),
  'deceased.badSsn': msg<{ file: string; line: number }>(
    (p) => `--deceased ${p.file} line ${p.line}: ssn is not 18 characters (17 digits and a digit or X); correct the list`,
    (p) => `--deceased ${p.file} 第 ${p.line} 行："ssn" 不是 18 位（17 位数字加一位数字或 X）；请更正名单`,
  ),
  'deceased.badHash': msg<{ file: string; line: number }>(
    (p) => `--deceased ${p.file} line ${p.line}: neither an ssn nor an ssnHash (64 hex digits, HMAC-SHA256 under the run's verification key); correct the list`,
    (p) => `--deceased ${p.file} 第 ${p.line} 行：既无 "ssn" 也无 "ssnHash"（64 位十六进制，校验密钥下的 HMAC-SHA256）；请更正名单`,
  ),
  'deceased.badCsv': msg<{ file: string; why: string }>(
    (p) => `--deceased ${p.file}: not valid CSV (${p.why}); save it as UTF-8 CSV with a header row`,
    (p) => `--deceased ${p.file}：不是有效的 CSV（${p.why}）；请存为带表头的 UTF-8 CSV`,
  ),
  'deceased.unreadable': msg<{ file: string; code: string }>(
    (p) => `--deceased ${p.file}: cannot be read (${p.code}); check the path and permissions`,
    (p) => `--deceased ${p.file}：无法读取（${p.code}）；请检查路径和权限`,
  ),
  'deceased.changed': msg<{ runId: string; file: string }>(
    (p) => `run ${p.runId}: the deceased list ${p.file} is not the file the run was created with (its SHA-256 differs): put that file back, or start a new run`,
    (p) => `批次 ${p.runId}：死亡名单 ${p.file} 与创建批次时的文件不同（SHA-256 不符）：请放回原文件，或新建批次`,
  ),
  'deceased.needKey': msg<{ file: string }>(
    (p) => `--deceased ${p.file} holds ssnHash values: set SIPRINT_VERIFY_KEY (or the ticket's verificationKey) to the key they were made with`,
    (p) => `--deceased ${p.file} 含 "ssnHash"：请设置 SIPRINT_VERIFY_KEY（或任务单的 "verificationKey"）为生成它们时所用的密钥`,
  ),
  'reprint.deceased': msg<{ ssnMasked: string; diedOn: string }>(
    (p) => `ssn ${p.ssnMasked} is on the run's deceased list (died ${p.diedOn}): a reprint for a deceased person is an heir's request and needs --approved-by, a second operator`,
    (p) => `社会保障号码 ${p.ssnMasked} 列于本批次的死亡名单（死亡日期 ${p.diedOn}）：为已故人员补打属继承人申请，须由另一名操作员以 --approved-by 审批`,
  ),
  'generate.deceased': msg<{ n: number; file: string }>(
    (p) => `deceased list: ${p.n} of these people died in the business year → ${p.file} (give it to check/run as --deceased)`,
    (p) => `死亡名单：其中 ${p.n} 人于业务年度内死亡 → ${p.file}（以 --deceased 交给 check/run）`,
  ),
  // warnings: the fields and the ticket's rate, never the record's values
  'warn.rate': msg<{ field: string; s: string; pct: string }>(
    (p) => `${p.field} differs from schemes.${p.s}.monthlyBase × monthsThisYear × ${p.pct}% (the ticket's rate) by more than 1 yuan a month`,
    (p) => `${p.field} 与 schemes.${p.s}.monthlyBase × monthsThisYear × ${p.pct}%（任务单费率）相差每月超过 1 元`,
  ),
  'warn.interestOpening': msg<{ pct: string }>(
    (p) => `pensionAccount.interestOnOpening is more than 0.1 point away from openingBalance × ${p.pct}% (the ticket's interestRate)`,
    (p) => `pensionAccount.interestOnOpening 与 openingBalance × ${p.pct}%（任务单记账利率）相差超过 0.1 个百分点`,
  ),
  'warn.interestCredited': msg<{ pct: string }>(
    (p) => `pensionAccount.interestOnCredited is more than pensionAccount.credited × ${p.pct}% (the ticket's interestRate) plus 0.1 point`,
    (p) => `pensionAccount.interestOnCredited 超过 pensionAccount.credited × ${p.pct}%（任务单记账利率）加 0.1 个百分点`,
  ),
  'warn.age': msg<{ year: number }>(
    (p) => `person over 105 at the end of ${p.year} (person.ssn birth date): check the person is alive and the date is right`,
    (p) => `${p.year} 年末年龄超过 105 岁（person.ssn 中的出生日期）：请核实本人是否健在、日期是否正确`,
  ),
  'warning.CONTRIBUTION_RATE': text('contributions differ from base × months × the ticket\'s rate', '缴费额与基数 × 月数 × 任务单费率不符'),
  'warning.INTEREST_RATE': text('account interest outside the ticket\'s interestRate', '账户利息超出任务单记账利率'),
  'warning.AGE_OVER_105': text('a person over 105', '年龄超过 105 岁'),
};
