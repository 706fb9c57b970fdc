/**
 * `siprint verify`'s findings: one line each, starting with the file it concerns (file names, JSON
 * keys, audit actions and reason codes stay as they are; docs/glossary.md for the words).
 */
import { msg, text } from '../define';

type F = { file: string };
type Line = { line: number };
type Count = { n: number; want: number };
const lineZh = (file: string, line: number) => `${file} 第 ${line} 行`;
/** The balance's counts by their glossary words. */
const countZh: Record<string, string> = { input: '记录', printed: '已打印', electronic: '电子送达', exceptions: '暂缓（留存）', suppressed: '不寄送' };

export const verify = {
  // the command's own lines
  'verify.problems': msg<{ n: number; runDir: string }>(
    (p) => `siprint verify: ${p.n} problem${p.n === 1 ? '' : 's'} in ${p.runDir}`,
    (p) => `siprint verify：${p.runDir} 中发现 ${p.n} 个问题`,
  ),
  'verify.ok': msg<{ runId: string; packages: number; encrypted: number; pieces: number; statementPages: number; envelopePages: number; exceptionLines: number; auditLines: number }>(
    (p) =>
      `OK ${p.runId}: ${p.packages} packages${p.encrypted > 0 ? ` (${p.encrypted} encrypted: checked by hash only)` : ''}, ${p.pieces} pieces, ${p.statementPages} statement pages, ` +
      `${p.envelopePages} envelopes, ${p.exceptionLines} held and suppressed records listed, audit chain of ${p.auditLines} lines intact`,
    (p) =>
      `OK ${p.runId}：印制包 ${p.packages} 个${p.encrypted > 0 ? `（其中 ${p.encrypted} 个已加密：只核对哈希）` : ''}，邮件 ${p.pieces} 份，权益记录单 ${p.statementPages} 页，` +
      `信封 ${p.envelopePages} 个，暂缓（留存）与不寄送记录 ${p.exceptionLines} 行，审计链 ${p.auditLines} 行完好`,
  ),
  'verify.okPurged': msg<{ runId: string; on: string; pieces: number; exceptionLines: number; auditLines: number }>(
    (p) =>
      `OK ${p.runId}: PURGED on ${p.on} (packages and archive removed on purpose); manifest of ${p.pieces} pieces, ` +
      `${p.exceptionLines} held and suppressed records listed, audit chain of ${p.auditLines} lines intact`,
    (p) => `OK ${p.runId}：已于 ${p.on} 清除（印制包和归档按规定删除）；清单记邮件 ${p.pieces} 份，暂缓（留存）与不寄送记录 ${p.exceptionLines} 行，审计链 ${p.auditLines} 行完好`,
  ),
  'verify.finishedAfterHandoff': msg<{ handoffBy: string }>(
    (p) => `siprint verify: this run finished after its hand-off date ${p.handoffBy} (the print house needs its lead time)`,
    (p) => `siprint verify：本批次在交付印刷厂日期 ${p.handoffBy} 之后才完成（印刷厂需要足够的制作时间）`,
  ),
  'verify.notRunDir': msg<{ runDir: string }>(
    (p) => `${p.runDir}: not a run directory (does not exist or is not a directory); give DIR/<runId>`,
    (p) => `${p.runDir}：不是批次目录（不存在或不是目录）；请给出 DIR/<批次号>`,
  ),
  'verify.notFinished': msg<{ runDir: string }>(
    (p) => `${p.runDir}: not a finished run (no manifest.json); give DIR/<runId> of a run that finished`,
    (p) => `${p.runDir}：不是已完成的批次（没有 manifest.json）；请给出已完成批次的 DIR/<批次号>`,
  ),

  // any file
  'verify.at': msg<{ where: string; text: string }>((p) => `${p.where}: ${p.text}`, (p) => `${p.where}：${p.text}`),
  'verify.cannotRead': msg<F & { code: string }>((p) => `${p.file}: cannot read (${p.code})`, (p) => `${p.file}：无法读取（${p.code}）`),
  'verify.notJsonEdited': msg<F & { error: string }>((p) => `${p.file}: not valid JSON (${p.error}); was it edited?`, (p) => `${p.file}：不是有效的 JSON（${p.error}）；是否被编辑过？`),
  'verify.damaged': msg<F>((p) => `${p.file}: not valid JSON (edited or damaged)`, (p) => `${p.file}：不是有效的 JSON（被编辑过或已损坏）`),
  'verify.lineDamaged': msg<F & Line>((p) => `${p.file} line ${p.line}: not JSON (edited or damaged)`, (p) => `${lineZh(p.file, p.line)}：不是 JSON（被编辑过或已损坏）`),
  'verify.lineNotJson': msg<F & Line>((p) => `${p.file} line ${p.line}: not JSON`, (p) => `${lineZh(p.file, p.line)}：不是 JSON`),
  'verify.shaDiffers': msg<F & { got: string; want: string; against: string }>(
    (p) => `${p.file}: SHA-256 ${p.got} differs from ${p.against} (${p.want}); the file was changed`,
    (p) => `${p.file}：SHA-256 ${p.got} 与 ${p.against} 不符（${p.want}）；文件已被改动`,
  ),
  'verify.notPdf': msg<F & { error: string }>((p) => `${p.file}: cannot be read as a PDF (${p.error})`, (p) => `${p.file}：无法作为 PDF 读取（${p.error}）`),
  'verify.schema': msg<F & { at: string; message: string }>((p) => `${p.file}: ${p.at}: ${p.message}`, (p) => `${p.file}：${p.at}：${p.message}`),
  'verify.topLevel': text('(top level)', '（顶层）'),
  'verify.invalid': text('invalid', '无效'),
  'verify.notCsv': msg<F & { error: string }>((p) => `${p.file}: not valid CSV (${p.error})`, (p) => `${p.file}：不是有效的 CSV（${p.error}）`),

  // manifest.json and the packages it lists
  'verify.pathOutside': msg<{ path: string }>(
    (p) => `manifest.json: package path ${p.path} points outside the run directory`,
    (p) => `manifest.json：印制包路径 ${p.path} 指向批次目录之外`,
  ),
  'verify.listedUnreadable': msg<F & { code: string }>(
    (p) => `${p.file}: listed in manifest.json but cannot be read (${p.code})`,
    (p) => `${p.file}：列在 manifest.json 中，但无法读取（${p.code}）`,
  ),
  'verify.bytes': msg<F & Count>((p) => `${p.file}: ${p.n} bytes, manifest.json says ${p.want}`, (p) => `${p.file}：${p.n} 字节，manifest.json 记为 ${p.want}`),
  'verify.notSealed': msg<F>(
    (p) => `${p.file}: no package.sealed line in audit.jsonl with its SHA-256 (not sealed by this run's pipeline)`,
    (p) => `${p.file}：audit.jsonl 中没有带其 SHA-256 的 package.sealed 行（不是本批次流程封装的）`,
  ),
  'verify.notListed': msg<F>((p) => `${p.file}: not listed in manifest.json`, (p) => `${p.file}：未列在 manifest.json 中`),
  'verify.finishedLate': msg<{ late: string; on: string; handoffBy: string }>(
    (p) => `manifest.json: finishedLate is ${p.late} but the run finished ${p.on}, handoffBy ${p.handoffBy}`,
    (p) => `manifest.json：finishedLate 为 ${p.late}，但批次完成于 ${p.on}，handoffBy 为 ${p.handoffBy}`,
  ),
  'verify.batchPieces': msg<{ batch: string } & Count>(
    (p) => `manifest.json: batch ${p.batch} has ${p.n} pieces in its packages, counts.byBatch says ${p.want}`,
    (p) => `manifest.json：类别 ${p.batch} 的印制包中有邮件 ${p.n} 份，counts.byBatch 记为 ${p.want}`,
  ),
  'verify.batchElectronic': msg<{ batch: string } & Count>(
    (p) => `manifest.json: batch ${p.batch} has ${p.n} pieces in its electronic packages, counts.electronicByBatch says ${p.want}`,
    (p) => `manifest.json：类别 ${p.batch} 的电子送达包中有 ${p.n} 份，counts.electronicByBatch 记为 ${p.want}`,
  ),
  'verify.electronicTotal': msg<Count>(
    (p) => `manifest.json: electronic packages hold ${p.n} pieces, counts.electronic says ${p.want}`,
    (p) => `manifest.json：电子送达包共 ${p.n} 份，counts.electronic 记为 ${p.want}`,
  ),
  'verify.printedTotal': msg<Count>(
    (p) => `manifest.json: packages hold ${p.n} pieces, counts.printed says ${p.want}`,
    (p) => `manifest.json：印制包共有邮件 ${p.n} 份，counts.printed 记为 ${p.want}`,
  ),
  'verify.guardians': msg<{ guardians: number; printed: number }>(
    (p) => `manifest.json: guardianAddressed ${p.guardians} exceeds printed ${p.printed}`,
    (p) => `manifest.json：guardianAddressed ${p.guardians} 超过已打印数 ${p.printed}`,
  ),

  // inside a package
  'verify.inPackage': msg<{ path: string; file: string }>((p) => `${p.path}: ${p.file}`, (p) => `${p.path}：${p.file}`),
  'verify.holds': msg<{ path: string; names: string; expected: string }>(
    (p) => `${p.path}: holds ${p.names || 'nothing'}; expected ${p.expected}`,
    (p) => `${p.path}：内含 ${p.names || '（空）'}；应为 ${p.expected}`,
  ),
  'verify.innerNotJson': msg<{ path: string }>((p) => `${p.path}: manifest.json is not valid JSON`, (p) => `${p.path}：manifest.json 不是有效的 JSON`),
  'verify.otherRun': msg<{ path: string; runId: string; want: string }>(
    (p) => `${p.path}: manifest.json belongs to run ${p.runId}, not ${p.want}`,
    (p) => `${p.path}：manifest.json 属于批次 ${p.runId}，而不是 ${p.want}`,
  ),
  'verify.innerSays': msg<{ path: string; key: string; inner: string; outer: string }>(
    (p) => `${p.path}: manifest.json says ${p.key} ${p.inner}, the run manifest says ${p.outer}`,
    (p) => `${p.path}：manifest.json 记 ${p.key} 为 ${p.inner}，批次清单记为 ${p.outer}`,
  ),
  'verify.entryBytes': msg<{ path: string; name: string } & Count>(
    (p) => `${p.path}: ${p.name} has ${p.n} bytes, its manifest.json says ${p.want}`,
    (p) => `${p.path}：${p.name} 为 ${p.n} 字节，其 manifest.json 记为 ${p.want}`,
  ),
  'verify.entrySha': msg<{ path: string; name: string; got: string; want: string }>(
    (p) => `${p.path}: ${p.name} SHA-256 ${p.got} differs from its manifest.json (${p.want})`,
    (p) => `${p.path}：${p.name} 的 SHA-256 ${p.got} 与其 manifest.json 不符（${p.want}）`,
  ),
  'verify.pdfPages': msg<{ path: string; name: string } & Count>(
    (p) => `${p.path}: ${p.name} has ${p.n} pages, manifest.json says ${p.want}`,
    (p) => `${p.path}：${p.name} 有 ${p.n} 页，manifest.json 记为 ${p.want}`,
  ),
  'verify.listPieces': msg<{ path: string; name: string } & Count>(
    (p) => `${p.path}: ${p.name} holds ${p.n} pieces, manifest.json says ${p.want}`,
    (p) => `${p.path}：${p.name} 含邮件 ${p.n} 份，manifest.json 记为 ${p.want}`,
  ),
  'verify.pairing': msg<{ path: string; a: string; b: string; at: number; inA?: string; inB?: string }>(
    (p) => `${p.path}: ${p.b} disagrees with ${p.a} at piece ${p.at} (${p.inB ?? 'none'} vs ${p.inA ?? 'none'}); they must pair piece by piece`,
    (p) => `${p.path}：${p.b} 与 ${p.a} 在第 ${p.at} 份邮件处不一致（${p.inB ?? '无'} 对 ${p.inA ?? '无'}）；两者必须逐份对应`,
  ),
  'verify.csvSheets': msg<{ path: string; row: number; sheets: string; piece: string; pages: string }>(
    (p) => `${p.path}: mailing.csv row ${p.row} says ${p.sheets} sheets for piece ${p.piece} of ${p.pages} pages`,
    (p) => `${p.path}：mailing.csv 第 ${p.row} 行记邮件 ${p.piece}（${p.pages} 页）用纸 ${p.sheets} 张`,
  ),
  // a PDF's pages (statements.pdf, envelopes.pdf)
  'verify.pageNoTag': msg<{ page: number }>((p) => `page ${p.page} carries no /PieceInfo /siprint piece ID`, (p) => `第 ${p.page} 页没有 /PieceInfo /siprint 邮件编号`),
  'verify.envelopeOnePage': msg<{ page: number; piece: string; n: number; m: number }>(
    (p) => `page ${p.page} (${p.piece}) says page ${p.n} of ${p.m}; an envelope has one page`,
    (p) => `第 ${p.page} 页（${p.piece}）标为第 ${p.n}/${p.m} 页；信封只有一页`,
  ),
  'verify.pieceEnds': msg<{ piece: string; page: number; m: number }>(
    (p) => `piece ${p.piece} ends after page ${p.page} of ${p.m}`,
    (p) => `邮件 ${p.piece} 共 ${p.m} 页，却在第 ${p.page} 页后结束`,
  ),
  'verify.pieceStarts': msg<{ page: number; piece: string; n: number; m: number }>(
    (p) => `page ${p.page} starts piece ${p.piece} at page ${p.n} of ${p.m}`,
    (p) => `第 ${p.page} 页以第 ${p.n}/${p.m} 页开始邮件 ${p.piece}`,
  ),
  'verify.morePages': msg<{ where: string; n: number }>((p) => `${p.where}: ${p.n} more page problems`, (p) => `${p.where}：另有 ${p.n} 处页面问题`),
  // mailing.csv's rows
  'verify.csvSsn': msg<{ where: string }>(
    (p) => `${p.where}: holds what looks like an 18-digit ssn; the mailing list must not carry it`,
    (p) => `${p.where}：含有疑似 18 位社会保障号码；邮寄清单不得包含`,
  ),
  'verify.csvHeader': msg<{ where: string; header: string; expected: string; bundle: string }>(
    (p) => `${p.where}: header is ${p.header}, expected ${p.expected} (or with ,${p.bundle} in a run through employers)`,
    (p) => `${p.where}：表头为 ${p.header}，应为 ${p.expected}（经单位转交的批次再加 ,${p.bundle}）`,
  ),
  'verify.bundlesDisagree': msg<{ path: string; file: string }>(
    (p) => `${p.path}: ${p.file} and manifest.json disagree on whether the package has bundles`,
    (p) => `${p.path}：${p.file} 与 manifest.json 对印制包是否含单位转交包裹的说法不一致`,
  ),
  'verify.bundlesPairing': msg<{ path: string; file: string; at: number; inPdf?: string; inCsv?: string }>(
    (p) => `${p.path}: ${p.file} disagrees with mailing.csv's bundle column at bundle ${p.at} (${p.inPdf ?? 'none'} vs ${p.inCsv ?? 'none'})`,
    (p) => `${p.path}：${p.file} 与 mailing.csv 的 "bundle" 列在第 ${p.at} 个包裹处不一致（${p.inPdf ?? '无'} 对 ${p.inCsv ?? '无'}）`,
  ),
  'verify.bundlesCount': msg<{ path: string; file: string; bundles: number; pages: number; wantBundles: number; wantPages: number }>(
    (p) => `${p.path}: ${p.file} holds ${p.bundles} bundles on ${p.pages} pages, manifest.json says ${p.wantBundles} on ${p.wantPages}`,
    (p) => `${p.path}：${p.file} 含包裹 ${p.bundles} 个、共 ${p.pages} 页，manifest.json 记为 ${p.wantBundles} 个、${p.wantPages} 页`,
  ),
  'verify.row': msg<{ where: string; row: number; text: string }>((p) => `${p.where} row ${p.row}: ${p.text}`, (p) => `${p.where} 第 ${p.row} 行：${p.text}`),
  'verify.rowBatch': msg<{ batch: string; want: string }>((p) => `batch ${p.batch} in a package of batch ${p.want}`, (p) => `类别 ${p.want} 的印制包中出现类别 ${p.batch}`),
  'verify.rowRole': msg<{ role: string }>((p) => `recipientRole ${p.role} is neither self nor guardian`, (p) => `recipientRole ${p.role} 既不是 "self" 也不是 "guardian"`),
  'verify.rowPostcode': msg<{ postcode: string }>((p) => `postcode ${p.postcode} is not 6 digits`, (p) => `邮政编码 ${p.postcode} 不是 6 位数字`),
  'verify.rowSheets': msg<{ sheets: string }>((p) => `sheets ${p.sheets} is not a whole number ≥ 1`, (p) => `用纸张数 ${p.sheets} 不是不小于 1 的整数`),
  'verify.moreRows': msg<{ where: string; n: number }>((p) => `${p.where}: ${p.n} more row problems`, (p) => `${p.where}：另有 ${p.n} 处行问题`),
  // electronic packages
  'verify.elMissing': msg<{ path: string; missing: string }>(
    (p) => `${p.path}: holds no ${p.missing}; an electronic package has <pieceId>.pdf files, index.csv and manifest.json`,
    (p) => `${p.path}：没有 ${p.missing}；电子送达包应含 <pieceId>.pdf 文件、index.csv 和 manifest.json`,
  ),
  'verify.indexDiffers': msg<{ path: string }>(
    (p) => `${p.path}: index.csv differs from its manifest.json (size or SHA-256)`,
    (p) => `${p.path}：index.csv 与其 manifest.json 不符（大小或 SHA-256）`,
  ),
  'verify.indexSsn': msg<{ path: string }>(
    (p) => `${p.path}: index.csv holds what looks like an 18-digit ssn; the index must not carry it`,
    (p) => `${p.path}：index.csv 含有疑似 18 位社会保障号码；索引不得包含`,
  ),
  'verify.indexInvalid': msg<{ path: string; error: string }>(
    (p) => `${p.path}: index.csv is not valid CSV (${p.error})`,
    (p) => `${p.path}：index.csv 不是有效的 CSV（${p.error}）`,
  ),
  'verify.indexHeader': msg<{ path: string; header: string; expected: string }>(
    (p) => `${p.path}: index.csv header is ${p.header}, expected ${p.expected}`,
    (p) => `${p.path}：index.csv 表头为 ${p.header}，应为 ${p.expected}`,
  ),
  'verify.notInIndex': msg<{ path: string; name: string }>(
    (p) => `${p.path}: holds ${p.name}, which index.csv does not list`,
    (p) => `${p.path}：内含 index.csv 未列出的 ${p.name}`,
  ),
  'verify.indexPieces': msg<{ path: string } & Count>(
    (p) => `${p.path}: index.csv lists ${p.n} pieces, manifest.json says ${p.want}`,
    (p) => `${p.path}：index.csv 列出 ${p.n} 份，manifest.json 记为 ${p.want}`,
  ),
  'verify.indexRow': msg<{ row: number; piece: string }>((p) => `index.csv row ${p.row} (${p.piece})`, (p) => `index.csv 第 ${p.row} 行（${p.piece}）`),
  'verify.codeFormat': msg<{ code: string }>((p) => `verificationCode ${p.code} is not XXXX-XXXX-XXXX-XXXX`, (p) => `verificationCode ${p.code} 不是 XXXX-XXXX-XXXX-XXXX 格式`),
  'verify.pdfMissing': msg<{ name: string }>((p) => `${p.name} is missing`, (p) => `缺少 ${p.name}`),
  'verify.more': msg<{ path: string; n: number }>((p) => `${p.path}: ${p.n} more problems`, (p) => `${p.path}：另有 ${p.n} 处问题`),
  'verify.elPages': msg<{ path: string } & Count>(
    (p) => `${p.path}: its PDFs have ${p.n} pages, manifest.json says ${p.want}`,
    (p) => `${p.path}：其中的 PDF 共 ${p.n} 页，manifest.json 记为 ${p.want}`,
  ),

  // exceptions.jsonl and reconciliation.json
  'verify.exceptionsUnreadable': msg<{ code: string }>(
    (p) => `exceptions.jsonl: cannot read (${p.code}); a finished run always writes it (empty when nothing was held)`,
    (p) => `exceptions.jsonl：无法读取（${p.code}）；已完成的批次总会写出此文件（无暂缓（留存）记录时为空）`,
  ),
  'verify.unknownReason': msg<Line & { reason: string }>(
    (p) => `exceptions.jsonl line ${p.line}: unknown reason ${p.reason}`,
    (p) => `${lineZh('exceptions.jsonl', p.line)}：未知的原因代码 ${p.reason}`,
  ),
  'verify.fullSsn': msg<Line>(
    (p) => `exceptions.jsonl line ${p.line}: holds what looks like a full ssn; only the masked form is allowed`,
    (p) => `${lineZh('exceptions.jsonl', p.line)}：含有疑似完整的社会保障号码；只允许脱敏后的形式`,
  ),
  'verify.noBalance': msg<F & { batch?: string; input: number; printed: number; electronic: number; exceptions: number; suppressed: number; outOfScope: number }>(
    (p) =>
      `${p.file}: ${p.batch !== undefined ? `batch ${p.batch} ` : ''}does not balance: input ${p.input} ≠ printed ${p.printed} + electronic ${p.electronic} + held ${p.exceptions} + suppressed ${p.suppressed}${p.outOfScope > 0 ? ` + out of scope ${p.outOfScope}` : ''}`,
    (p) =>
      `${p.file}：${p.batch !== undefined ? `类别 ${p.batch} ` : ''}数目不相符：记录 ${p.input} ≠ 已打印 ${p.printed} + 电子送达 ${p.electronic} + 暂缓（留存）${p.exceptions} + 不寄送 ${p.suppressed}${p.outOfScope > 0 ? ` + 不在本批范围 ${p.outOfScope}` : ''}`,
  ),
  'verify.reasonSum': msg<F & Count>(
    (p) => `${p.file}: the reason counts sum to ${p.n}, but held + suppressed = ${p.want}`,
    (p) => `${p.file}：各原因代码的计数之和为 ${p.n}，但暂缓（留存）+ 不寄送 = ${p.want}`,
  ),
  'verify.reasonHeld': msg<F & Count>(
    (p) => `${p.file}: the reason codes count ${p.n} held records, but overall.exceptions (held) says ${p.want}`,
    (p) => `${p.file}：按原因代码计，暂缓（留存）记录为 ${p.n} 条，但 overall.exceptions 记为 ${p.want}`,
  ),
  'verify.batchesNotPrinted': msg<F & Count>(
    (p) => `${p.file}: the batches hold ${p.n} held or suppressed records, but held + suppressed = ${p.want}`,
    (p) => `${p.file}：各类别共有暂缓（留存）或不寄送记录 ${p.n} 条，但暂缓（留存）+ 不寄送 = ${p.want}`,
  ),
  'verify.batchesPrinted': msg<F & Count>(
    (p) => `${p.file}: the batches print ${p.n} pieces, fewer than the ${p.want} records printed`,
    (p) => `${p.file}：各类别共打印 ${p.n} 份，少于已打印的 ${p.want} 条记录`,
  ),
  'verify.batchesElectronic': msg<F & Count>(
    (p) => `${p.file}: the batches make ${p.n} electronic statements, fewer than the ${p.want} records given them`,
    (p) => `${p.file}：各类别共生成电子权益记录单 ${p.n} 份，少于电子送达的 ${p.want} 条记录`,
  ),
  'verify.countDiffers': msg<F & { key: string } & Count>(
    (p) => `${p.file}: ${p.key} ${p.n} differs from manifest.json counts.${p.key} ${p.want}`,
    (p) => `${p.file}：${countZh[p.key] ?? p.key} ${p.n} 与 manifest.json 的 counts.${p.key} ${p.want} 不符`,
  ),
  'verify.batchPrinted': msg<F & { batch: string } & Count>(
    (p) => `${p.file}: batch ${p.batch} printed ${p.n}, manifest.json counts.byBatch says ${p.want}`,
    (p) => `${p.file}：类别 ${p.batch} 已打印 ${p.n}，manifest.json 的 counts.byBatch 记为 ${p.want}`,
  ),
  'verify.batchMadeElectronic': msg<F & { batch: string } & Count>(
    (p) => `${p.file}: batch ${p.batch} made ${p.n} electronic statements, manifest.json counts.electronicByBatch says ${p.want}`,
    (p) => `${p.file}：类别 ${p.batch} 生成电子权益记录单 ${p.n} 份，manifest.json 的 counts.electronicByBatch 记为 ${p.want}`,
  ),
  'verify.exceptionsLines': msg<{ lines: number; exceptions: number; suppressed: number }>(
    (p) => `exceptions.jsonl: ${p.lines} lines, but reconciliation.json counts ${p.exceptions} held + ${p.suppressed} suppressed`,
    (p) => `exceptions.jsonl：${p.lines} 行，但 reconciliation.json 计为暂缓（留存）${p.exceptions} + 不寄送 ${p.suppressed}`,
  ),
  'verify.exceptionsReason': msg<{ code: string } & Count>(
    (p) => `exceptions.jsonl: ${p.n} lines with reason ${p.code}, reconciliation.json counts ${p.want}`,
    (p) => `exceptions.jsonl：原因代码 ${p.code} 有 ${p.n} 行，reconciliation.json 计为 ${p.want}`,
  ),

  // the audit log and what it seals
  'verify.auditUnreadable': msg<F & { code: string }>(
    (p) => `${p.file}: cannot read (${p.code}); the audit log must exist`,
    (p) => `${p.file}：无法读取（${p.code}）；审计日志必须存在`,
  ),
  'verify.auditEmpty': msg<F>((p) => `${p.file}: empty; a finished run logs at least its start and end`, (p) => `${p.file}：为空；已完成的批次至少记录其开始和结束`),
  'verify.auditNoNewline': msg<F>(
    (p) => `${p.file}: the last line has no newline (an interrupted or edited write)`,
    (p) => `${p.file}：最后一行没有换行符（写入被中断或被编辑过）`,
  ),
  'verify.auditFields': msg<F & Line & { fields: string }>(
    (p) => `${p.file} line ${p.line}: missing or invalid ${p.fields}`,
    (p) => `${lineZh(p.file, p.line)}：缺少或无效的字段 ${p.fields}`,
  ),
  'verify.auditMasked': text('ssnMasked (must be masked)', 'ssnMasked（必须脱敏）'),
  'verify.auditSeqEdited': msg<F & Line & { seq: number; prev: number }>(
    (p) => `${p.file} line ${p.line}: seq ${p.seq} after ${p.prev} although the hashes link (seq edited)`,
    (p) => `${lineZh(p.file, p.line)}：哈希相连，但 "seq" ${p.seq} 跟在 ${p.prev} 之后（"seq" 被改动）`,
  ),
  'verify.auditInserted': msg<F & Line & { seq: number; inserted: number; follows: number }>(
    (p) => `${p.file} line ${p.line}: seq ${p.seq} twice; line ${p.inserted} before it was inserted (both claim to follow line ${p.follows})`,
    (p) => `${lineZh(p.file, p.line)}："seq" ${p.seq} 出现两次；其前的第 ${p.inserted} 行是插入的（两行都声称接在第 ${p.follows} 行之后）`,
  ),
  'verify.auditReorderedSeq': msg<F & Line & { seq: number; prev: number }>(
    (p) => `${p.file} line ${p.line}: out of order (seq ${p.seq} comes after seq ${p.prev}; lines were reordered)`,
    (p) => `${lineZh(p.file, p.line)}：顺序错乱（"seq" ${p.seq} 排在 "seq" ${p.prev} 之后；行被调换过）`,
  ),
  'verify.auditReorderedChain': msg<F & Line & { follows: number }>(
    (p) => `${p.file} line ${p.line}: out of order (it follows line ${p.follows} in the chain; lines were reordered)`,
    (p) => `${lineZh(p.file, p.line)}：顺序错乱（在链中它接在第 ${p.follows} 行之后；行被调换过）`,
  ),
  'verify.auditGap': msg<F & Line & { gap: number; from: number; to: number }>(
    (p) => `${p.file} line ${p.line}: ${p.gap} line${p.gap > 1 ? 's' : ''} missing before it (seq ${p.from}${p.gap > 1 ? `–${p.to}` : ''} deleted)`,
    (p) => `${lineZh(p.file, p.line)}：其前缺少 ${p.gap} 行（"seq" ${p.from}${p.gap > 1 ? `–${p.to}` : ''} 被删除）`,
  ),
  'verify.auditNoGenesis': msg<F>(
    (p) => `${p.file} line 1: does not start the chain (prev is not the genesis hash; earlier lines deleted)`,
    (p) => `${lineZh(p.file, 1)}：不是链的起点（"prev" 不是创始哈希；之前的行被删除）`,
  ),
  'verify.auditEdited': msg<F & Line & { next: number }>(
    (p) => `${p.file} line ${p.line}: edited (its SHA-256 no longer matches the prev of line ${p.next})`,
    (p) => `${lineZh(p.file, p.line)}：被编辑过（其 SHA-256 与第 ${p.next} 行的 "prev" 不再相符）`,
  ),
  'verify.noSeal': msg<{ action: string }>(
    (p) => `audit.jsonl: no ${p.action} line, the seal of manifest.json and the run's files: the run was not finalized by siprint, or its seal was cut off the log`,
    (p) => `audit.jsonl：没有 ${p.action} 行（manifest.json 和批次各文件的封存记录）：批次不是由 siprint 收尾的，或封存记录被从日志末尾截掉`,
  ),
  'verify.sealedMissing': msg<F & Line>((p) => `${p.file}: sealed by audit.jsonl line ${p.line} but missing`, (p) => `${p.file}：由 audit.jsonl 第 ${p.line} 行封存，但文件缺失`),
  'verify.sealedChanged': msg<F & Line>(
    (p) => `${p.file}: changed after the run sealed it (SHA-256 differs from audit.jsonl line ${p.line})`,
    (p) => `${p.file}：批次封存后被改动（SHA-256 与 audit.jsonl 第 ${p.line} 行不符）`,
  ),
  'verify.notInSeal': msg<F & Line>(
    (p) => `${p.file}: not in the run's seal (audit.jsonl line ${p.line}): added after the run finished`,
    (p) => `${p.file}：不在批次的封存记录中（audit.jsonl 第 ${p.line} 行）：批次完成后才加入`,
  ),
  'verify.reportUnsealed': msg<{ action: string }>(
    (p) => `report.html: no ${p.action} line in audit.jsonl seals it (written by hand?)`,
    (p) => `report.html：audit.jsonl 中没有封存它的 ${p.action} 行（是否手工写入？）`,
  ),
  'verify.reportMissing': msg<Line>((p) => `report.html: missing (sealed by audit.jsonl line ${p.line})`, (p) => `report.html：缺失（由 audit.jsonl 第 ${p.line} 行封存）`),
  'verify.reportChanged': msg<Line>(
    (p) => `report.html: changed after it was written (SHA-256 differs from audit.jsonl line ${p.line})`,
    (p) => `report.html：写出后被改动（SHA-256 与 audit.jsonl 第 ${p.line} 行不符）`,
  ),
  'verify.finalizedDiffers': msg<{ runId: string; on: string; manifestRunId: string; manifestOn: string }>(
    (p) => `state/finalized.json: says run ${p.runId} finished ${p.on}, manifest.json says ${p.manifestRunId} on ${p.manifestOn}`,
    (p) => `state/finalized.json：记为批次 ${p.runId} 完成于 ${p.on}，manifest.json 记为批次 ${p.manifestRunId} 完成于 ${p.manifestOn}`,
  ),
  'verify.releaseMissing': msg<{ statuses: string }>(
    (p) => `release.json: missing, but manifest.json has packages ${p.statuses} (a run held for approval)`,
    (p) => `release.json：缺失，但 manifest.json 中有状态为 ${p.statuses} 的印制包（须经审批的批次）`,
  ),
  'verify.releaseStartedBy': msg<{ startedBy: string; operator: string }>(
    (p) => `release.json: startedBy ${p.startedBy}, but audit.jsonl says ${p.operator} created the run`,
    (p) => `release.json：startedBy 为 ${p.startedBy}，但 audit.jsonl 记载批次由 ${p.operator} 创建`,
  ),
  'verify.releaseNoApproval': msg<{ approvedBy: string }>(
    (p) => `release.json: released by ${p.approvedBy}, but no release.approved line of audit.jsonl by that operator`,
    (p) => `release.json：记为由 ${p.approvedBy} 放行，但 audit.jsonl 中没有该操作员的 release.approved 行`,
  ),
  'verify.releasePending': text('release.json: says pending, but audit.jsonl records the release', 'release.json：记为待审批，但 audit.jsonl 记载已放行'),
  'verify.packageStatus': msg<{ status: string; release: string }>(
    (p) => `manifest.json: a package is ${p.status}, release.json says ${p.release}`,
    (p) => `manifest.json：有印制包的状态为 ${p.status}，release.json 记为 ${p.release}`,
  ),
  'verify.releaseCovers': msg<{ path: string }>(
    (p) => `release.json: does not hold ${p.path} with the manifest's SHA-256 (the approval covers other packages)`,
    (p) => `release.json：没有以 manifest.json 中的 SHA-256 列出 ${p.path}（审批针对的是其他印制包）`,
  ),
  'verify.purgeUnsealed': text(
    'purged.json: not sealed by a run.purged line of audit.jsonl (written or changed by hand); the packages it excuses are missing',
    'purged.json：未由 audit.jsonl 的 run.purged 行封存（被手工写入或改动过）；它所说明的印制包缺失',
  ),

  // the hand-off and the last mile
  'verify.deliveryNotPackage': msg<Line & { action: string; file: string }>(
    (p) => `audit.jsonl line ${p.line}: ${p.action} names ${p.file}, which is not a package of manifest.json`,
    (p) => `${lineZh('audit.jsonl', p.line)}：${p.action} 所指的 ${p.file} 不是 manifest.json 中的印制包`,
  ),
  'verify.deliveryOtherFile': msg<Line & { action: string; file: string; sha256: string; sealed: string }>(
    (p) => `audit.jsonl line ${p.line}: ${p.action} of ${p.file} with SHA-256 ${p.sha256}, manifest.json seals ${p.sealed}: the print house got another file`,
    (p) => `${lineZh('audit.jsonl', p.line)}：${p.file} 的 ${p.action} 记录 SHA-256 为 ${p.sha256}，manifest.json 封存的是 ${p.sealed}：印刷厂收到的是另一个文件`,
  ),
  'verify.deliveryBefore': msg<Line & { action: string; file: string }>(
    (p) => `audit.jsonl line ${p.line}: ${p.action} of ${p.file} before any package.delivered of it`,
    (p) => `${lineZh('audit.jsonl', p.line)}：${p.file} 的 ${p.action} 早于它的任何 package.delivered 记录`,
  ),
  'verify.eventsCutOff': msg<F>(
    (p) => `${p.file}: the last line is cut off (a deliver or acks interrupted); run siprint acks or deliver again, which repairs it`,
    (p) => `${p.file}：最后一行不完整（deliver 或 acks 被中断）；再执行一次 siprint acks 或 siprint deliver 即可修复`,
  ),
  'verify.eventNoAudit': msg<F & Line & { event: string; pkg: string }>(
    (p) => `${p.file} line ${p.line}: ${p.event} ${p.pkg} has no audit.jsonl line (written or changed by hand)`,
    (p) => `${lineZh(p.file, p.line)}：${p.event} ${p.pkg} 在 audit.jsonl 中没有对应的行（被手工写入或改动过）`,
  ),
  'verify.storeOtherRun': msg<F & { runId: string; want: string }>((p) => `${p.file}: for run ${p.runId}, this is ${p.want}`, (p) => `${p.file}：属于批次 ${p.runId}，而本批次是 ${p.want}`),
  'verify.storePieces': msg<F & Count>(
    (p) => `${p.file}: ${p.n} pieces, manifest.json's packages hold ${p.want}`,
    (p) => `${p.file}：${p.n} 份邮件，manifest.json 的印制包中有 ${p.want} 份`,
  ),
  'verify.summaryMissing': msg<F & { store: string; kind: string; k: number }>(
    (p) => `${p.file}: missing or not JSON, but ${p.store} took ${p.kind} file ${p.k} in`,
    (p) => `${p.file}：缺失或不是 JSON，但 ${p.store} 已接收第 ${p.k} 个 ${p.kind} 文件`,
  ),
  'verify.summaryDiffers': msg<F & { k: string; sha256: string; store: string; want: string }>(
    (p) => `${p.file}: says file ${p.k} with SHA-256 ${p.sha256}, ${p.store} took in ${p.want}`,
    (p) => `${p.file}：记为第 ${p.k} 个文件、SHA-256 ${p.sha256}，${p.store} 接收的是 ${p.want}`,
  ),
  'verify.summaryNoAudit': msg<F & { action: string; k: number }>(
    (p) => `${p.file}: no ${p.action} line in audit.jsonl with k ${p.k} and its SHA-256`,
    (p) => `${p.file}：audit.jsonl 中没有 "k" 为 ${p.k}、带其 SHA-256 的 ${p.action} 行`,
  ),
  'verify.makeupMissing': msg<F & { k: number }>((p) => `${p.file}: make-up package ${p.k} is missing`, (p) => `${p.file}：第 ${p.k} 个补制印制包缺失`),
  'verify.makeupChanged': msg<F & { got: string; bytes: number; summary: string }>(
    (p) => `${p.file}: SHA-256 ${p.got} (${p.bytes} bytes) differs from ${p.summary}; the file was changed`,
    (p) => `${p.file}：SHA-256 ${p.got}（${p.bytes} 字节）与 ${p.summary} 不符；文件已被改动`,
  ),
  'verify.returnsNoneTaken': msg<F>(
    (p) => `${p.file}: no returns file was taken in (tracking/pieces.bin names none): an interrupted siprint returns; run it again with the same file`,
    (p) => `${p.file}：没有接收过退信文件（tracking/pieces.bin 中没有）：siprint returns 被中断；请用同一文件重新执行`,
  ),
  'verify.returnsMissing': msg<F & { n: number }>(
    (p) => `${p.file}: missing, but tracking/pieces.bin took ${p.n} returns file(s) in: run siprint returns again with the last file`,
    (p) => `${p.file}：缺失，但 tracking/pieces.bin 已接收 ${p.n} 个退信文件：请用最后一个文件重新执行 siprint returns`,
  ),
  'verify.returnsDiffers': msg<F>(
    (p) => `${p.file}: differs from what the returns files taken in (tracking/returns-*.json) give; the file was changed or a returns run was interrupted: run siprint returns again with the last file`,
    (p) => `${p.file}：与已接收的退信文件（tracking/returns-*.json）得出的内容不符；文件被改动过，或 siprint returns 被中断：请用最后一个文件重新执行 siprint returns`,
  ),
  'verify.returnsFlags': msg<Count>(
    (p) => `tracking/pieces.bin: ${p.n} piece(s) marked returned, the returns files taken in name ${p.want}`,
    (p) => `tracking/pieces.bin：标为退信的邮件 ${p.n} 份，已接收的退信文件列出 ${p.want} 份`,
  ),
  'verify.summaryNotTaken': msg<F & { store: string; kind: string }>(
    (p) => `${p.file}: not taken in (${p.store} does not name it): an interrupted ${p.kind}; run it again with the same file`,
    (p) => `${p.file}：未被接收（${p.store} 中没有它）：${p.kind} 被中断；请用同一文件重新执行`,
  ),
};
