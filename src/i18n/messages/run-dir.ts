/** The run directory and the disk under it: what cannot be written or read back, and the fix. */
import { msg, text } from '../define';

/** What the operator does once there is space again: resume a run, or run the same command again. */
const afterSpace = (command: string | undefined, en: boolean): string => {
  const run = command === undefined || command === 'run' || command === 'worker';
  if (en) return run ? 'then resume the run' : `then run siprint ${command} again`;
  return run ? '然后继续执行该批次' : `然后重新运行 siprint ${command}`;
};

type Command = { command?: string };

/** The JSON files of a run directory that siprint reads back, by what they are (en label, zh label). */
const jsonFiles = {
  'run config': '批次配置',
  manifest: '清单',
  'package marker': '打包标记',
  'render marker': '排版标记',
  'purge marker': '清除标记',
  'ingest state': '读取状态',
  'ingest progress': '读取进度',
  'ingest plan': '读取计划',
  'duplicate groups': '重复记录分组',
  'range counts': '分段计数',
  'results summary': '印制结果汇总',
  'makeup summary': '补打汇总',
  'dispatch summary': '交寄汇总',
  'returns summary': '退信汇总',
} as const;
export type JsonFileLabel = keyof typeof jsonFiles;
/** A label's zh name (a label not in the table, only from a caller outside the types, shows as given). */
const zhFile = (what: JsonFileLabel): string => jsonFiles[what] ?? what;

/** JSON an operator gives on the command line: an option keeps its name in both languages. */
const jsonInputs = { ticket: '任务单', '--address-json': '--address-json' } as const;
export type JsonInputLabel = keyof typeof jsonInputs;
const zhInput = (label: JsonInputLabel): string => jsonInputs[label] ?? label;

export const runDir = {
  'json.cannotRead': msg<{ what: JsonFileLabel; file: string; code: string }>(
    (p) => `${p.what} ${p.file} cannot be read (${p.code})`,
    (p) => `无法读取${zhFile(p.what)} ${p.file}（${p.code}）：请检查该文件及其权限`,
  ),
  'json.notJson': msg<{ what: JsonFileLabel; file: string }>(
    (p) => `${p.what} ${p.file} is not valid JSON: remove it to redo that step`,
    (p) => `${zhFile(p.what)} ${p.file} 不是有效的 JSON：请删除该文件，以重做这一步`,
  ),
  'json.notRunConfig': msg<{ file: string; format: string }>(
    (p) => `${p.file} is not a siprint run config (format ${p.format})`,
    (p) => `${p.file} 不是 siprint 的批次配置（"format" 为 ${p.format}）：请检查批次目录是否正确`,
  ),
  'json.inputCannotRead': msg<{ label: JsonInputLabel; file: string; code: string }>(
    (p) => `${p.label} ${p.file}: cannot be read (${p.code})`,
    (p) => `${zhInput(p.label)} ${p.file}：无法读取（${p.code}）：请检查路径和权限`,
  ),
  'json.inputNotJson': msg<{ label: JsonInputLabel; file: string }>(
    (p) => `${p.label} ${p.file}: is not valid JSON`,
    (p) => `${zhInput(p.label)} ${p.file}：不是有效的 JSON：请修正该文件`,
  ),
  'write.cannot': msg<{ file: string; reason: string }>((p) => `cannot write ${p.file}: ${p.reason}`, (p) => `无法写入 ${p.file}：${p.reason}`),
  'write.full': msg<Command>((p) => `no space left on the device: free space, ${afterSpace(p.command, true)}`, (p) => `设备空间已满：请释放空间，${afterSpace(p.command, false)}`),
  'write.quota': msg<Command>((p) => `disk quota exceeded: free space, ${afterSpace(p.command, true)}`, (p) => `超出磁盘配额：请释放空间，${afterSpace(p.command, false)}`),
  'write.denied': text('permission denied: make the output directory writable', '权限不足：请让输出目录可写'),
  'write.readOnly': text('the file system is read-only: choose a writable --out', '文件系统为只读：请另选可写的 --out'),
  'write.notDir': text('a part of that path is a file, not a directory: choose another --out', '该路径中有一段是文件而不是目录：请另选 --out'),
  'write.inTheWay': text('a file of that name is in the way (a directory is needed): choose another --out', '已有同名文件（此处需要目录）：请另选 --out'),
  'write.noDir': text(
    'a directory on that path does not exist (or was removed meanwhile): choose another --out',
    '该路径上的目录不存在（或已被删除）：请另选 --out',
  ),
};
