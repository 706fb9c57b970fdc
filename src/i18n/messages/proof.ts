/** The cover page of `siprint proof` (issue 23): what the proof is and what each of its pieces shows. */
import { msg, text } from '../define';

export const proof = {
  'proof.coverTitle': text('siprint proof - NOT FOR MAILING', 'siprint 校样 — 不得投寄'),
  'proof.coverRun': msg<{ extract: string; year: number; mode: string; printDate: string }>(
    (p) => `extract ${p.extract} - business year ${p.year} - ${p.mode} - print date ${p.printDate}`,
    (p) => `数据文件 ${p.extract} — 业务年度 ${p.year} — ${p.mode === 'scheme' ? '按险种' : '年度'} — 打印日期 ${p.printDate}`,
  ),
  'proof.coverCounts': msg<{ records: number; printable: number; pieces: number }>(
    (p) => `${p.records} records read, ${p.printable} printable; ${p.pieces} pieces chosen to cover every layout and edge:`,
    (p) => `读取记录 ${p.records} 条，可打印 ${p.printable} 条；选出 ${p.pieces} 件，覆盖每种版式和边界情况：`,
  ),
  'proof.coverPiece': msg<{ n: number; pieceId: string; batch: string; recordId: string; line: number; sheets: number }>(
    (p) => `${p.n}. ${p.pieceId}  batch ${p.batch}  record ${p.recordId} (extract line ${p.line})  ${p.sheets} sheet(s)`,
    (p) => `${p.n}. ${p.pieceId}  批 ${p.batch}  记录 ${p.recordId}（数据文件第 ${p.line} 行）  ${p.sheets} 张`,
  ),
  'proof.coverAbsent': text('Not in this extract (nothing to show):', '本数据文件中没有（无可展示）：'),
  'proof.coverFooter1': text(
    'Each statement is followed by its envelope. Piece IDs and the run ID read PROOF: the codes on',
    '每份权益记录单之后是其信封。件号和批次号均为 PROOF：这些页面上的条码与',
  ),
  'proof.coverFooter2': text(
    'these pages are not those of the run. Approve the run with: siprint release RUN_DIR --approved-by ID',
    '正式批次的不同。审批正式批次请用：siprint release 批次目录 --approved-by 审批人',
  ),
};
