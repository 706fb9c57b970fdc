/**
 * The stages' one-line errors an operator can meet: a file of the run directory missing or changed
 * under a stage, a thread that died. File names, job layers and commands stay as they are.
 */
import { msg, text } from '../define';

export const pipeline = {
  // the sharded ingest (BullMQ): its scratch in tmp/shards/
  'shards.noPlan': msg<{ runId: string; file: string }>(
    (p) => `run ${p.runId}: its sharded ingest has no plan (${p.file}); resubmit the run`,
    (p) => `批次 ${p.runId}：分段读取没有读取计划（${p.file}）；请重新提交该批次`,
  ),
  'shards.noKeys': msg<{ range: number; dir: string }>(
    (p) => `the keys of range ${p.range} are missing (${p.dir})`,
    (p) => `区段 ${p.range} 的键值文件不见了（${p.dir}）`,
  ),
  'shards.noGroups': msg<{ bucket: number }>(
    (p) => `the duplicate groups of bucket ${p.bucket} are missing`,
    (p) => `分桶 ${p.bucket} 的重复记录分组不见了`,
  ),
  'shards.noVerdicts': msg<{ range: number; dir: string }>(
    (p) => `the verdicts of range ${p.range} are missing (${p.dir})`,
    (p) => `区段 ${p.range} 的校验结果不见了（${p.dir}）`,
  ),
  // the stages over a part: its files as the stage before left them
  'part.piecesMissing': msg<{ partId: string; file: string }>(
    (p) => `part ${p.partId}: ${p.file} is missing (was the ingest stage run for this run directory?)`,
    (p) => `分卷 ${p.partId}：${p.file} 不存在（该批次目录是否已执行读取阶段？）`,
  ),
  'part.piecesDamaged': msg<{ partId: string; file: string; why: string; ingestState: string }>(
    (p) => `part ${p.partId}: ${p.file} is damaged (${p.why}); delete ${p.ingestState} in the run directory and resume to ingest again`,
    (p) => `分卷 ${p.partId}：${p.file} 已损坏（${p.why}）；请删除批次目录中的 ${p.ingestState}，再续跑以重新读取`,
  ),
  'part.notRendered': msg<{ partId: string }>(
    (p) => `part ${p.partId}: not rendered yet (run the render stage for it first)`,
    (p) => `分卷 ${p.partId}：尚未排版（请先为它执行排版阶段）`,
  ),
  'part.markerIncomplete': msg<{ partId: string; marker: string }>(
    (p) => `part ${p.partId}: its render marker names no envelopes or mailing list; delete ${p.marker} to render the part again`,
    (p) => `分卷 ${p.partId}：其排版标记中没有信封或邮寄清单；请删除 ${p.marker}，以重新排版该分卷`,
  ),
  'part.renderedChanged': msg<{ partId: string; marker: string }>(
    (p) => `part ${p.partId}: the rendered files no longer match their render marker; delete ${p.marker} to render the part again`,
    (p) => `分卷 ${p.partId}：排版文件与其排版标记不再相符；请删除 ${p.marker}，以重新排版该分卷`,
  ),
  'run.ingestNotDone': msg<{ runId: string }>(
    (p) => `run ${p.runId}: ingest has not finished (run the ingest stage first)`,
    (p) => `批次 ${p.runId}：读取尚未完成（请先执行读取阶段）`,
  ),
  'run.notAllPackaged': msg<{ runId: string; n: number; parts: string }>(
    (p) => `run ${p.runId}: cannot finalize, ${p.n} part(s) not packaged yet (${p.parts})`,
    (p) => `批次 ${p.runId}：无法收尾，尚有 ${p.n} 个分卷未封装（${p.parts}）`,
  ),
  // the threads a run works on
  'threads.noScript': msg<{ script: string; build: string }>(
    (p) => `${p.script} is missing: run \`${p.build}\` first (worker threads load the compiled code)`,
    (p) => `${p.script} 不存在：请先运行 \`${p.build}\`（工作线程加载的是编译后的代码）`,
  ),
  'threads.renderOutOfMemory': msg<{ mb: string }>(
    (p) => `a render thread ran out of its ${p.mb} MB heap: lower piecesPerFile in the ticket, then --resume`,
    (p) => `排版线程用尽了其 ${p.mb} MB 堆内存：请调低任务单中的 piecesPerFile，然后 --resume 续跑`,
  ),
  'threads.renderExited': msg<{ code: number }>((p) => `render worker exited with code ${p.code}`, (p) => `排版线程意外退出（退出码 ${p.code}）`),
  'threads.ingestOutOfMemory': msg<{ mb: number; log: string }>(
    (p) => `the ingest thread ran out of its ${p.mb} MB heap, which it should never need (its memory does not grow with the extract): report it with the run's ${p.log}`,
    (p) => `读取线程用尽了其 ${p.mb} MB 堆内存，这本不应发生（其内存不随年终数据增长）：请连同该批次的 ${p.log} 一并报告`,
  ),
  'threads.ingestExited': msg<{ code: number }>((p) => `the ingest thread exited with code ${p.code} before it finished`, (p) => `读取线程在完成前退出（退出码 ${p.code}）`),
  'threads.rangeOutOfMemory': msg<{ mb: number; log: string }>(
    (p) => `a range thread of the ingest ran out of its ${p.mb} MB heap, which it should never need (it holds one sort chunk): report it with the run's ${p.log}`,
    (p) => `读取的区段线程用尽了其 ${p.mb} MB 堆内存，这本不应发生（它只持有一个排序块）：请连同该批次的 ${p.log} 一并报告`,
  ),
  'threads.rangeExited': msg<{ code: number }>((p) => `a range thread of the ingest exited with code ${p.code} before its stage finished`, (p) => `读取的区段线程在其步骤完成前退出（退出码 ${p.code}）`),
  'threads.rangeOutputMissing': msg<{ layer: string; indexes: string }>(
    (p) => `the ingest's ${p.layer} stages ${p.indexes} finished but their output is missing; resume the run`,
    (p) => `读取的 ${p.layer} 步骤 ${p.indexes} 已完成，但其输出不见了；请续跑该批次`,
  ),
  'threads.judgeFailed': msg<{ why: string }>((p) => `a validation thread failed: ${p.why}`, (p) => `校验线程出错：${p.why}`),
  'threads.judgeExited': msg<{ code: number }>((p) => `exited with code ${p.code}`, (p) => `已退出（退出码 ${p.code}）`),
  // layouts and fonts: the ones installed (layouts/, fonts/, the ticket's "assets") against what a run needs
  'layout.noBundle': msg<{ file: string }>(
    (p) => `no bundle layout (type "bundle", ${p.file}) was loaded: a run through employers needs it`,
    (p) => `没有加载包裹版式（"type" 为 "bundle"，${p.file}）：经单位转交的批次需要它`,
  ),
  'layout.noStatement': msg<{ batch: string }>(
    (p) => `no statement layout serves batch ${p.batch}: add it to a layout's "batches"`,
    (p) => `没有适用于类别 ${p.batch} 的权益记录单版式：请把它加入某个版式的 "batches"`,
  ),
  'layout.noEnvelope': text('no envelope layout (type "envelope") was loaded', '没有加载信封版式（"type" 为 "envelope"）'),
  'layout.permitTooLong': msg<{ chars: number; layout: string }>(
    (p) => `postage permit (${p.chars} characters) does not fit the imprint box of ${p.layout}: shorten postagePermit in the ticket`,
    (p) => `邮资许可证号（${p.chars} 个字符）超出 ${p.layout} 的邮资框：请缩短任务单中的 postagePermit`,
  ),
  'layout.bundleMisfit': msg<{ bundleId: string; field: string; layout: string }>(
    (p) => `bundle ${p.bundleId}: ${p.field} does not fit its box on layout ${p.layout}`,
    (p) => `包裹 ${p.bundleId}：${p.field} 超出版式 ${p.layout} 上的版面框`,
  ),
  'assets.layoutChanged': msg<{ runId: string; id: string; version: string; sha256: string; installed?: string; installedSha256?: string }>(
    (p) =>
      `run ${p.runId} was rendered with layout ${p.id} version ${p.version} (sha256 ${p.sha256}…), installed is ${p.installed ? `version ${p.installed} (sha256 ${p.installedSha256}…)` : 'none'}: reprint with the layouts of that run (ticket "assets")`,
    (p) =>
      `批次 ${p.runId} 排版时用的是版式 ${p.id} 版本 ${p.version}（SHA-256 ${p.sha256}…），现安装的${p.installed ? `是版本 ${p.installed}（SHA-256 ${p.installedSha256}…）` : '没有此版式'}：请用该批次的版式补打（任务单 "assets"）`,
  ),
  'assets.fontChanged': msg<{ runId: string; file: string; sha256: string }>(
    (p) => `run ${p.runId} was rendered with font ${p.file} (sha256 ${p.sha256}…), which is not installed unchanged: reprint with that run's fonts`,
    (p) => `批次 ${p.runId} 排版时用的是字体 ${p.file}（SHA-256 ${p.sha256}…），现未原样安装：请用该批次的字体补打`,
  ),
};
