/** Inputs refused before anything is made (issue 16): the business year, dates, the postage permit, an extract with no records. */
import { msg, text } from '../define';

type YearNow = { year: number; today: string };
/** The first day a year's statements may carry: 1 January of the next year. */
const from = (year: number) => `${year + 1}-01-01`;

export const input = {
  'input.yearOpen': msg<YearNow>(
    (p) => `--year ${p.year}: business year ${p.year} has not ended (today is ${p.today}, China time): its statements are made from ${from(p.year)} (siprint check and siprint proof may look at it now)`,
    (p) => `--year ${p.year}：业务年度 ${p.year} 尚未结束（中国时间今天是 ${p.today}）：该年度的权益记录单自 ${from(p.year)} 起制作（现在可以先用 siprint check 和 siprint proof 查看）`,
  ),
  'input.yearOpenNote': msg<YearNow>(
    (p) => `note: business year ${p.year} has not ended (today is ${p.today}, China time): its figures are not final, and siprint run refuses it until ${from(p.year)}`,
    (p) => `注意：业务年度 ${p.year} 尚未结束（中国时间今天是 ${p.today}）：数据尚非最终数据，${from(p.year)} 之前 siprint run 不受理该年度`,
  ),
  'input.printDateInYear': msg<{ where: string; printDate: string; year: number }>(
    (p) => `${p.where}: field "printDate": ${p.printDate} is not after the end of business year ${p.year}: give a date from ${from(p.year)}`,
    (p) => `${p.where}：字段 "printDate"：${p.printDate} 不在业务年度 ${p.year} 结束之后：请给出 ${from(p.year)} 或之后的日期`,
  ),
  'input.noPermit': text(
    'no postage permit: give --postage-permit TEXT, or "postagePermit" in the ticket (as in jobs/annual-2025.json): the envelopes print it after 邮资已付',
    '没有邮资许可证号：请给出 --postage-permit 许可证号，或在任务单中设 "postagePermit"（见 jobs/annual-2025.json）：信封上 邮资已付 之后印此号',
  ),
  'input.badPermit': msg<{ value: string }>(
    (p) => `--postage-permit ${JSON.stringify(p.value)}: give the permit as printed, 1–80 characters, not blank`,
    (p) => `--postage-permit ${JSON.stringify(p.value)}：请按印刷样式给出许可证号，1–80 个字符，不可为空白`,
  ),
  'input.badIngestRanges': msg<{ value: string; max: number }>(
    (p) => `--ingest-ranges ${JSON.stringify(p.value)}: give a whole number from 1 to ${p.max} (how many byte ranges the ingest is cut into)`,
    (p) => `--ingest-ranges ${JSON.stringify(p.value)}：请给出 1 到 ${p.max} 之间的整数（读入切分成的字节区段数）`,
  ),
  'input.ingestRangesOnResume': text(
    '--ingest-ranges is for a new run: a resumed run keeps the ranges it was planned with (run.json); leave the option out',
    '--ingest-ranges 只用于新批次：续跑的批次沿用建立时的区段划分（run.json）；请去掉此选项',
  ),
  'input.proofNoPermit': text(
    'note: no postage permit (--postage-permit, or "postagePermit" in the ticket): the proof envelopes show none, and siprint run will ask for it',
    '注意：没有邮资许可证号（--postage-permit，或任务单中的 "postagePermit"）：校样信封上不印许可证号，siprint run 时必须提供',
  ),
  'input.reprintNotADate': msg<{ date: string }>(
    (p) => `--date ${p.date} is not a real calendar date YYYY-MM-DD`,
    (p) => `--date ${p.date} 不是真实的日期（YYYY-MM-DD）`,
  ),
  'input.reprintBeforePrint': msg<{ date: string; printDate: string; runId: string }>(
    (p) => `--date ${p.date} is before run ${p.runId}'s print date ${p.printDate}: a reprint is dated from then to today`,
    (p) => `--date ${p.date} 早于批次 ${p.runId} 的打印日期 ${p.printDate}：补打日期须在该日期至今天之间`,
  ),
  'input.reprintFuture': msg<{ date: string; today: string }>(
    (p) => `--date ${p.date} is after today (${p.today}, China time): a reprint is not dated ahead`,
    (p) => `--date ${p.date} 晚于今天（中国时间 ${p.today}）：补打日期不可提前填写`,
  ),
  'input.extractEmpty': msg<{ file: string }>(
    (p) => `extract ${p.file}: no records (the file is empty): check the path, or export the extract again`,
    (p) => `年终数据 ${p.file}：没有记录（文件为空）：请检查路径，或重新导出年终数据`,
  ),
  'input.extractHeaderOnly': msg<{ file: string }>(
    (p) => `extract ${p.file}: a CSV header and no records: export the extract again with its rows`,
    (p) => `年终数据 ${p.file}：只有 CSV 表头，没有记录：请重新导出含数据行的年终数据`,
  ),
  'input.csvNoKnownColumn': msg<{ file: string }>(
    (p) => `extract ${p.file}: the CSV header names no known field (recordId, kind, person.ssn, …; docs/extract-format.md): is it the extract?`,
    (p) => `年终数据 ${p.file}：CSV 表头中没有已知字段（"recordId"、"kind"、"person.ssn" 等，见 docs/extract-format.md）：这是年终数据文件吗？`,
  ),
  'input.csvDelimiter': msg<{ file: string; column: number; name: string }>(
    (p) => `extract ${p.file}: the CSV header names no known field, but its column ${p.column} holds ${p.name} and more: delimiter? siprint reads comma-separated CSV`,
    (p) => `年终数据 ${p.file}：CSV 表头中没有已知字段，但第 ${p.column} 列中含 ${p.name} 等多个字段名：分隔符不对？siprint 读取逗号分隔的 CSV`,
  ),
};

