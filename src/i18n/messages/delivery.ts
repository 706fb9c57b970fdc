/** The hand-off to the print house: `deliver`, `acks`, and the package states every screen shows (docs/glossary.md). */
import { msg, text } from '../define';

type Host = { host: string };
type HostFile = { host: string; file: string };
const keyscan = (p: { host: string; port: number; file: string }) => `ssh-keyscan -p ${p.port} ${p.host} >> ${p.file}`;

export const delivery = {
  'state.sealed': text('sealed (pending approval)', '已封装（待审批）'),
  'state.released': text('released', '已放行'),
  'state.delivered': text('delivered', '已交付'),
  'state.acknowledged': text('acknowledged', '已确认接收'),
  'state.rejected': text('rejected', '已退回（印刷厂）'),

  // where to, and with which key
  'delivery.ticketUrl': text('ticket printHouse.sftp.url', '任务单 printHouse.sftp.url'),
  'delivery.badUrl': msg<{ field: string; url: string }>((p) => `${p.field} ${p.url} is not sftp://user@host[:port]/path`, (p) => `${p.field} ${p.url} 不是 sftp://用户@主机[:端口]/路径`),
  'delivery.passwordInUrl': msg<{ field: string }>(
    (p) => `${p.field} holds a password: siprint uses key authentication only (give the key with --identity FILE)`,
    (p) => `${p.field} 中含有密码：siprint 只用密钥认证（用 --identity FILE 指定私钥）`,
  ),
  'delivery.noTarget': text(
    'no print house to deliver to: give --to sftp://user@host[:port]/path (or "printHouse.sftp.url" in the ticket)',
    '未指定印刷厂：请给出 --to sftp://用户@主机[:端口]/路径（或在任务单中设 "printHouse.sftp.url"）',
  ),
  'delivery.noIdentity': text(
    'no key to log in with: give --identity FILE (a private key; or "printHouse.sftp.identityFile" in the ticket)',
    '未指定登录密钥：请给出 --identity FILE（私钥；或在任务单中设 "printHouse.sftp.identityFile"）',
  ),
  'delivery.identityUnreadable': msg<{ file: string; code: string }>((p) => `--identity ${p.file} cannot be read (${p.code})`, (p) => `--identity ${p.file} 无法读取（${p.code}）`),
  'delivery.identityNotKey': msg<{ file: string }>(
    (p) => `--identity ${p.file} is not a private key (expected an OpenSSH or PEM private key file)`,
    (p) => `--identity ${p.file} 不是私钥文件（应为 OpenSSH 或 PEM 格式私钥）`,
  ),
  'delivery.knownHostsMissing': msg<{ file: string; host: string; port: number }>(
    (p) => `known-hosts file ${p.file} does not exist: check the print house's host key, then: ${keyscan(p)}`,
    (p) => `主机密钥文件 ${p.file} 不存在：核对印刷厂的主机密钥后执行：${keyscan(p)}`,
  ),
  'delivery.hostKeyUnknown': msg<{ host: string; port: number; file: string }>(
    (p) => `host ${p.host}:${p.port} has no key in ${p.file}: nothing sent; check the print house's host key, then: ${keyscan(p)}`,
    (p) => `主机 ${p.host}:${p.port} 的密钥不在 ${p.file} 中：未发送任何文件；核对印刷厂的主机密钥后执行：${keyscan(p)}`,
  ),
  'delivery.hostKeyChanged': msg<{ host: string; port: number; file: string }>(
    (p) => `host ${p.host}:${p.port} presented a host key that ${p.file} does not list (host key changed, or not the print house): nothing sent; ask the print house whether its key changed, then replace the line: ${keyscan(p)}`,
    (p) => `主机 ${p.host}:${p.port} 的主机密钥与 ${p.file} 不符（密钥已变更，或对方不是印刷厂）：未发送任何文件；向印刷厂确认密钥是否变更后替换该行：${keyscan(p)}`,
  ),

  // one line per failure: host, file, cause
  'delivery.authRefused': msg<{ host: string; user: string; identity: string }>(
    (p) => `host ${p.host} refused the key ${p.identity} for user ${p.user} (authentication refused): give the print house ${p.identity}.pub for its authorized keys, or use the key it has`,
    (p) => `主机 ${p.host} 拒绝了用户 ${p.user} 的密钥 ${p.identity}（认证被拒）：请把 ${p.identity}.pub 交给印刷厂加入授权密钥，或改用其已登记的密钥`,
  ),
  'delivery.permissionDenied': msg<{ host: string; file: string; user: string }>(
    (p) => `host ${p.host}: permission denied writing ${p.file}: ask the print house to let ${p.user} write there, then deliver again`,
    (p) => `主机 ${p.host}：无权写入 ${p.file}：请印刷厂允许 ${p.user} 写入该目录后重新交付`,
  ),
  'delivery.noSuchDir': msg<{ host: string; dir: string }>(
    (p) => `host ${p.host} has no directory ${p.dir}: check the path in --to (or printHouse.sftp.url) with the print house`,
    (p) => `主机 ${p.host} 上没有目录 ${p.dir}：请与印刷厂核对 --to（或 printHouse.sftp.url）中的路径`,
  ),
  'delivery.diskFull': msg<HostFile & { free: number }>(
    (p) => `host ${p.host}: disk full writing ${p.file} (${p.free} KiB free): ask the print house to free space, then deliver again (complete packages are not sent twice)`,
    (p) => `主机 ${p.host}：写入 ${p.file} 时磁盘已满（剩余 ${p.free} KiB）：请印刷厂清理空间后重新交付（已完整的印制包不会重复发送）`,
  ),
  'delivery.refused': msg<{ host: string; port: number }>(
    (p) => `host ${p.host}:${p.port} refused the connection: is the print house's SFTP server up? Then deliver again`,
    (p) => `主机 ${p.host}:${p.port} 拒绝连接：请确认印刷厂的 SFTP 服务在运行，然后重新交付`,
  ),
  'delivery.unknownHost': msg<Host>((p) => `host ${p.host} is not known to the name service: check the host in --to`, (p) => `无法解析主机名 ${p.host}：请检查 --to 中的主机`),
  'delivery.connectionReset': msg<HostFile>(
    (p) => `connection to ${p.host} reset at ${p.file}: deliver again (complete packages are not sent twice)`,
    (p) => `与 ${p.host} 的连接在 ${p.file} 处中断：请重新交付（已完整的印制包不会重复发送）`,
  ),
  'delivery.otherFailure': msg<HostFile & { cause: string }>((p) => `host ${p.host}: ${p.file}: ${p.cause}`, (p) => `主机 ${p.host}：${p.file}：${p.cause}`),
  'delivery.sizeMismatch': msg<HostFile & { size: number; bytes: number }>(
    (p) => `host ${p.host}: ${p.file} is ${p.size} bytes after the upload, not ${p.bytes}: not renamed; deliver again`,
    (p) => `主机 ${p.host}：上传后 ${p.file} 为 ${p.size} 字节而非 ${p.bytes} 字节：未改名；请重新交付`,
  ),

  // the run
  'delivery.notRunDir': msg<{ runDir: string }>((p) => `${p.runDir} is not a run directory (no run.json): give DIR/<runId>`, (p) => `${p.runDir} 不是批次目录（没有 run.json）：请给出 DIR/<批次号>`),
  'delivery.notFinished': msg<{ runId: string }>(
    (p) => `run ${p.runId} is not finished: deliver it once \`siprint status\` says done`,
    (p) => `批次 ${p.runId} 尚未完成：待 \`siprint status\` 显示“已完成”后再交付`,
  ),
  'delivery.purged': msg<{ runId: string }>((p) => `run ${p.runId} is purged: its packages are gone`, (p) => `批次 ${p.runId} 已清除：印制包已不存在`),
  'delivery.notReleased': msg<{ runId: string; n: number; runDir: string }>(
    (p) => `run ${p.runId} is pending approval (${p.n} package${p.n === 1 ? '' : 's'} not released): nothing sent; a second operator releases it first: siprint release ${p.runDir} --approved-by OP`,
    (p) => `批次 ${p.runId} 待审批（${p.n} 个印制包未放行）：未发送任何文件；须由另一名操作员先放行：siprint release ${p.runDir} --approved-by OP`,
  ),
  'delivery.localChanged': msg<{ file: string; runDir: string }>(
    (p) => `${p.file} is missing or not the package manifest.json lists (size or SHA-256): nothing of it sent; run siprint verify ${p.runDir}`,
    (p) => `${p.file} 缺失或与 manifest.json 不符（大小或 SHA-256）：未发送；请运行 siprint verify ${p.runDir}`,
  ),
  'delivery.againUnknown': msg<{ file: string; runId: string }>((p) => `--again ${p.file}: no such package in run ${p.runId}`, (p) => `--again ${p.file}：批次 ${p.runId} 中没有这个印制包`),
  'delivery.againNotRejected': msg<{ file: string; state: string }>(
    (p) => `--again ${p.file}: the package is ${p.state}, not rejected: only a rejected package is sent again`,
    (p) => `--again ${p.file}：该印制包状态为 ${p.state}，并非被退回：只有被退回的印制包才能重新发送`,
  ),
  'delivery.locked': msg<{ runDir: string; holder: string }>(
    (p) => `another siprint deliver or acks works on ${p.runDir} (${p.holder}): wait for it to end`,
    (p) => `另一个 siprint deliver 或 acks 正在处理 ${p.runDir}（${p.holder}）：请等待其结束`,
  ),

  // acks
  'acks.malformedFirst': msg<{ file: string; first: string }>(
    (p) => `${p.file}: first line "${p.first}" is neither ACCEPTED nor REJECTED <reason>: not recorded; ask the print house to correct it`,
    (p) => `${p.file}：首行 "${p.first}" 既不是 ACCEPTED 也不是 REJECTED <原因>：未记录；请印刷厂更正`,
  ),
  'acks.malformedSha': msg<{ file: string }>(
    (p) => `${p.file}: second line is not a SHA-256 (64 hex digits): not recorded; ask the print house to correct it`,
    (p) => `${p.file}：第二行不是 SHA-256（64 位十六进制）：未记录；请印刷厂更正`,
  ),
  'acks.malformedExtra': msg<{ file: string }>((p) => `${p.file}: more than two lines: not recorded; ask the print house to correct it`, (p) => `${p.file}：超过两行：未记录；请印刷厂更正`),

  // what deliver and acks print
  'deliver.done': msg<{ runId: string; url: string; sent: number; mb: string; seconds: string; rate: string; found: number; already: number }>(
    (p) => `delivered ${p.runId} to ${p.url}: ${p.sent} package${p.sent === 1 ? '' : 's'} sent (${p.mb} MB in ${p.seconds} s, ${p.rate} MB/s), ${p.found} found complete on the host, ${p.already} delivered before`,
    (p) => `批次 ${p.runId} 已交付至 ${p.url}：发送 ${p.sent} 个印制包（${p.mb} MB，${p.seconds} 秒，${p.rate} MB/s），${p.found} 个在主机上已完整，${p.already} 个此前已交付`,
  ),
  'deliver.nothing': msg<{ runId: string; n: number }>(
    (p) => `nothing to send: every package of ${p.runId} was delivered before (${p.n})`,
    (p) => `无需发送：批次 ${p.runId} 的印制包此前均已交付（${p.n} 个）`,
  ),
  'deliver.progress': msg<{ file: string; sent: string; total: string; rate: string; eta: string }>(
    (p) => `${p.file}: ${p.sent} of ${p.total} MB, ${p.rate} MB/s, ETA ${p.eta}`,
    (p) => `${p.file}：${p.sent} / ${p.total} MB，${p.rate} MB/s，预计还需 ${p.eta}`,
  ),
  'deliver.all': text('all packages', '全部印制包'),
  'delivery.summary': msg<{ delivered: number; total: number; acknowledged: number; rejected: number; sealed: number }>(
    (p) => `delivered ${p.delivered}/${p.total} · acknowledged ${p.acknowledged} · rejected ${p.rejected}${p.sealed ? ` · ${p.sealed} pending approval` : ''}`,
    (p) => `已交付 ${p.delivered}/${p.total} · 已确认接收 ${p.acknowledged} · 已退回 ${p.rejected}${p.sealed ? ` · 待审批 ${p.sealed}` : ''}`,
  ),
  'delivery.overdue': msg<{ hours: number; files: string }>(
    (p) => `OVERDUE (no acknowledgement within ${p.hours} h): ${p.files}`,
    (p) => `逾期（${p.hours} 小时内未确认接收）：${p.files}`,
  ),
  'delivery.rejectedList': msg<{ files: string }>((p) => `REJECTED by the print house: ${p.files}`, (p) => `被印刷厂退回：${p.files}`),
  'acks.noReason': text('no reason given', '未说明原因'),
  'acks.accepted': msg<{ file: string }>((p) => `${p.file}: acknowledged`, (p) => `${p.file}：已确认接收`),
  'acks.rejected': msg<{ file: string; reason: string; runDir: string }>(
    (p) => `${p.file}: REJECTED (${p.reason}): fix it, then siprint deliver ${p.runDir} --again ${p.file}`,
    (p) => `${p.file}：被退回（${p.reason}）：修正后执行 siprint deliver ${p.runDir} --again ${p.file}`,
  ),
  'acks.mismatch': msg<{ file: string; theirs: string; ours: string; runDir: string }>(
    (p) => `${p.file}: MISMATCH: the print house computed SHA-256 ${p.theirs}, ours is ${p.ours}: the file was damaged on the way; siprint deliver ${p.runDir} --again ${p.file}`,
    (p) => `${p.file}：校验不符：印刷厂算得 SHA-256 ${p.theirs}，我方为 ${p.ours}：文件在传输中受损；请执行 siprint deliver ${p.runDir} --again ${p.file}`,
  ),
  'acks.stillRejected': msg<{ file: string; reason: string }>((p) => `${p.file}: rejected (${p.reason}), not yet sent again`, (p) => `${p.file}：已退回（${p.reason}），尚未重新发送`),
  'acks.none': msg<{ runId: string }>((p) => `no package of ${p.runId} is delivered yet: no acknowledgement to read`, (p) => `批次 ${p.runId} 尚无已交付的印制包：没有可读取的确认`),

  // the report's hand-off section
  'report.delivery': text('Hand-off to the print house', '交付印刷厂'),
  'report.deliveredOnTime': msg<{ n: number; last: string; days: number; handoffBy: string }>(
    (p) => `All ${p.n} packages delivered by ${p.last}, ${p.days} day(s) before the hand-off date ${p.handoffBy}.`,
    (p) => `全部 ${p.n} 个印制包已于 ${p.last} 前交付，比交付印刷厂日期 ${p.handoffBy} 早 ${p.days} 天。`,
  ),
  'report.deliveredLate': msg<{ n: number; last: string; days: number; handoffBy: string; deadline: string }>(
    (p) => `All ${p.n} packages delivered, the last on ${p.last}: ${p.days} day(s) after the hand-off date ${p.handoffBy}; the print house has less than its lead time before ${p.deadline}.`,
    (p) => `全部 ${p.n} 个印制包已交付，最后一个在 ${p.last}：晚于交付印刷厂日期 ${p.handoffBy} ${p.days} 天；印刷厂在 ${p.deadline} 前的时间不足。`,
  ),
  'report.notAllDelivered': msg<{ done: number; n: number; handoffBy: string; days: number }>(
    (p) => `${p.done} of ${p.n} packages on the print house's host; hand-off by ${p.handoffBy} (${p.days >= 0 ? `${p.days} day(s) left` : `${-p.days} day(s) ago`}).`,
    (p) => `${p.n} 个印制包中 ${p.done} 个已在印刷厂主机上；交付印刷厂日期 ${p.handoffBy}（${p.days >= 0 ? `还有 ${p.days} 天` : `已过期 ${-p.days} 天`}）。`,
  ),
  'report.overdueNote': msg<{ hours: number }>((p) => `no acknowledgement within ${p.hours} h`, (p) => `${p.hours} 小时内未确认接收`),
  'report.package': text('package', '印制包'),
  'report.state': text('state', '状态'),
  'report.deliveredOn': text('delivered on', '交付日期'),
  'report.answeredOn': text('answered on', '回复日期'),
  'report.deliveryFiles': msg<{ packages: string }>(
    (p) => `From delivery/events.jsonl (${p.packages} packages): siprint deliver and siprint acks update this page.`,
    (p) => `依据 delivery/events.jsonl（${p.packages} 个印制包）：siprint deliver 与 siprint acks 会更新本页。`,
  ),
};
