/** The run directory and the disk under it: what cannot be written or read back, and the fix. */
import { msg, text } from '../define';

/** What the operator does once there is space again: resume a run, or run the same command again. */
const afterSpace = (command: string | undefined, en: boolean): string => {
  const run = command === undefined || command === 'run' || command === 'worker';
  if (en) return run ? 'then resume the run' : `then run siprint ${command} again`;
  return run ? '然后继续执行该批次' : `然后重新运行 siprint ${command}`;
};

type Command = { command?: string };

/**
 * The JSON files of a run directory that siprint reads back, by what they are: their zh name, and
 * what to do with a damaged one — a step's output is removed to redo the step; run.json is the
 * run itself and anything else is a record of what happened: those are restored, never removed.
 */
const jsonFiles = {
  'run config': { zh: '批次配置', fix: 'config' },
  manifest: { zh: '清单', fix: 'record' },
  'package marker': { zh: '打包标记', fix: 'step' },
  'render marker': { zh: '排版标记', fix: 'step' },
  'purge marker': { zh: '清除标记', fix: 'record' },
  'ingest state': { zh: '读取状态', fix: 'step' },
  'ingest progress': { zh: '读取进度', fix: 'step' },
  'ingest plan': { zh: '读取计划', fix: 'step' },
  'duplicate groups': { zh: '重复记录分组', fix: 'step' },
  'range counts': { zh: '分段计数', fix: 'step' },
  'results summary': { zh: '印制结果汇总', fix: 'record' },
  'makeup summary': { zh: '补制汇总', fix: 'record' },
  'dispatch summary': { zh: '交寄汇总', fix: 'record' },
  'returns summary': { zh: '退信汇总', fix: 'record' },
} as const satisfies Record<string, { zh: string; fix: 'step' | 'config' | 'record' }>;
export type JsonFileLabel = keyof typeof jsonFiles;
/** A label's zh name (a label not in the table, only from a caller outside the types, shows as given). */
const zhFile = (what: JsonFileLabel): string => jsonFiles[what]?.zh ?? what;
/** What to do with a damaged file (a label not in the table: restore it, the advice that loses nothing). */
const damagedFix = (what: JsonFileLabel, en: boolean): string => {
  const fix = jsonFiles[what]?.fix ?? 'record';
  if (fix === 'step') return en ? 'remove it to redo that step' : '请删除该文件，以重做这一步';
  if (fix === 'config') return en ? "restore it from a backup of the run directory (it is the run's config: removing it loses the run)" : '请从批次目录的备份中恢复该文件（它是批次的配置，删除它会丢失该批次）';
  return en ? 'restore it from a backup of the run directory, then run siprint verify on the run' : '请从批次目录的备份中恢复该文件，然后对该批次运行 siprint verify';
};

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
    (p) => `${p.what} ${p.file} is not valid JSON: ${damagedFix(p.what, true)}`,
    (p) => `${zhFile(p.what)} ${p.file} 不是有效的 JSON：${damagedFix(p.what, false)}`,
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
  // the run's files read back: its archive (and its encryption at rest), index, release record, tracking summaries
  'partId.bad': msg<{ partId: string }>(
    (p) => `part ID "${p.partId}" is not a part of this pipeline (expected e.g. E-0001)`,
    (p) => `卷号 "${p.partId}" 不是本流程的分卷（应形如 E-0001）`,
  ),
  'archive.notRunDir': msg<{ dir: string; runDir: string }>(
    (p) => `${p.dir} is missing: ${p.runDir} is not a run directory whose ingest finished`,
    (p) => `${p.dir} 不存在：${p.runDir} 不是已完成读取的批次目录`,
  ),
  'archive.damaged': msg<{ file: string; why: string }>(
    (p) => `${p.file}: damaged (gzip: ${p.why}); run siprint verify on the run`,
    (p) => `${p.file}：已损坏（gzip：${p.why}）；请对该批次运行 siprint verify`,
  ),
  'archive.notInSeal': msg<{ file: string; line: number; runDir: string }>(
    (p) => `${p.file} is not in the run's seal (audit.jsonl line ${p.line}): it was added after the run finished; run siprint verify on ${p.runDir}`,
    (p) => `${p.file} 不在批次的封存记录中（audit.jsonl 第 ${p.line} 行）：批次完成后才加入；请对 ${p.runDir} 运行 siprint verify`,
  ),
  'archive.changed': msg<{ file: string; line: number; runDir: string }>(
    (p) => `${p.file} differs from the run's seal (audit.jsonl line ${p.line}): the archive was changed or damaged; run siprint verify on ${p.runDir}`,
    (p) => `${p.file} 与批次的封存记录不符（audit.jsonl 第 ${p.line} 行）：存档已被改动或损坏；请对 ${p.runDir} 运行 siprint verify`,
  ),
  'archiveKey.bad': msg<{ env: string; command: string }>(
    (p) => `${p.env} must be 32 random bytes as 64 hex digits or base64 (e.g. \`${p.command}\`)`,
    (p) => `${p.env} 应为 32 个随机字节，写作 64 位十六进制数字或 base64（例如 \`${p.command}\`）`,
  ),
  'archiveKey.truncated': msg<{ file: string }>((p) => `${p.file}: sealed archive file is truncated`, (p) => `${p.file}：加密的存档文件不完整（被截断）`),
  'archiveKey.none': msg<{ file: string; keyId: string; env: string }>(
    (p) => `${p.file} is encrypted (key id ${p.keyId}): set ${p.env} to the key the run was archived with`,
    (p) => `${p.file} 已加密（密钥标识 ${p.keyId}）：请把 ${p.env} 设为该批次存档时所用的密钥`,
  ),
  'archiveKey.other': msg<{ file: string; keyId: string; env: string; envKeyId: string }>(
    (p) => `${p.file} is encrypted with key id ${p.keyId}, but ${p.env} has key id ${p.envKeyId}: set the run's archive key`,
    (p) => `${p.file} 以密钥标识 ${p.keyId} 加密，而 ${p.env} 的密钥标识为 ${p.envKeyId}：请设为该批次的存档密钥`,
  ),
  'archiveKey.notAuthentic': msg<{ file: string; keyId: string }>(
    (p) => `${p.file}: does not authenticate under key id ${p.keyId} (the file was changed or damaged)`,
    (p) => `${p.file}：在密钥标识 ${p.keyId} 下校验不通过（文件已被改动或损坏）`,
  ),
  'index.notIndex': msg<{ file: string; runDir: string }>(
    (p) => `${p.file} is not a siprint index: rebuild it with siprint index ${p.runDir}`,
    (p) => `${p.file} 不是 siprint 的校验索引：请用 siprint index ${p.runDir} 重建`,
  ),
  'index.truncated': msg<{ file: string; runDir: string }>(
    (p) => `${p.file} is truncated: rebuild it with siprint index ${p.runDir}`,
    (p) => `${p.file} 不完整（被截断）：请用 siprint index ${p.runDir} 重建`,
  ),
  'releaseFile.notJson': msg<{ file: string }>(
    (p) => `${p.file} is not valid JSON: the release record is damaged (restore it, or re-run finalize)`,
    (p) => `${p.file} 不是有效的 JSON：放行记录已损坏（请恢复该文件，或重新收尾）`,
  ),
  'releaseFile.notRelease': msg<{ file: string; format: string; status: string }>(
    (p) => `${p.file} is not a siprint release record (format ${p.format}, status ${p.status})`,
    (p) => `${p.file} 不是 siprint 的放行记录（"format" 为 ${p.format}，"status" 为 ${p.status}）`,
  ),
  'tracking.appliedMissing': msg<{ file: string; kind: 'makeup' | 'returns'; k: number; runDir: string }>(
    (p) => `${p.file} is missing or not JSON but tracking/pieces.bin names ${p.kind === 'makeup' ? 'make-up package' : 'returns file'} ${p.k}: run siprint verify ${p.runDir}`,
    (p) => `${p.file} 缺失或不是有效的 JSON，但 tracking/pieces.bin 记有${p.kind === 'makeup' ? '补制包' : '退信文件'} ${p.k}：请运行 siprint verify ${p.runDir}`,
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
