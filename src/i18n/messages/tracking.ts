/** The last mile after the hand-off: `results`, `makeup`, `dispatch`, `returns`, and the piece states (docs/glossary.md). */
import { msg, text } from '../define';

export const tracking = {
  'piece.notDelivered': text('not yet at the print house', '未交付'),
  'piece.unreported': text('unreported', '未回报'),
  'piece.produced': text('produced', '已制作'),
  'piece.failed': text('failed', '制作失败'),
  'piece.madeUp': text('made up', '补制中'),
  'piece.dispatched': text('dispatched', '已交寄'),
  'piece.returned': text('returned', '已退信'),

  'tracking.notRunDir': msg<{ runDir: string }>((p) => `${p.runDir} is not a run directory (no run.json): give DIR/<runId>`, (p) => `${p.runDir} 不是批次目录（没有 run.json）：请给出 DIR/<批次号>`),
  'tracking.notFinished': msg<{ runId: string }>((p) => `run ${p.runId} has not finished: take files in once \`siprint status\` says done`, (p) => `批次 ${p.runId} 尚未完成：请在 \`siprint status\` 显示完成后再录入`),
  'tracking.purged': msg<{ runId: string }>((p) => `run ${p.runId} was purged: nothing of it can be tracked any more`, (p) => `批次 ${p.runId} 已清除：无法再跟踪`),
  'tracking.locked': msg<{ runDir: string; holder: string }>(
    (p) => `another results/makeup/dispatch/returns is running on ${p.runDir} (${p.holder}): wait for it, or remove ${p.runDir}/tracking/lock if that process is gone`,
    (p) => `${p.runDir} 上已有 results/makeup/dispatch/returns 在运行（${p.holder}）：请等待，若该进程已不在，删除 ${p.runDir}/tracking/lock`,
  ),
  'tracking.storeMismatch': msg<{ file: string; runId: string; pieces: number; ours: number }>(
    (p) => `${p.file} is for run ${p.runId} with ${p.pieces} pieces, this run has ${p.ours}: restore the run's own tracking/ directory`,
    (p) => `${p.file} 属于批次 ${p.runId}（${p.pieces} 件），本批次有 ${p.ours} 件：请恢复本批次自己的 tracking/ 目录`,
  ),
  'tracking.noFile': msg<{ file: string }>((p) => `--file ${p.file} does not exist: give the file the print house sent`, (p) => `--file ${p.file} 不存在：请给出印刷厂发来的文件`),
  'tracking.summaryMissing': msg<{ file: string; runDir: string }>(
    (p) => `${p.file} is missing but tracking/pieces.bin names it: run siprint verify ${p.runDir}`,
    (p) => `${p.file} 不存在，但 tracking/pieces.bin 记有它：请运行 siprint verify ${p.runDir}`,
  ),
  'tracking.sameFile': msg<{ file: string; kind: string; k: number }>(
    (p) => `${p.file} was taken in before (tracking/${p.kind}-${p.k}.json): nothing changed`,
    (p) => `${p.file} 已录入过（tracking/${p.kind}-${p.k}.json）：未作改变`,
  ),

  'results.malformed': msg<{ file: string; line: number; why: string }>(
    (p) => `${p.file} line ${p.line}: ${p.why}; nothing of this file was recorded: correct the row and take the file in again`,
    (p) => `${p.file} 第 ${p.line} 行：${p.why}；本文件未录入任何内容：请更正该行后重新录入`,
  ),
  'results.badQuotes': text('a quote is not closed', '引号未闭合'),
  'results.badHeader': msg<{ header: string }>((p) => `the header is "${p.header}", expected piece,status[,time[,station]]`, (p) => `表头为 "${p.header}"，应为 "piece,status[,time[,station]]"`),
  'results.badColumns': msg<{ got: number; want: number }>((p) => `${p.got} fields, the header has ${p.want}`, (p) => `有 ${p.got} 个字段，表头有 ${p.want} 个`),
  'results.noPiece': text('field "piece" is empty', '字段 "piece" 为空'),
  'results.badStatus': msg<{ status: string; allowed: string }>((p) => `field "status" is "${p.status}", expected one of ${p.allowed}`, (p) => `字段 "status" 为 "${p.status}"，应为 ${p.allowed} 之一`),
  'results.badTime': msg<{ time: string }>((p) => `field "time" is "${p.time}", not a date-time (e.g. 2026-02-03T08:15:00+08:00)`, (p) => `字段 "time" 为 "${p.time}"，不是日期时间（如 2026-02-03T08:15:00+08:00）`),
  'results.empty': msg<{ file: string }>((p) => `${p.file} is empty: expected a header piece,status and a row per piece`, (p) => `${p.file} 为空：应有表头 "piece,status" 及每件一行`),
  'results.recorded': msg<{ file: string; k: number; rows: number }>((p) => `${p.file}: ${p.rows} rows taken in (tracking/results-${p.k}.json)`, (p) => `${p.file}：已录入 ${p.rows} 行（tracking/results-${p.k}.json）`),
  'results.counts': msg<{ counts: string }>((p) => `  reported: ${p.counts}`, (p) => `  回报：${p.counts}`),
  // the inserter's status words (the file's own) in English; their meaning in Chinese
  'results.status.ok': text('ok', '正常'),
  'results.status.outsorted': text('outsorted', '剔除'),
  'results.status.damaged': text('damaged', '损坏'),
  'results.status.jammed': text('jammed', '卡纸'),
  'results.status.missing': text('missing', '缺失'),
  'results.duplicates': msg<{ n: number; list: string }>(
    (p) => `  duplicates: ${p.n} piece(s) reported ok twice, someone may get two envelopes: ${p.list}`,
    (p) => `  重复：${p.n} 件两次回报 ok，可能有人收到两封：${p.list}`,
  ),
  'results.unknown': msg<{ n: number; list: string }>((p) => `  unknown: ${p.n} code(s) not of this run: ${p.list}`, (p) => `  未知：${p.n} 个编码不属于本批次：${p.list}`),
  'results.unreported': msg<{ n: number; list: string }>((p) => `  unreported: ${p.n} piece(s) of delivered packages with no result: ${p.list}`, (p) => `  未回报：已交付印制包中 ${p.n} 件没有结果：${p.list}`),
  'results.reprints': msg<{ n: number; counts: string }>((p) => `  reprints (RP-…): ${p.n} row(s): ${p.counts}`, (p) => `  补打件（RP-…）：${p.n} 行：${p.counts}`),
  'results.reprintsFailed': msg<{ n: number; list: string; runDir: string }>(
    (p) => `  ${p.n} reprint(s) not ok: reprint them again (siprint reprint --run ${p.runDir} …): ${p.list}`,
    (p) => `  ${p.n} 件补打未成功：请再次补打（siprint reprint --run ${p.runDir} …）：${p.list}`,
  ),
  'results.failedNow': msg<{ n: number; runDir: string }>((p) => `  ${p.n} piece(s) not ok: make them up with siprint makeup ${p.runDir}`, (p) => `  ${p.n} 件未成功：请用 siprint makeup ${p.runDir} 补制`),

  'tracking.pieces': msg<{ states: string }>((p) => `pieces: ${p.states}`, (p) => `邮件：${p.states}`),
  'tracking.allDispatched': msg<{ dispatchBy: string }>((p) => `every piece dispatched (due by ${p.dispatchBy})`, (p) => `全部已交寄（应于 ${p.dispatchBy} 前）`),
  'tracking.notDispatched': msg<{ pieces: string; dispatchBy: string; days: string; list: string }>(
    (p) => `${p.pieces} piece(s) not dispatched yet, due by ${p.dispatchBy} (${p.days}): ${p.list}`,
    (p) => `${p.pieces} 件尚未交寄，应于 ${p.dispatchBy} 前（${p.days}）：${p.list}`,
  ),
  'tracking.atRisk': msg<{ pieces: string; dispatchBy: string; days: string; list: string }>(
    (p) => `AT RISK: ${p.pieces} piece(s) not dispatched by ${p.dispatchBy} (${p.days}), may miss the deadline: ${p.list}`,
    (p) => `有风险：${p.pieces} 件未在 ${p.dispatchBy} 前交寄（${p.days}），可能超过法定送达期限：${p.list}`,
  ),

  'makeup.badApprover': msg<{ approvedBy: string; rule: string }>((p) => `--approved-by ${JSON.stringify(p.approvedBy)} is not an operator ID (${p.rule})`, (p) => `--approved-by ${JSON.stringify(p.approvedBy)} 不是操作员工号（${p.rule}）`),
  'makeup.nobodyApprover': msg<{ approvedBy: string }>(
    (p) => `--approved-by ${p.approvedBy} names nobody: a make-up needs the ID of the second operator who approves it`,
    (p) => `--approved-by ${p.approvedBy} 不指向任何人：补制需审批的第二名操作员的工号`,
  ),
  'makeup.sameApprover': msg<{ operator: string }>(
    (p) => `--approved-by is ${p.operator}, who makes the package: a make-up needs a second operator's approval`,
    (p) => `--approved-by 与制作者 ${p.operator} 相同：补制需第二名操作员审批`,
  ),
  'reprint.mixedDelivery': msg<{ where: string; ssn: string }>(
    (p) => `${p.where}: ssn ${p.ssn} had an electronic statement and is reprinted as a new PDF, the others on paper: one package is one kind; give them in separate reprints (or --address for paper)`,
    (p) => `${p.where}：社会保障号码 ${p.ssn} 的记录单为电子送达，补打为新的 PDF，其余为纸质：一个包只含一种；请分开补打（或给出 --address 改为纸质）`,
  ),
  'makeup.needsApproval': msg<{ pieces: number; total: number; percent: string; limit: number; runDir: string }>(
    (p) => `${p.pieces} of ${p.total} pieces (${p.percent}%) to make up, more than makeupApprovalPercent ${p.limit}%: a second operator must approve (siprint makeup ${p.runDir} --approved-by OTHER_OPERATOR); nothing made`,
    (p) => `需补制 ${p.pieces}/${p.total} 件（${p.percent}%），超过 makeupApprovalPercent ${p.limit}%：须由第二名操作员审批（siprint makeup ${p.runDir} --approved-by 另一操作员）；未制作`,
  ),
  'makeup.archiveOrder': msg<{ partId: string; seq: number; found: string; expected: string }>(
    (p) => `archive of part ${p.partId}: line ${p.seq} is piece ${p.found}, expected ${p.expected}; the archive was changed (run siprint verify)`,
    (p) => `分卷 ${p.partId} 的存档：第 ${p.seq} 行为 ${p.found}，应为 ${p.expected}；存档已被改动（请运行 siprint verify）`,
  ),
  'makeup.archiveShort': msg<{ partId: string; lines: number; pieces: number }>(
    (p) => `archive of part ${p.partId} has ${p.lines} pieces, the run says ${p.pieces}; the archive was changed (run siprint verify)`,
    (p) => `分卷 ${p.partId} 的存档有 ${p.lines} 件，批次记录为 ${p.pieces} 件；存档已被改动（请运行 siprint verify）`,
  ),
  'makeup.none': msg<{ runId: string }>((p) => `run ${p.runId}: no piece to make up (every failed piece is in a make-up package already, or none failed)`, (p) => `批次 ${p.runId}：没有需补制的邮件（失败的邮件均已在补制包中，或没有失败）`),
  'makeup.made': msg<{ file: string; pieces: number; sheets: number }>(
    (p) => `make-up package ${p.file}: ${p.pieces} piece(s), ${p.sheets} sheet(s); send it with siprint deliver`,
    (p) => `补制包 ${p.file}：${p.pieces} 件，${p.sheets} 张；请用 siprint deliver 发送`,
  ),

  'dispatch.badHeader': msg<{ header: string }>((p) => `the header is "${p.header}", expected unit,dispatchedOn[,receipt]`, (p) => `表头为 "${p.header}"，应为 "unit,dispatchedOn[,receipt]"`),
  'dispatch.noUnit': text('field "unit" is empty (a package file name or a piece ID)', '字段 "unit" 为空（应为印制包文件名或邮件编号）'),
  'dispatch.badDate': msg<{ date: string }>((p) => `field "dispatchedOn" is "${p.date}", not a date YYYY-MM-DD`, (p) => `字段 "dispatchedOn" 为 "${p.date}"，不是日期 YYYY-MM-DD`),
  'dispatch.empty': msg<{ file: string }>((p) => `${p.file} is empty: expected a header unit,dispatchedOn and a row per package or piece`, (p) => `${p.file} 为空：应有表头 "unit,dispatchedOn" 及每个印制包或每件一行`),
  'dispatch.recorded': msg<{ file: string; k: number; packages: number; pieces: number }>(
    (p) => `${p.file}: ${p.packages} package(s) and ${p.pieces} piece(s) dispatched (tracking/dispatch-${p.k}.json)`,
    (p) => `${p.file}：已交寄印制包 ${p.packages} 个、单件 ${p.pieces} 件（tracking/dispatch-${p.k}.json）`,
  ),
  'dispatch.unknown': msg<{ n: number; list: string }>((p) => `  unknown: ${p.n} unit(s) neither a package nor a piece of this run: ${p.list}`, (p) => `  未知：${p.n} 项既非本批次的印制包也非其邮件：${p.list}`),
  'returns.badColumns': msg<{ got: number }>((p) => `${p.got} fields, expected piece[,reason[,returnedOn]]`, (p) => `有 ${p.got} 个字段，应为 "piece[,reason[,returnedOn]]"`),
  'returns.badReason': msg<{ reason: string; allowed: string }>((p) => `reason "${p.reason}" is not one of ${p.allowed}`, (p) => `退信原因 "${p.reason}" 不是 ${p.allowed} 之一`),
  'returns.badDate': msg<{ date: string }>((p) => `field "returnedOn" is "${p.date}", not a date YYYY-MM-DD`, (p) => `字段 "returnedOn" 为 "${p.date}"，不是日期 YYYY-MM-DD`),
  'returns.empty': msg<{ file: string }>((p) => `${p.file} is empty: expected one returned envelope a line (its scanned code[,reason[,returnedOn]])`, (p) => `${p.file} 为空：应每行一封退信（扫描的编码[,原因[,退回日期]]）`),
  'returns.recorded': msg<{ file: string; k: number; rows: number; returned: number }>(
    (p) => `${p.file}: ${p.rows} scan(s), ${p.returned} piece(s) newly returned (tracking/returns-${p.k}.json)`,
    (p) => `${p.file}：扫描 ${p.rows} 件，新退信 ${p.returned} 件（tracking/returns-${p.k}.json）`,
  ),
  'returns.counts': msg<{ counts: string }>((p) => `  by reason: ${p.counts}`, (p) => `  按原因：${p.counts}`),
  'returns.repeated': msg<{ n: number; list: string }>((p) => `  repeated: ${p.n} scan(s) of a piece already returned, not counted again: ${p.list}`, (p) => `  重复：${p.n} 次扫描的邮件已登记退信，不重复计数：${p.list}`),
  'returns.unknown': msg<{ n: number; list: string }>((p) => `  unknown: ${p.n} code(s) not of this run: ${p.list}`, (p) => `  未知：${p.n} 个编码不属于本批次：${p.list}`),
  'returns.files': msg<{ csv: string; addresses: string }>(
    (p) => `  for the core system: ${p.csv} (no name, ssn or address); for next year's run --returned: ${p.addresses}`,
    (p) => `  供核心系统：${p.csv}（无姓名、社会保障号码、地址）；供明年 siprint run --returned：${p.addresses}`,
  ),
  'returns.remail': msg<{ runDir: string }>(
    (p) => `  re-mail to a corrected address: siprint reprint --run ${p.runDir} --ssn SSN --address-json NEW.json …`,
    (p) => `  按更正后的地址重寄：siprint reprint --run ${p.runDir} --ssn 社会保障号码 --address-json 新地址.json …`,
  ),
  'returns.reason.UNKNOWN_ADDRESSEE': text('unknown addressee 查无此人', '查无此人'),
  'returns.reason.INSUFFICIENT_ADDRESS': text('insufficient address 地址不详', '地址不详'),
  'returns.reason.MOVED': text('moved, no new address 迁移新址不明', '迁移新址不明'),
  'returns.reason.REFUSED': text('refused 拒收', '拒收'),
  'returns.reason.OTHER': text('other', '其他'),
  'returned.held': msg<{ reason: string; reasonZh: string; runId: string; pieceId: string; returnedOn: string }>(
    (p) => `the statement to this person at this address came back (${p.reason} ${p.reasonZh}, piece ${p.pieceId} of run ${p.runId}, ${p.returnedOn}): correct the address in the core system, and it prints`,
    (p) => `寄往此人此地址的记录单曾被退回（${p.reason} ${p.reasonZh}，批次 ${p.runId} 邮件 ${p.pieceId}，${p.returnedOn}）：请在核心系统中更正地址后再打印`,
  ),
  'returned.needsKey': text(
    '--returned needs the verification key the lists were made under: set SIPRINT_VERIFY_KEY (or give the ticket with its verificationKey)',
    '--returned 需要生成退信清单时所用的校验密钥：请设置 SIPRINT_VERIFY_KEY（或给出含 verificationKey 的任务单）',
  ),
  'returned.changed': msg<{ runId: string; file: string }>(
    (p) => `run ${p.runId}: the --returned list ${p.file} changed since the run was created (SHA-256 differs from run.json): restore it, or start a new run with the new list`,
    (p) => `批次 ${p.runId}：--returned 清单 ${p.file} 在批次创建后被改动（SHA-256 与 run.json 不符）：请恢复原文件，或用新清单另开批次`,
  ),
  'returned.onResume': text(
    '--returned is given when a run is created: a resumed run keeps the lists in its run.json (start a new run ID for other lists)',
    '--returned 只能在创建批次时给出：续跑的批次沿用 run.json 中的清单（换用其他清单请另开批次号）',
  ),
  'returned.noFile': msg<{ file: string }>((p) => `--returned ${p.file} does not exist: give last year's returns/returned-addresses.jsonl`, (p) => `--returned ${p.file} 不存在：请给出上年的 returns/returned-addresses.jsonl`),
  'returned.badLine': msg<{ file: string; line: number }>(
    (p) => `--returned ${p.file} line ${p.line}: not a line of returned-addresses.jsonl (JSON with ssnHash and addressHash, 64 hex digits each): give the file siprint returns wrote`,
    (p) => `--returned ${p.file} 第 ${p.line} 行：不是 returned-addresses.jsonl 的行（应为含 ssnHash 与 addressHash 各 64 位十六进制的 JSON）：请给出 siprint returns 写出的文件`,
  ),
  'returned.list': msg<{ file: string; entries: string; sha256: string }>(
    (p) => `returned-mail list ${p.file}: ${p.entries} returned address(es), SHA-256 ${p.sha256}`,
    (p) => `退信清单 ${p.file}：${p.entries} 个退信地址，SHA-256 ${p.sha256}`,
  ),
  'report.tracking': text('After the hand-off: every piece', '交付之后：每件邮件'),
  'report.total': text('all', '合计'),
  'report.daysToDeadline': msg<{ deadline: string; days: string; dispatchBy: string; transitDays: number }>(
    (p) => `Deadline ${p.deadline} (${p.days}); every piece with the post by ${p.dispatchBy} (${p.transitDays} days in the post)`,
    (p) => `法定送达期限 ${p.deadline}（${p.days}）；须于 ${p.dispatchBy} 前全部交寄（邮程 ${p.transitDays} 天）`,
  ),
  'report.trackingFiles': msg<{ results: number; makeup: number; dispatch: number; returns: number }>(
    (p) => `taken in: ${p.results} results file(s), ${p.makeup} make-up package(s), ${p.dispatch} dispatch file(s), ${p.returns} returns file(s) (tracking/)`,
    (p) => `已录入：制作结果 ${p.results} 份、补制包 ${p.makeup} 个、交寄回执 ${p.dispatch} 份、退信 ${p.returns} 份（tracking/）`,
  ),
  'funnel.total': text('pieces', '邮件数'),
  'funnel.atPrintHouse': text('at the print house', '已交付印刷厂'),
  'funnel.produced': text('produced', '已制作'),
  'funnel.dispatched': text('dispatched', '已交寄'),
  'funnel.returned': text('returned', '已退信'),
  'funnel.failed': text('failed', '制作失败'),
  'funnel.madeUp': text('being made up', '补制中'),
  'funnel.unreported': text('unreported', '未回报'),
};
