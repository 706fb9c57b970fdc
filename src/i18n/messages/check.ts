/** `siprint check`'s report, and what each reason code means (the code itself stays English). */
import { msg, text } from '../define';

export const check = {
  'check.head': msg<{ file: string; year: number }>((p) => `siprint check: ${p.file}, business year ${p.year}`, (p) => `siprint check：${p.file}，业务年度 ${p.year}`),
  'check.input': text('records in extract', '年终数据中的记录'),
  'check.mailed': text('to be printed', '待打印寄送'),
  'check.employees': text('  E 城镇职工 employees', '  E 城镇职工'),
  'check.residents': text('  R 城乡居民 residents', '  R 城乡居民'),
  'check.guardians': text('  minors, sent to guardian', '  未成年人，寄监护人'),
  'check.electronic': text('electronic statements instead (电子送达)', '电子送达（电子记录单）'),
  'check.suppressed': text('suppressed (not printed)', '不寄送（不打印）'),
  'check.held': text('held', '暂缓（留存）'),
  'check.balance': msg<{ input: string; mailed: string; electronic: string; suppressed: string; held: string; ok: boolean }>(
    (p) => `balance: ${p.input} = ${p.mailed} printed + ${p.electronic} electronic + ${p.suppressed} suppressed + ${p.held} held ${p.ok ? 'OK' : 'MISMATCH'}`,
    (p) => `核对：${p.input} = 待打印寄送 ${p.mailed} + 电子送达 ${p.electronic} + 不寄送 ${p.suppressed} + 暂缓（留存）${p.held}  ${p.ok ? '相符' : '不相符'}`,
  ),
  'check.notPrintable': text(
    'note: UNPRINTABLE_CHARACTER and DOES_NOT_FIT were not checked (no renderer available)',
    '注意：未检查 UNPRINTABLE_CHARACTER 和 DOES_NOT_FIT（无可用的排版程序）',
  ),
  'check.exceptionsFile': msg<{ file: string }>((p) => `held and suppressed records: ${p.file}`, (p) => `暂缓（留存）与不寄送记录：${p.file}`),
  'check.progressLine': msg<{ pass: number; pct: number; records: string }>(
    (p) => `check: pass ${p.pass}/2, ${p.pct}% read, ${p.records} records`,
    (p) => `check：第 ${p.pass}/2 遍，已读 ${p.pct}%，${p.records} 条记录`,
  ),
  'check.progressBar': text('check pass {pass}/2', 'check 第 {pass}/2 遍'), // cli-progress fills {pass}
  // the bar fills with the share of the file read (the records' total is not known until the end)
  'check.progressRead': text('{percentage}% of the file', '已读文件 {percentage}%'),
  'check.progressRecords': text('records', '条记录'),
  'generate.done': msg<{ records: string; format: string; encoding: string; file: string; held: string }>(
    (p) => `generated ${p.records} records (${p.format}, ${p.encoding}) → ${p.file}${p.held ? `; faults (records siprint check will hold): ${p.held}` : ''}`,
    (p) => `已生成 ${p.records} 条记录（${p.format}，${p.encoding}）→ ${p.file}${p.held ? `；故障（siprint check 将暂缓的记录）：${p.held}` : ''}`,
  ),
  'check.warnings': text('warnings (printed all the same, for the core system)', '提示（照常打印，供核心系统核查）'),
  'check.warningsFile': msg<{ file: string }>((p) => `warnings: ${p.file}`, (p) => `提示记录：${p.file}`),
  'check.badPrintDate': msg<{ value: string }>(
    (p) => `--print-date must be a date YYYY-MM-DD, got "${p.value}"`,
    (p) => `--print-date 应为 YYYY-MM-DD 格式的日期，而不是 "${p.value}"`,
  ),
  'check.deceasedList': msg<{ file: string; entries: string; sha256: string }>(
    (p) => `deceased list: ${p.file}, ${p.entries} entries, SHA-256 ${p.sha256}`,
    (p) => `死亡名单：${p.file}，${p.entries} 条，SHA-256 ${p.sha256}`,
  ),
  'check.badYear': msg<{ value: string }>(
    (p) => `--year must be a 4-digit business year like 2025, got "${p.value}"`,
    (p) => `--year 应为四位数的业务年度（如 2025），而不是 "${p.value}"`,
  ),

  // check --compare: this month's check against the last
  'compare.title': text('Data quality: this month against the last', '数据质量月度比对'),
  'compare.head': msg<{ previous: string; current: string }>((p) => `this month ${p.current} against last month ${p.previous}`, (p) => `本月 ${p.current} 与上月 ${p.previous} 比对`),
  'compare.code': text('code', '代码'),
  'compare.previous': text('last month', '上月'),
  'compare.current': text('this month', '本月'),
  'compare.change': text('change', '变化'),
  'compare.line': text('line', '行号'),
  'compare.ssnMasked': text('ssn (masked)', '社会保障号码（脱敏）'),
  'compare.newlyHeld': text('records newly held (not held last month)', '本月新增暂缓（留存）的记录（上月未暂缓）'),
  'compare.newlyWarned': text('records with a new warning', '本月新增提示的记录'),
  'compare.noneNew': text('none', '无'),
  'compare.more': msg<{ more: string }>((p) => `and ${p.more} more in compare.json`, (p) => `另有 ${p.more} 条，见 compare.json`),
  'compare.unmatchable': msg<{ previous: string; current: string }>(
    (p) => `held lines without a recordId (cannot be matched month to month): last month ${p.previous}, this month ${p.current}`,
    (p) => `无 recordId 的暂缓行（无法逐月对应）：上月 ${p.previous}，本月 ${p.current}`,
  ),
  'compare.newCount': msg<{ held: string; warned: string }>(
    (p) => `newly held records: ${p.held}; records with a new warning: ${p.warned} (recordId and masked ssn in compare.json)`,
    (p) => `新增暂缓（留存）记录：${p.held}；新增提示记录：${p.warned}（recordId 与脱敏社会保障号码见 compare.json）`,
  ),
  'compare.files': msg<{ json: string; html: string }>((p) => `comparison: ${p.json}, ${p.html}`, (p) => `比对结果：${p.json}，${p.html}`),
  'compare.needsOut': text('--compare needs --out DIR: compare.json and compare.html are written there', '--compare 需要同时给出 --out DIR：compare.json 与 compare.html 写入该目录'),
  'compare.sameDir': msg<{ dir: string }>(
    (p) => `--compare ${p.dir} is the --out directory itself: give last month's check directory`,
    (p) => `--compare ${p.dir} 与 --out 为同一目录：请给出上月 check 的输出目录`,
  ),
  'compare.notCheckDir': msg<{ dir: string; file: string }>(
    (p) => `--compare ${p.dir} is not a check output directory (no ${p.file}): give a directory an earlier \`siprint check --out\` wrote`,
    (p) => `--compare ${p.dir} 不是 check 的输出目录（缺少 ${p.file}）：请给出此前 \`siprint check --out\` 写出的目录`,
  ),
  'compare.badLine': msg<{ file: string; line: number }>(
    (p) => `${p.file} line ${p.line} is not an entry siprint check writes: give an unaltered check output directory`,
    (p) => `${p.file} 第 ${p.line} 行不是 siprint check 写出的条目：请给出未经改动的 check 输出目录`,
  ),

  // what each reason code means: the check report, report.html, the dashboard
  'reason.PARSE_ERROR': text('the line is not valid JSON or CSV', '该行不是有效的 JSON 或 CSV'),
  'reason.MISSING_FIELD': text('a required field is missing', '缺少必填字段'),
  'reason.INVALID_FIELD': text('a field has a wrong value or type', '字段的值或类型不正确'),
  'reason.INVALID_SSN': text('the ssn fails its check', '社会保障号码校验不通过'),
  'reason.SSN_MISMATCH': text('gender or birth date disagrees with the ssn', '性别或出生日期与社会保障号码不符'),
  'reason.INVALID_POSTCODE': text('a postcode is not 6 digits, or not of the address’s province', '邮政编码不是 6 位数字，或不属于地址所在省份'),
  'reason.INVALID_AMOUNT': text('an amount is not a sum in yuan with at most 2 decimals', '金额不是最多两位小数的元数'),
  'reason.ACCOUNT_MISMATCH': text('the pension account does not add up', '养老保险个人账户收支不平'),
  'reason.DUPLICATE_RECORD_ID': text('another record has the same recordId', '另有记录使用相同的 recordId'),
  'reason.DUPLICATE_SSN': text('another record has the same ssn', '另有记录使用相同的社会保障号码'),
  'reason.MINOR_WITHOUT_GUARDIAN': text('a minor without a guardian to send to', '未成年人且无监护人可寄'),
  'reason.INCONSISTENT_RECORD': text('fields that cannot all be true at once (the message names the rule)', '字段之间相互矛盾（说明中列出所违反的规则）'),
  'reason.UNPRINTABLE_CHARACTER': text('a character no font can print', '含有字体无法打印的字符'),
  'reason.DOES_NOT_FIT': text('a text does not fit its box', '文字超出版面框'),
  'reason.ADDRESS_RETURNED': text('last year\'s statement came back from this address (退信)', '上年记录单从此地址被退回（退信）'),
  // a former code (runs before electronic statements): kept so old runs' reports still read
  'reason.DELIVERY_ELECTRONIC': text('electronic statement instead (电子送达)', '改为电子送达'),
  'reason.DELIVERY_HOLD': text('delivery on hold', '暂停寄送'),
  'reason.DECEASED': text('on a deceased list (民政/公安), died before the print date', '已列入死亡名单（民政/公安），死亡日期早于打印日期'),
};
