/**
 * The render assets an agency may correct — layouts/*.json, fonts/ and the postcode prefix table —
 * when one is broken (exit 2): the file, the field and the fix. Field names stay as they are.
 */
import { msg, text } from '../define';

type File = { file: string };
type Width = { sum: number; width: number };
/** A clear zone of an envelope (its name is the layout's own text) and where it lies, in mm. */
type Zone = { zone: string; x0: number; x1: number; y0: number; y1: number };
/** The command that installs the pinned fonts: a parameter, so it stays as typed in both languages. */
type Command = { command: string };

export const assets = {
  // a layout file
  'layout.notJson': msg<File & { error: string }>(
    (p) => `layout ${p.file}: not valid JSON (${p.error}): fix the file`,
    (p) => `版式 ${p.file}：不是有效的 JSON（${p.error}）：请修正该文件`,
  ),
  'layout.field': msg<File & { field: string; problem: string }>(
    (p) => `layout ${p.file}: field ${p.field}: ${p.problem}`,
    (p) => `版式 ${p.file}：字段 ${p.field}：${p.problem}`,
  ),
  'layout.columnWidths': msg<Width>(
    (p) => `widths add up to ${p.sum} mm, more than the ${p.width} mm between the margins`,
    (p) => `各列宽度合计 ${p.sum} 毫米，超过左右边距之间的 ${p.width} 毫米`,
  ),
  'layout.pairsWidth': msg<Width>(
    (p) => `pairs × (labelWidth + valueWidth) = ${p.sum} mm, more than the ${p.width} mm between the margins`,
    (p) => `"pairs" × (labelWidth + valueWidth) = ${p.sum} 毫米，超过左右边距之间的 ${p.width} 毫米`,
  ),
  'layout.gridWidth': msg<Width>(
    (p) => `labelWidth + 12 × cellWidth = ${p.sum} mm, more than ${p.width} mm`,
    (p) => `labelWidth + 12 × cellWidth = ${p.sum} 毫米，超过 ${p.width} 毫米`,
  ),
  'layout.aboveTop': text('must be below frame.contentTop', '须在 frame.contentTop 之下'),
  'layout.belowPage': text('is below the page', '超出页面底边'),
  'layout.offPage': msg<{ width: number; height: number }>(
    (p) => `lies outside the ${p.width} × ${p.height} mm page`,
    (p) => `位于 ${p.width} × ${p.height} 毫米的页面之外`,
  ),
  'layout.columnsOffPage': text('its columns run off the page', '其各列超出页面'),
  'layout.inClearZone': msg<Zone>(
    (p) => `lies in the ${p.zone} (${p.x0}–${p.x1} × ${p.y0}–${p.y1} mm), which must stay clear`,
    (p) => `位于须留空的区域 "${p.zone}"（${p.x0}–${p.x1} × ${p.y0}–${p.y1} 毫米）内：请移出该区域`,
  ),
  'layout.inEnvelopeZone': msg<Zone & { envelope: string }>(
    (p) => `lies in the ${p.zone} of ${p.envelope} (${p.x0}–${p.x1} × ${p.y0}–${p.y1} mm), which must stay clear`,
    (p) => `位于信封版式 ${p.envelope} 须留空的区域 "${p.zone}"（${p.x0}–${p.x1} × ${p.y0}–${p.y1} 毫米）内：请移出该区域`,
  ),
  'layout.unknownFormat': msg<{ format: string }>(
    (p) => `unknown format "${p.format}" (use money, date, month or count)`,
    (p) => `未知格式 "${p.format}"（请用 "money"、"date"、"month" 或 "count"）`,
  ),
  'layout.idNotFileName': msg<{ id: string }>((p) => `"${p.id}" must match the file name`, (p) => `"${p.id}" 须与文件名一致`),

  // the installed layouts
  'layouts.noDir': msg<{ dir: string }>((p) => `layouts: no directory ${p.dir}`, (p) => `版式：没有目录 ${p.dir}：请检查任务单中 "assets" 所指的目录`),
  'layouts.notTheRuns': msg<{ installed: string; used: string }>(
    (p) => `layouts: none of the installed envelope layouts (${p.installed}) is the run's (${p.used}): reprint with the layouts of that run (ticket "assets")`,
    (p) => `版式：已安装的信封版式（${p.installed}）都不是该批次所用的（${p.used}）：请用该批次的版式补打（任务单中的 "assets"）`,
  ),

  // fonts/: fonts.json and the pinned faces
  'fonts.noManifest': msg<{ root: string }>((p) => `fonts/fonts.json: missing under ${p.root}`, (p) => `fonts/fonts.json：${p.root} 下没有该文件`),
  'fonts.notJson': msg<{ error: string }>(
    (p) => `fonts/fonts.json: not valid JSON (${p.error})`,
    (p) => `fonts/fonts.json：不是有效的 JSON（${p.error}）：请修正该文件`,
  ),
  'fonts.field': msg<{ field: string; problem: string }>(
    (p) => `fonts/fonts.json: field ${p.field}: ${p.problem}`,
    (p) => `fonts/fonts.json：字段 ${p.field}：${p.problem}`,
  ),
  'fonts.notInFaces': msg<{ id: string }>((p) => `face "${p.id}" is not in faces`, (p) => `字体 "${p.id}" 不在 "faces" 中`),
  'fonts.missing': msg<File & Command>(
    (p) => `fonts/${p.file}: missing: run \`${p.command}\` (scripts/install-fonts.js) to install the pinned fonts`,
    (p) => `fonts/${p.file}：缺少该字体文件：请运行 \`${p.command}\`（scripts/install-fonts.js）安装固定版本的字体`,
  ),
  'fonts.otherFile': msg<File & Command & { got: string; pinned: string }>(
    (p) => `fonts/${p.file}: sha256 ${p.got} is not the ${p.pinned} that fonts.json pins: run \`${p.command}\``,
    (p) => `fonts/${p.file}：SHA-256 为 ${p.got}，不是 fonts.json 固定的 ${p.pinned}：请运行 \`${p.command}\``,
  ),

  // postcodes/postcode-prefixes.json
  'postcodes.notJson': msg<File & { error: string }>(
    (p) => `${p.file}: not valid JSON (${p.error}): fix the file`,
    (p) => `邮政编码表 ${p.file}：不是有效的 JSON（${p.error}）：请修正该文件`,
  ),
  'postcodes.field': msg<File & { field: string; problem: string }>(
    (p) => `${p.file}: field ${p.field}: ${p.problem}`,
    (p) => `邮政编码表 ${p.file}：字段 ${p.field}：${p.problem}`,
  ),
  'postcodes.prefixDigits': text('a prefix is two digits, e.g. "01"', '前缀为两位数字，例如 "01"'),
  'postcodes.prefixTwice': msg<File & { prefix: string; other: string; province: string }>(
    (p) => `${p.file}: prefix ${p.prefix} is given to both ${p.other} and ${p.province}: give it to one`,
    (p) => `邮政编码表 ${p.file}：前缀 ${p.prefix} 同时分给了 ${p.other} 和 ${p.province}：只能分给其中一个`,
  ),
  'postcodes.missing': msg<File & { root: string }>(
    (p) => `${p.file}: missing under ${p.root}`,
    (p) => `邮政编码表 ${p.file}：${p.root} 下没有该文件`,
  ),
};
