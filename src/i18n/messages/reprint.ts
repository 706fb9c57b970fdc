/** `siprint reprint`: its one-line refusals about the run it reprints from. */
import type { SsnFault } from '../../domain/ssn';
import { msg, text } from '../define';
import { ssnZh } from './exceptions';

type RunAt = { runId: string; runDir: string };

export const reprint = {
  'reprint.purged': msg<RunAt>(
    (p) => `run ${p.runId} (${p.runDir}) was purged: its archive is gone, so nothing of it can be reprinted`,
    (p) => `批次 ${p.runId}（${p.runDir}）已清除：其归档已不存在，无法补打其中任何一份`,
  ),
  'reprint.notFinished': msg<RunAt>(
    (p) => `run ${p.runId} (${p.runDir}) has not finished (no manifest.json): reprint from a finished run`,
    (p) => `批次 ${p.runId}（${p.runDir}）尚未完成（没有 manifest.json）：请从已完成的批次补打`,
  ),
  'reprint.badManifest': msg<{ manifest: string; runDir: string }>(
    (p) => `${p.manifest} is not valid JSON: run siprint verify on ${p.runDir}`,
    (p) => `${p.manifest} 不是有效的 JSON：请对 ${p.runDir} 运行 siprint verify`,
  ),
  'reprint.pending': msg<RunAt>(
    (p) => `run ${p.runId} is pending approval: nothing of it is reprinted until a second operator releases it (siprint release ${p.runDir} --approved-by OP)`,
    (p) => `批次 ${p.runId} 待审批：在第二名操作员放行之前不补打其中任何一份（siprint release ${p.runDir} --approved-by 操作员）`,
  ),
  'reprint.noRequest': text('no reprint request: give --ssn … or --list FILE', '没有补打请求：请给出 --ssn … 或 --list 文件'),
  'reprint.codeChanged': msg<{ runId: string; pieceId: string }>(
    (p) => `archive of run ${p.runId}: piece ${p.pieceId} has a verification code that the run's key does not give; the archive was changed (run siprint verify)`,
    (p) => `批次 ${p.runId} 的归档：件 ${p.pieceId} 的验证码不是该批次密钥所生成的；归档已被改动（请运行 siprint verify）`,
  ),
  'reprint.listAndFlag': msg<{ flag: string }>(
    (p) => `--list takes every request from the file: drop ${p.flag}`,
    (p) => `--list 从文件中读取全部请求：请去掉 ${p.flag}`,
  ),
  'reprint.needs': msg<{ flags: string }>(
    (p) => `reprint needs ${p.flags} (or --list FILE)`,
    (p) => `补打需要 ${p.flags}（或 --list 文件）`,
  ),

  // one request's problems (from --ssn … or a row of --list)
  'reprint.listRow': msg<{ file: string; row: number }>((p) => `${p.file} row ${p.row}`, (p) => `${p.file} 第 ${p.row} 行`),
  'reprint.badSsn': msg<{ fault: SsnFault; length: number; why: string }>(
    (p) => `ssn is not a valid 社会保障号码 (${p.why})`,
    (p) => `社会保障号码无效（号码${(ssnZh[p.fault] ?? (() => '无效'))(p.length)}）`,
  ),
  'reprint.badRelation': msg<{ relation: string; relations: string }>(
    (p) => `relation "${p.relation}" must be one of ${p.relations}`,
    (p) => `关系 "${p.relation}" 应为 ${p.relations} 之一`,
  ),
  'reprint.noReason': text('reason is empty: say why the statement is reprinted (e.g. 遗失)', '补打原因为空：请写明原因（如 遗失）'),
  'reprint.longReason': text('reason is longer than 200 characters', '补打原因超过 200 个字符'),
  'reprint.ssnInReason': text(
    'reason holds what looks like an identity number: the audit log must not carry it',
    '补打原因中含有疑似社会保障号码的内容：审计日志不得记录',
  ),
  'reprint.badRequestedBy': msg<{ operator: string; rule: string }>(
    (p) => `requested-by "${p.operator}" is not an operator ID (${p.rule})`,
    (p) => `申请人 "${p.operator}" 不是操作员工号（${p.rule}）`,
  ),
  'reprint.badApprovedBy': msg<{ operator: string; rule: string }>(
    (p) => `approved-by "${p.operator}" is not an operator ID (${p.rule})`,
    (p) => `审批人 "${p.operator}" 不是操作员工号（${p.rule}）`,
  ),
  'reprint.approverNobody': msg<{ operator: string }>(
    (p) => `approved-by ${p.operator} names nobody: give the ID of the approving operator`,
    (p) => `审批人 ${p.operator} 不指任何人：请给出审批操作员的工号`,
  ),
  'reprint.needsApproval': msg<{ relation: string }>(
    (p) => `a request by relation "${p.relation}" needs --approved-by: a second operator must approve it (order 14)`,
    (p) => `关系为 "${p.relation}" 的申请须有 --approved-by：须由第二名操作员审批（第 14 号令）`,
  ),
  'reprint.approverSame': msg<{ operator: string }>(
    (p) => `approved-by ${p.operator} is the requesting operator: a second, different operator must approve`,
    (p) => `审批人 ${p.operator} 就是申请人：须由另一名操作员审批`,
  ),
  'reprint.notInRun': msg<{ ssn: string; runId: string; runDir: string }>(
    (p) => `ssn ${p.ssn} is not in run ${p.runId} (${p.runDir}): no statement of that run was printed for it; check the number and the run`,
    (p) => `社会保障号码 ${p.ssn} 不在批次 ${p.runId}（${p.runDir}）中：该批次没有为其打印记录单；请核对号码和批次`,
  ),
  'reprint.notPrinted': msg<{ ssn: string; runId: string; why: string }>(
    (p) => `ssn ${p.ssn} was not printed in run ${p.runId}, so it cannot be reprinted: ${p.why} (matched by the masked ssn)`,
    (p) => `社会保障号码 ${p.ssn} 在批次 ${p.runId} 中未打印，因此不能补打：${p.why}（按脱敏号码匹配）`,
  ),
  'reprint.heldAs': msg<{ suppressed: boolean; reason: string; recordId: string; line: number; message: string }>(
    (p) => `${p.suppressed ? 'suppressed' : 'held'} as ${p.reason} (record ${p.recordId}, extract line ${p.line}: ${p.message})`,
    (p) => `因 ${p.reason} ${p.suppressed ? '不寄送' : '暂缓（留存）'}（记录 ${p.recordId}，年终数据第 ${p.line} 行：${p.message}）`,
  ),
  'reprint.addressUnprintable': msg<{ why: string }>((p) => `the new address cannot be printed: ${p.why}`, (p) => `新地址无法打印：${p.why}`),
  'reprint.twiceADay': msg<{ ssn: string; time: string; pieceId: string }>(
    (p) => `ssn ${p.ssn} was reprinted at ${p.time} (${p.pieceId}): a second reprint of the same person within a day needs --approved-by, a second operator`,
    (p) => `社会保障号码 ${p.ssn} 已于 ${p.time} 补打（${p.pieceId}）：同一人一天内第二次补打须由第二名操作员以 --approved-by 审批`,
  ),

  // --list and --address-json
  'reprint.addressJson': msg<{ file: string; problem: string }>(
    (p) => `--address-json ${p.file}: ${p.problem} (give {"postcode","province","city"?,"district"?,"line"})`,
    (p) => `--address-json ${p.file}：${p.problem}（请给出 {"postcode","province","city"?,"district"?,"line"}）`,
  ),
  'reprint.addressUnknownField': msg<{ keys: string }>((p) => `unknown field "${p.keys}"`, (p) => `未知字段 "${p.keys}"`),
  'reprint.postcodeDigits': text('expected 6 digits', '应为 6 位数字'),
  'reprint.addressInvalid': text('address invalid', '地址无效'),
  'reprint.listUnreadable': msg<{ file: string; code: string }>((p) => `--list ${p.file}: cannot be read (${p.code})`, (p) => `--list ${p.file}：无法读取（${p.code}）`),
  'reprint.listNotUtf8': msg<{ file: string }>(
    (p) => `--list ${p.file}: not valid UTF-8: save it as UTF-8 (from GB18030: iconv -f GB18030 -t UTF-8)`,
    (p) => `--list ${p.file}：不是有效的 UTF-8：请存为 UTF-8（从 GB18030 转换：iconv -f GB18030 -t UTF-8）`,
  ),
  'reprint.listNotCsv': msg<{ file: string; problem: string }>((p) => `--list ${p.file}: not valid CSV (${p.problem})`, (p) => `--list ${p.file}：不是有效的 CSV（${p.problem}）`),
  'reprint.listEmpty': msg<{ file: string; columns: string }>(
    (p) => `--list ${p.file}: empty; the first row names the columns ${p.columns}`,
    (p) => `--list ${p.file}：文件为空；第一行应为列名 ${p.columns}`,
  ),
  'reprint.listHeader': msg<{ file: string; missing: string; unknown: string; columns: string }>(
    (p) => `--list ${p.file}: header ${p.missing ? `lacks ${p.missing}` : ''}${p.missing && p.unknown ? '; ' : ''}${p.unknown ? `has unknown column ${p.unknown}` : ''} (columns: ${p.columns})`,
    (p) => `--list ${p.file}：表头${p.missing ? `缺少 ${p.missing}` : ''}${p.missing && p.unknown ? '；' : ''}${p.unknown ? `有未知列 ${p.unknown}` : ''}（列：${p.columns}）`,
  ),
  'reprint.listNoRows': msg<{ file: string }>((p) => `--list ${p.file}: no requests after the header row`, (p) => `--list ${p.file}：表头之后没有申请`),
  'reprint.listFields': msg<{ n: number; header: number }>(
    (p) => `${p.n} fields, the header has ${p.header} (a comma inside a value? quote the value)`,
    (p) => `${p.n} 个字段，表头有 ${p.header} 个（值中有逗号？请给该值加引号）`,
  ),
  'reprint.listSameSsn': msg<{ first: string }>(
    (p) => `the same ssn as ${p.first}; one request per person and list`,
    (p) => `与 ${p.first} 的社会保障号码相同；每份名单中每人只能有一条申请`,
  ),
  'reprint.locked': msg<{ runId: string; seconds: number; pid: string; host: string; lock: string }>(
    (p) => `a reprint of run ${p.runId} has been under way for over ${p.seconds} s in process ${p.pid} on ${p.host} (${p.lock}): wait for it, or stop it`,
    (p) => `批次 ${p.runId} 的补打已在 ${p.host} 上的进程 ${p.pid} 中进行了 ${p.seconds} 秒以上（${p.lock}）：请等待其结束，或将其停止`,
  ),

  // what a reprint made
  'reprint.reprinted': msg<{ original: string; pieceId: string; recordId: string; ssnMasked: string; role: string }>(
    (p) => `reprinted ${p.original} as ${p.pieceId} (record ${p.recordId}, ${p.ssnMasked}, to ${p.role})`,
    (p) => `已补打 ${p.original}，新邮件编号 ${p.pieceId}（记录 ${p.recordId}，${p.ssnMasked}，寄给 ${p.role}）`,
  ),
  'reprint.package': msg<{ file: string; sha256: string }>((p) => `package ${p.file} sha256 ${p.sha256}`, (p) => `印制包 ${p.file} SHA-256 ${p.sha256}`),
};
