/** `siprint purge`: removing a finished run's personal data after the retention period (docs/glossary.md: 已清除). */
import { msg, text } from '../define';

export const purge = {
  'purge.needsKeepAudit': text(
    'purge keeps manifest.json and audit.jsonl (the accounting of the run): add --keep-audit to confirm',
    'purge 会保留 manifest.json 和 audit.jsonl（批次的账目）：请加 --keep-audit 确认',
  ),
  'purge.already': msg<{ runId: string; purgedOn: string }>((p) => `run ${p.runId} was already purged on ${p.purgedOn}`, (p) => `批次 ${p.runId} 已于 ${p.purgedOn} 清除`),
  'purge.notFinished': msg<{ runId: string; runDir: string }>(
    (p) => `run ${p.runId} (${p.runDir}) has not finished: only a finished run can be purged`,
    (p) => `批次 ${p.runId}（${p.runDir}）尚未完成：只能清除已完成的批次`,
  ),
  'purge.badDays': msg<{ value: string }>((p) => `--older-than ${p.value} is not a whole number of days`, (p) => `--older-than ${p.value} 不是整数天数`),
  'purge.tooYoung': msg<{ runId: string; finished: string; age: number; days: number; left: number }>(
    (p) => `run ${p.runId} finished on ${p.finished}, ${p.age} days ago: --older-than ${p.days} keeps it ${p.left} more days`,
    (p) => `批次 ${p.runId} 于 ${p.finished} 完成，距今 ${p.age} 天：按 --older-than ${p.days} 还须保留 ${p.left} 天`,
  ),
  'purge.done': msg<{ runId: string; removed: string; files: number; bytes: number }>(
    (p) => `purged ${p.runId}: removed ${p.removed || 'nothing (already absent)'} (${p.files} files, ${p.bytes} bytes); manifest.json and audit.jsonl kept`,
    (p) => `批次 ${p.runId} 已清除：删除了 ${p.removed || '无（已不存在）'}（${p.files} 个文件，${p.bytes} 字节）；manifest.json 和 audit.jsonl 已保留`,
  ),
};
