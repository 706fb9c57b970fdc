/** The verification service (`siprint serve`, its page and answers) and `verify-code` (docs/glossary.md). */
import { msg, text } from '../define';

type Found = { code: string; runId: string; pieceId: string; batch: string; recordId: string; name: string; ssn: string };

export const serve = {
  // the public page: what a citizen, a bank or an employer reads
  'verify.title': text('Verification of a social-insurance rights-record statement', '社会保险个人权益记录单校验'),
  'verify.valid': text('Genuine', '真实有效'),
  'verify.notFound': text('Not found', '未找到'),
  'verify.purged': text('No longer kept', '已清除'),
  'verify.page.badCode': text('Not a verification code', '校验码格式不正确'),
  'verify.code': text('Verification code', '校验码'),
  'verify.name': text('Name', '姓名'),
  'verify.ssn': text('Social security number', '社会保障号码'),
  'verify.year': text('Business year', '业务年度'),
  'verify.agency': text('Issued by', '发出机构'),
  'verify.printDate': text('Print date', '打印日期'),
  'verify.piece': text('Piece ID', '邮件编号'),
  'verify.reprints': text('Reprints', '补打'),
  'verify.reprintCount': msg<{ n: number; date: string }>((p) => (p.n === 0 ? 'none' : `${p.n} (latest ${p.date})`), (p) => (p.n === 0 ? '无' : `${p.n} 次（最近 ${p.date}）`)),
  'verify.state': text('State', '状态'),
  'verify.state.electronic': text('electronic', '电子送达'),
  'verify.state.at_print_house': text('delivered to the print house', '已交付印刷厂'),
  'verify.state.dispatched': text('dispatched', '已交寄'),
  'verify.state.returned': text('returned mail', '退信'),
  'verify.note': text(
    'Only part of the name and number is shown, to protect the person. Compare them, and the code, with the paper statement.',
    '为保护个人信息，姓名和社会保障号码仅显示部分。请与纸质记录单上的姓名、号码和校验码核对。',
  ),
  'verify.notFoundText': msg<{ code: string }>(
    (p) => `No statement has the code ${p.code}. Check the code as printed (any case; the dashes may be left out).`,
    (p) => `没有校验码为 ${p.code} 的记录单。请按记录单上印的校验码核对（不区分大小写，短横线可省略）。`,
  ),
  'verify.purgedText': msg<{ code: string; date: string }>(
    (p) => `The code ${p.code} belonged to a statement whose records were removed after the retention period (${p.date}): nothing more can be shown.`,
    (p) => `校验码 ${p.code} 所属记录单的个人数据已按保存期限清除（${p.date}），无法再显示详情。`,
  ),
  'verify.badCodeText': text(
    'A verification code is 16 letters A–Z and digits 2–7, e.g. ABCD-EFGH-IJKL-MNOP.',
    '校验码为 16 位字母（A–Z）和数字（2–7），例如 ABCD-EFGH-IJKL-MNOP。',
  ),
  'verify.tooMany': text('Too many lookups from this address: try again in a minute.', '查询过于频繁，请一分钟后再试。'),

  // verify-code: the operator's command
  'verifyCode.found': msg<Found>(
    (p) => `VALID (archive lookup): ${p.code} is on record in run ${p.runId}: piece ${p.pieceId} (batch ${p.batch}, record ${p.recordId}) for ${p.name} ${p.ssn}`,
    (p) => `有效（存档查询）：${p.code} 在批次 ${p.runId} 的存档中：邮件 ${p.pieceId}（类别 ${p.batch}，记录 ${p.recordId}），${p.name} ${p.ssn}`,
  ),
  'verifyCode.notFound': msg<{ code: string; where: string }>(
    (p) => `NOT FOUND (archive lookup): no statement of ${p.where} has the code ${p.code}`,
    (p) => `未找到（存档查询）：${p.where} 中没有校验码为 ${p.code} 的记录单`,
  ),
  'verifyCode.purged': msg<{ code: string; runId: string; date: string }>(
    (p) => `PURGED (archive lookup): ${p.code} was a statement of run ${p.runId}, whose personal data was purged on ${p.date}`,
    (p) => `已清除（存档查询）：${p.code} 属于批次 ${p.runId} 的记录单，其个人数据已于 ${p.date} 清除`,
  ),
  'verifyCode.hmacChecks': msg<{ keyId: string }>(
    (p) => `  HMAC: checks under the given key (key id ${p.keyId}): the archived statement's content gives this code`,
    (p) => `  HMAC：在所给密钥（密钥标识 ${p.keyId}）下校验通过：存档的记录单内容算出的正是此校验码`,
  ),
  'verifyCode.hmacNoKey': text(
    '  HMAC: not checked, no key given: set SIPRINT_VERIFY_KEY to the run\'s key to check that the code comes from the statement\'s content',
    '  HMAC：未校验，未提供密钥：设置 SIPRINT_VERIFY_KEY 为该批次的密钥，即可核对校验码是否由记录单内容算出',
  ),
  'verifyCode.hmacOtherKey': msg<{ keyId: string; runKeyId: string }>(
    (p) => `  HMAC: does not check under the given key: its key id ${p.keyId} is not the run's (${p.runKeyId})`,
    (p) => `  HMAC：在所给密钥下校验不通过：其密钥标识 ${p.keyId} 不是该批次的（${p.runKeyId}）`,
  ),
  'verifyCode.hmacMismatch': msg<{ keyId: string }>(
    (p) => `  HMAC: DOES NOT CHECK under the run's key (key id ${p.keyId}): the archived content gives another code; the archive or the index was changed (run siprint verify)`,
    (p) => `  HMAC：在该批次密钥（密钥标识 ${p.keyId}）下校验不通过：存档内容算出的是另一个校验码，存档或索引已被改动（请运行 siprint verify）`,
  ),
  'verifyCode.hmacUnreadable': msg<{ why: string }>((p) => `  HMAC: cannot be checked: ${p.why}`, (p) => `  HMAC：无法校验：${p.why}`),
  'verifyCode.badCode': msg<{ code: string }>(
    (p) => `verify-code: "${p.code}" is not a verification code: 16 letters A–Z and digits 2–7, e.g. ABCD-EFGH-IJKL-MNOP`,
    (p) => `verify-code："${p.code}" 不是校验码：应为 16 位字母（A–Z）和数字（2–7），例如 ABCD-EFGH-IJKL-MNOP`,
  ),
  'verifyCode.noIndex': msg<{ runDir: string }>(
    (p) => `${p.runDir} has no verification index (index/codes.bin): a run that finished before siprint wrote one; build it with: siprint index ${p.runDir}`,
    (p) => `${p.runDir} 没有校验索引（index/codes.bin）：该批次完成时 siprint 尚不生成索引；请用以下命令生成：siprint index ${p.runDir}`,
  ),
  'verifyCode.notRun': msg<{ dir: string }>(
    (p) => `${p.dir} is not a run directory (no run.json): give --run DIR/<runId>, or --runs DIR for every run in DIR`,
    (p) => `${p.dir} 不是批次目录（没有 run.json）：请用 --run DIR/<批次号> 指定一个批次，或用 --runs DIR 查 DIR 中的所有批次`,
  ),
  'verifyCode.noRuns': msg<{ dir: string }>(
    (p) => `${p.dir} holds no run with a verification index: give the directory that holds the run directories (siprint run --out)`,
    (p) => `${p.dir} 中没有带校验索引的批次：请指定存放批次目录的目录（即 siprint run --out 的目录）`,
  ),

  // siprint index
  'index.written': msg<{ runId: string; pieces: string }>(
    (p) => `verification index of run ${p.runId}: ${p.pieces} statements (index/codes.bin, index/pieces.jsonl)`,
    (p) => `批次 ${p.runId} 的校验索引：${p.pieces} 份记录单（index/codes.bin、index/pieces.jsonl）`,
  ),
  'index.notFinished': msg<{ runDir: string }>(
    (p) => `${p.runDir} has not finished (no manifest.json): the index is written when a run finalizes`,
    (p) => `${p.runDir} 尚未完成（没有 manifest.json）：索引在批次完成时生成`,
  ),
  'index.purged': msg<{ runDir: string }>(
    (p) => `${p.runDir} was purged: its archive is gone, so its index cannot be rebuilt (its code hashes are kept)`,
    (p) => `${p.runDir} 已清除：存档已删除，无法重建索引（校验码的散列值仍保留）`,
  ),
};
