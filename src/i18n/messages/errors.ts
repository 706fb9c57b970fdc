/**
 * One-line errors that end a command, with their fix (exit 2): `run`'s options, its ticket and its
 * run directory. Options, fields, file names and commands stay as they are.
 */
import { msg, text } from '../define';

type Run = { runId: string };

export const errors = {
  // run's options
  'err.wholeNumber': msg<{ name: string; value: string; min: number; max: number }>(
    (p) => `${p.name} ${p.value} must be a whole number from ${p.min} to ${p.max}`,
    (p) => `${p.name} ${p.value} 应为 ${p.min} 到 ${p.max} 之间的整数`,
  ),
  'err.encoding': msg<{ value: string }>((p) => `--encoding ${p.value}: use utf8 or gb18030`, (p) => `--encoding ${p.value}：请用 "utf8" 或 "gb18030"`),
  'err.noResume': msg<{ runDir: string }>(
    (p) => `${p.runDir} is not a run directory (no run.json): nothing to resume`,
    (p) => `${p.runDir} 不是批次目录（没有 run.json）：无可继续的批次`,
  ),
  'err.otherRunId': msg<{ runId: string; runDir: string; inDir: string }>(
    (p) => `--run-id ${p.runId} is not the run in ${p.runDir} (${p.inDir})`,
    (p) => `--run-id ${p.runId} 不是 ${p.runDir} 中的批次（${p.inDir}）`,
  ),
  'err.noOut': text('no output directory: give --out DIR', '未指定输出目录：请给出 --out DIR'),
  'err.resumeWhich': text(
    '--resume needs the run: give --resume RUN_DIR, or --out DIR with --run-id ID',
    '--resume 须指明批次：请给出 --resume RUN_DIR，或 --out DIR 加 --run-id ID',
  ),
  'err.noExtract': msg<{ file: string }>((p) => `extract ${p.file} does not exist`, (p) => `年终数据文件 ${p.file} 不存在`),

  // the ticket and what it configures
  'err.ticket': msg<{ file: string; problem: string }>((p) => `ticket ${p.file}: ${p.problem}`, (p) => `任务单 ${p.file}：${p.problem}`),
  'err.ticketField': msg<{ field: string; problem: string }>((p) => `field "${p.field}": ${p.problem}`, (p) => `字段 "${p.field}"：${p.problem}`),
  'err.ticketUnknown': msg<{ keys: string }>((p) => `unknown field "${p.keys}"`, (p) => `未知字段 "${p.keys}"`),
  'err.topLevel': text('(top level)', '（顶层）'),
  'err.invalid': text('invalid', '无效'),
  'err.keyUnreadable': msg<{ file: string }>(
    (p) => `${p.file} cannot be read (give an armored key or a readable file)`,
    (p) => `${p.file} 无法读取（请给出 ASCII 格式的公钥，或可读的文件）`,
  ),
  'err.reprintTicket': msg<{ file: string }>(
    (p) => `ticket ${p.file} is a reprint ticket: use \`siprint reprint\`, not \`siprint run\``,
    (p) => `任务单 ${p.file} 是补打任务单：请用 \`siprint reprint\`，而不是 \`siprint run\``,
  ),
  'err.noYear': text('no year: give --year YYYY (or "year" in the ticket)', '未指定业务年度：请给出 --year YYYY（或在任务单中设 "year"）'),
  'err.badYear': msg<{ year: string }>((p) => `--year ${p.year} is not a year between 2000 and 2100`, (p) => `--year ${p.year} 不是 2000 到 2100 之间的年份`),
  'err.noExtractGiven': text('no extract: give --extract FILE (or "extract" in the ticket)', '未指定年终数据：请给出 --extract FILE（或在任务单中设 "extract"）'),
  'err.noSchemes': text('a scheme-mode ticket must list its schemes', '分险种任务单必须列出其险种'),
  'err.noKey': text(
    'no verification key: set SIPRINT_VERIFY_KEY (or "verificationKey" in the ticket)',
    '未设校验密钥：请设置 SIPRINT_VERIFY_KEY（或在任务单中设 "verificationKey"）',
  ),
  'err.keyShort': text('SIPRINT_VERIFY_KEY is too short: use at least 16 characters', 'SIPRINT_VERIFY_KEY 太短：至少要 16 个字符'),
  'err.badRunId': msg<{ runId: string }>(
    (p) => `--run-id "${p.runId}" is not a valid run ID (letters, digits, . _ -; at most 64; no leading dot)`,
    (p) => `--run-id "${p.runId}" 不是有效的批次号（字母、数字、. _ -；最多 64 个字符；不以点开头）`,
  ),
  'err.badOperator': msg<{ operator: string; rule: string }>(
    (p) => `--operator ${p.operator} is not an operator ID (${p.rule})`,
    (p) => `--operator ${p.operator} 不是操作员工号（${p.rule}）`,
  ),
  'err.approvalOperator': msg<{ file: string; operator?: string }>(
    (p) =>
      `ticket ${p.file} sets requireApproval: give the operator who starts the run (--operator ID, or $USER)${p.operator === undefined ? '' : `, not ${p.operator}, which names nobody`}; a second operator releases it`,
    (p) => `任务单 ${p.file} 设了 requireApproval：请给出发起批次的操作员（--operator ID，或 $USER）${p.operator === undefined ? '' : `，${p.operator} 不指任何人`}；由另一名操作员放行`,
  ),
  'err.keyMissing': msg<Run & { keyId: string }>(
    (p) => `run ${p.runId}: no verification key here: set SIPRINT_VERIFY_KEY to the key the run was started with (key id ${p.keyId})`,
    (p) => `批次 ${p.runId}：此处没有校验密钥：请把 SIPRINT_VERIFY_KEY 设为批次开始时用的密钥（密钥编号 ${p.keyId}）`,
  ),
  'err.keyWrong': msg<Run & { from: string; keyId: string }>(
    (p) => `run ${p.runId}: the verification key from ${p.from} is not the run's key (key id ${p.keyId}): set SIPRINT_VERIFY_KEY to the right key`,
    (p) => `批次 ${p.runId}：来自 ${p.from} 的校验密钥不是本批次的密钥（密钥编号 ${p.keyId}）：请把 SIPRINT_VERIFY_KEY 设为正确的密钥`,
  ),
  'err.keyFromCaller': text('the caller', '调用方'),
  'err.keyFromTicket': msg<{ file: string }>((p) => `ticket ${p.file}`, (p) => `任务单 ${p.file}`),

  // the run directory
  'err.runExists': msg<Run & { dir: string }>(
    (p) => `run ${p.runId} already exists in ${p.dir}: add --resume to continue it, or choose another --run-id`,
    (p) => `批次 ${p.runId} 已存在于 ${p.dir}：加 --resume 继续执行，或另选 --run-id`,
  ),
  'err.runMissing': msg<Run & { dir: string }>(
    (p) => `run ${p.runId} does not exist in ${p.dir}: nothing to resume (drop --resume to start it)`,
    (p) => `批次 ${p.runId} 不在 ${p.dir} 中：无可继续的批次（去掉 --resume 即可新开始）`,
  ),
  'err.cannotResume': msg<Run & { what: string }>(
    (p) => `run ${p.runId} cannot resume: ${p.what} (resume with the run's own settings, or start a new run ID)`,
    (p) => `批次 ${p.runId} 无法继续：${p.what}（请用该批次原来的设置继续，或用新的批次号开始）`,
  ),
  'err.keyDiffers': text('the verification key differs', '校验密钥不同'),
  'err.fieldChanged': msg<{ field: string; was: string; now: string }>((p) => `${p.field} was ${p.was}, now ${p.now}`, (p) => `${p.field} 原为 ${p.was}，现为 ${p.now}`),
  'err.extractUnreadable': msg<{ file: string; code: string }>(
    (p) => `cannot read extract ${p.file}: ${p.code}; check the path and permissions`,
    (p) => `无法读取年终数据 ${p.file}：${p.code}；请检查路径和权限`,
  ),
};
