/** The cover page of `siprint proof` (issue 23): what the proof is and what each of its pieces shows. */
import { msg, text } from '../define';

export const proof = {
  'proof.coverTitle': text('siprint proof - NOT FOR MAILING', 'siprint 校样 — 不得投寄'),
  'proof.coverRun': msg<{ extract: string; year: number; mode: string; printDate: string }>(
    (p) => `extract ${p.extract} - business year ${p.year} - ${p.mode} - print date ${p.printDate}`,
    (p) => `年终数据 ${p.extract} — 业务年度 ${p.year} — ${p.mode === 'scheme' ? '按险种' : '年度'} — 打印日期 ${p.printDate}`,
  ),
  'proof.coverCounts': msg<{ records: number; printable: number; pieces: number }>(
    (p) => `${p.records} records read, ${p.printable} printable; ${p.pieces} pieces chosen to cover every layout and edge:`,
    (p) => `读取记录 ${p.records} 条，可打印 ${p.printable} 条；选出 ${p.pieces} 件，覆盖每种版式和边界情况：`,
  ),
  'proof.coverPiece': msg<{ n: number; pieceId: string; batch: string; recordId: string; line: number; sheets: number }>(
    (p) => `${p.n}. ${p.pieceId}  batch ${p.batch}  record ${p.recordId} (extract line ${p.line})  ${p.sheets} sheet(s)`,
    (p) => `${p.n}. ${p.pieceId}  类别 ${p.batch}  记录 ${p.recordId}（年终数据第 ${p.line} 行）  ${p.sheets} 张`,
  ),
  'proof.coverAbsent': text('Not in this extract (nothing to show):', '本年终数据中没有（无可展示）：'),
  'proof.coverFooter1': text(
    'Each statement is followed by its envelope. Piece IDs and the run ID read PROOF: the codes on',
    '每份权益记录单之后是其信封。邮件编号和批次号均为 PROOF：这些页面上的条码与',
  ),
  'proof.coverFooter2': text(
    'these pages are not those of the run. Approve the run with: siprint release RUN_DIR --approved-by ID',
    '正式批次的不同。审批正式批次请用：siprint release 批次目录 --approved-by 审批人',
  ),


  // what each piece of the proof shows (an edge of the layouts), and what the extract has none of
  'proof.edge.batch': msg<{ batch: string }>((p) => `batch ${p.batch}`, (p) => `类别 ${p.batch}`),
  'proof.edge.guardian': text("envelope to a guardian (a minor's statement)", '寄给监护人的信封（未成年人的记录单）'),
  'proof.edge.sheets': msg<{ sheets: number }>((p) => `a ${p.sheets}-sheet statement`, (p) => `${p.sheets} 张纸的记录单`),
  'proof.edge.name': msg<{ n: number }>((p) => `the longest name (${p.n} characters)`, (p) => `最长的姓名（${p.n} 个字）`),
  'proof.edge.address': msg<{ n: number }>((p) => `the longest address (${p.n} characters)`, (p) => `最长的地址（${p.n} 个字）`),
  'proof.edge.employer': msg<{ n: number }>((p) => `the longest employer name (${p.n} characters)`, (p) => `最长的单位名称（${p.n} 个字）`),
  'proof.edge.benefits': msg<{ batch: string }>((p) => `a benefits section (batch ${p.batch})`, (p) => `待遇部分（类别 ${p.batch}）`),
  'proof.edge.backPay': text('back pay (补缴)', '补缴'),
  'proof.edge.deemed': text('deemed months (视同缴费月数)', '视同缴费月数'),
  'proof.edge.medicalAccount': text('the medical account (医疗保险个人账户)', '医疗保险个人账户'),
  'proof.edge.retirement': text("a retiree's 离退休待遇 block", '离退休人员的离退休待遇部分'),
  'proof.edge.benefitDetail': text('a benefit row with 伤残等级 or 天数', '含伤残等级或天数的待遇行'),
  'proof.edge.employerEnvelope': text('an envelope through the employer (单位转交), with its bundle', '经单位转交的信封及其包裹'),
  'proof.edge.rare': msg<{ code: string; beyondGbk: boolean }>(
    (p) => `a rare character (U+${p.code}, ${p.beyondGbk ? 'beyond GBK' : 'outside GB2312'})`,
    (p) => `生僻字（U+${p.code}，${p.beyondGbk ? 'GBK 以外' : 'GB2312 以外'}）`,
  ),
  'proof.absent.guardian': text('no statement goes to a guardian', '没有寄给监护人的记录单'),
  'proof.absent.sheets': text('no statement takes more than one sheet', '没有超过一张纸的记录单'),
  'proof.absent.rare': text('no name or address has a character outside GB2312', '姓名和地址中没有 GB2312 以外的字'),
  'proof.absent.benefits': msg<{ batch: string }>((p) => `no statement of batch ${p.batch} has a benefits section`, (p) => `类别 ${p.batch} 中没有含待遇部分的记录单`),


  // siprint proof's own lines
  'proof.badYear': msg<{ year: string }>((p) => `--year ${p.year} is not a year YYYY`, (p) => `--year ${p.year} 不是 YYYY 格式的年份`),
  'proof.nothing': msg<{ extract: string; records: number }>(
    (p) => `extract ${p.extract}: no printable record (${p.records} read): nothing to proof; run siprint check`,
    (p) => `年终数据 ${p.extract}：没有可打印的记录（读取 ${p.records} 条）：无可校样；请运行 siprint check`,
  ),
  'proof.written': msg<{ file: string; pieces: number; pages: number }>(
    (p) => `proof ${p.file}: ${p.pieces} pieces, ${p.pages} pages (cover + statements, each followed by its envelope)`,
    (p) => `校样 ${p.file}：${p.pieces} 件，${p.pages} 页（封面 + 权益记录单，每份之后是其信封）`,
  ),
  'proof.piece': msg<{ n: number; batch: string; recordId: string; covers: string }>(
    (p) => `  ${p.n}. batch ${p.batch} record ${p.recordId}: ${p.covers}`,
    (p) => `  ${p.n}. 类别 ${p.batch} 记录 ${p.recordId}：${p.covers}`,
  ),
  'proof.notInExtract': msg<{ absent: string }>((p) => `  not in this extract: ${p.absent}`, (p) => `  本年终数据中没有：${p.absent}`),
};
