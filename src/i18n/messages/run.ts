/** A run as the terminal shows it: the end-of-run summary, `status`, the progress lines (docs/glossary.md). */
import { msg, text } from '../define';

type Head = { runId: string; mode: 'annual' | 'scheme'; year: number };
const modeZh = (m: Head['mode']) => (m === 'annual' ? '年度' : '分险种');

export const run = {
  'run.deceasedOnResume': text(
    '--deceased cannot be given with --resume: a run keeps the deceased lists it was created with (run.json); start a new run for other lists',
    '--deceased 不能与 --resume 同用：批次沿用创建时的死亡名单（run.json）；如需其他名单请新建批次',
  ),
  'run.done': msg<Head>((p) => `run ${p.runId} (${p.mode} ${p.year}) done`, (p) => `批次 ${p.runId}（${p.year} ${modeZh(p.mode)}）完成`),
  'run.records': msg<{ input: string; printed: string; electronic: string; held: string; suppressed: string; outOfScope?: string; guardians: string }>(
    (p) => `records ${p.input}: printed ${p.printed}, electronic ${p.electronic}, held ${p.held}, suppressed ${p.suppressed}${p.outOfScope ? `, out of scope ${p.outOfScope}` : ''}; to guardians ${p.guardians}`,
    (p) => `记录 ${p.input} 条：已打印 ${p.printed}，电子送达 ${p.electronic}，暂缓（留存）${p.held}，不寄送 ${p.suppressed}${p.outOfScope ? `，不在本批范围 ${p.outOfScope}` : ''}；寄监护人 ${p.guardians}`,
  ),
  'run.electronicPerBatch': msg<{ n: string; batches: string; files: string }>(
    (p) => `electronic statements: ${p.n} records (${p.batches}), a PDF each in ${p.files}`,
    (p) => `电子送达：${p.n} 条记录（${p.batches}），每人一份 PDF，见 ${p.files}`,
  ),
  'run.perBatch': msg<{ batches: string; pieces: string; sheets: string }>(
    (p) => `statements per batch: ${p.batches} (${p.pieces} statements, ${p.sheets} sheets)`,
    (p) => `各类别权益记录单：${p.batches}（共 ${p.pieces} 份，${p.sheets} 张纸）`,
  ),
  'run.perBatchOnly': msg<{ batches: string }>((p) => `statements per batch: ${p.batches}`, (p) => `各类别权益记录单：${p.batches}`),
  'run.heldPerReason': msg<{ list: string }>((p) => `held per reason: ${p.list}`, (p) => `暂缓（留存）原因：${p.list}`),
  'run.suppressedPerReason': msg<{ list: string }>((p) => `suppressed: ${p.list}`, (p) => `不寄送原因：${p.list}`),
  'run.warnings': msg<{ n: string; list: string; file: string }>(
    (p) => `warnings (printed all the same, for the core system): ${p.n} — ${p.list}; ${p.file}`,
    (p) => `提示（照常打印，供核心系统核查）：${p.n} 条 — ${p.list}；${p.file}`,
  ),
  'run.none': text('none', '无'),
  'run.listSep': text(', ', '，'),
  'run.deadline': msg<{ deadline: string; deadlineIn: string; handoffBy: string; handoffIn: string }>(
    (p) => `deadline ${p.deadline} (${p.deadlineIn}); hand-off to the print house by ${p.handoffBy} (${p.handoffIn})`,
    (p) => `法定送达期限 ${p.deadline}（${p.deadlineIn}）；交付印刷厂 ${p.handoffBy} 前（${p.handoffIn}）`,
  ),
  'run.late': msg<{ handoffBy: string; deadline: string }>(
    (p) => `LATE: the hand-off date ${p.handoffBy} has passed: statements may not be delivered by ${p.deadline}`,
    (p) => `已逾期：交付印刷厂日期 ${p.handoffBy} 已过，权益记录单可能无法在法定送达期限 ${p.deadline} 前送达`,
  ),
  'run.packages': msg<{ n: string; dir: string }>((p) => `packages: ${p.n} in ${p.dir}`, (p) => `印制包：${p.n} 个，在 ${p.dir}`),
  'run.files': msg<{ manifest: string; exceptions: string }>(
    (p) => `manifest: ${p.manifest}; held and suppressed records: ${p.exceptions}`,
    (p) => `清单：${p.manifest}；暂缓（留存）与不寄送记录：${p.exceptions}`,
  ),
  'run.pendingRelease': msg<{ operator: string; runDir: string }>(
    (p) => `release: packages PENDING approval (started by ${p.operator}); a second operator releases them: siprint release ${p.runDir} --approved-by ID`,
    (p) => `放行：印制包待审批（发起人 ${p.operator}）；须由另一名操作员放行：siprint release ${p.runDir} --approved-by 操作员工号`,
  ),
  'run.waitingForWorker': msg<{ runId: string; for: string; redis: string; prefixOption: string }>(
    (p) => `run ${p.runId} is waiting for a worker: none has been seen on ${p.redis} for ${p.for}; start one: siprint worker --redis ${p.redis}${p.prefixOption}`,
    (p) => `批次 ${p.runId} 正在等待工作进程：${p.redis} 上已有 ${p.for} 未见任何工作进程；请启动：siprint worker --redis ${p.redis}${p.prefixOption}`,
  ),
  'run.interrupted': msg<{ runDir: string }>(
    (p) => `interrupted; continue with: siprint run --resume ${p.runDir}`,
    (p) => `已中断；继续执行：siprint run --resume ${p.runDir}`,
  ),

  // status
  'status.head': msg<Head & { stage: string }>((p) => `run ${p.runId} (${p.mode} ${p.year}): ${p.stage}`, (p) => `批次 ${p.runId}（${p.year} ${modeZh(p.mode)}）：${p.stage}`),
  'stage.created': text('created', '已创建'),
  'stage.ingesting': text('ingesting', '读取数据中'),
  'stage.rendering': text('rendering', '生成中'),
  'stage.packaging': text('packaging', '封装中'),
  'stage.finalizing': text('finalizing', '收尾中'),
  'stage.done': text('done', '已完成'),
  'status.ingest': msg<{ done: boolean; records: string; pct?: number; soFar: string }>(
    (p) => `ingest: ${p.done ? 'done' : 'not finished'}, ${p.records} records read${p.pct !== undefined ? ` (${p.pct}%)` : ''}, ${p.soFar} held or suppressed so far`,
    (p) => `读取：${p.done ? '已完成' : '未完成'}，已读 ${p.records} 条记录${p.pct !== undefined ? `（${p.pct}%）` : ''}，至今暂缓（留存）或不寄送 ${p.soFar} 条`,
  ),
  'status.parts': msg<{ total: string; rendered: string; packaged: string; finalized: boolean }>(
    (p) => `parts: ${p.total} total, ${p.rendered} rendered, ${p.packaged} packaged${p.finalized ? ', run finalized' : ''}`,
    (p) => `分卷：共 ${p.total} 卷，已生成 ${p.rendered}，已封装 ${p.packaged}${p.finalized ? '，批次已收尾' : ''}`,
  ),
  'status.perReason': msg<{ held: string; suppressed: string }>(
    (p) => `held per reason: ${p.held}; suppressed: ${p.suppressed}`,
    (p) => `暂缓（留存）原因：${p.held}；不寄送原因：${p.suppressed}`,
  ),
  'status.released': msg<{ approvedBy: string; startedBy: string }>(
    (p) => `release: released by ${p.approvedBy} (started by ${p.startedBy})`,
    (p) => `放行：已由 ${p.approvedBy} 放行（发起人 ${p.startedBy}）`,
  ),
  'status.pending': msg<{ startedBy: string; runDir: string }>(
    (p) => `release: PENDING approval, packages not for the print house yet (started by ${p.startedBy}; siprint release ${p.runDir} --approved-by OTHER_OPERATOR)`,
    (p) => `放行：待审批，印制包暂不交付印刷厂（发起人 ${p.startedBy}；siprint release ${p.runDir} --approved-by 另一操作员工号）`,
  ),
  'status.purged': msg<{ on: string }>(
    (p) => `PURGED on ${p.on}: its personal data (archive, packages, parts) was removed after retention; counts and the audit log are kept`,
    (p) => `已清除（${p.on}）：保存期满，个人数据（归档、印制包、分卷）已删除；计数与审计日志保留`,
  ),
  'status.runDir': msg<{ runDir: string }>((p) => `run directory: ${p.runDir}`, (p) => `批次目录：${p.runDir}`),
  'status.queue': msg<{ progress: string }>((p) => `queue: ${p.progress}`, (p) => `队列：${p.progress}`),
  'status.notRunDir': msg<{ runDir: string }>(
    (p) => `${p.runDir} is not a run directory (no run.json): give the run directory, or a run ID with --out DIR`,
    (p) => `${p.runDir} 不是批次目录（没有 run.json）：请给出批次目录，或用 --out DIR 加批次号`,
  ),

  // progress
  'progress.recordsBar': text('records read', '已读记录'),
  'progress.renderedBar': text('parts rendered', '已生成分卷'),
  'progress.packagedBar': text('packages sealed', '已封装印制包'),
  'progress.partsUnit': text('parts', '卷'),
  'progress.eta': text('ETA', '预计还需'),
  'progress.records': msg<{ records: string; pct?: number; rate: string }>(
    (p) => `${p.records} records read${p.pct !== undefined ? ` (${p.pct}% of the extract)` : ''}, ${p.rate} records/s`,
    (p) => `已读 ${p.records} 条记录${p.pct !== undefined ? `（年终数据的 ${p.pct}%）` : ''}，每秒 ${p.rate} 条`,
  ),
  // a sharded ingest's stages, in-process (pipeline/range-pool.ts)
  'progress.rangesKeys': msg<{ done: string; total: string }>(
    (p) => `ingest, pass 1 (duplicate keys): ${p.done}/${p.total} ranges read`,
    (p) => `读取第一遍（查重键）：已读 ${p.done}/${p.total} 个区段`,
  ),
  'progress.rangesDuplicates': msg<{ done: string; total: string }>(
    (p) => `ingest: duplicates looked for in ${p.done}/${p.total} key buckets`,
    (p) => `读取：已在 ${p.done}/${p.total} 个键分桶中查重`,
  ),
  'progress.rangesJudge': msg<{ done: string; total: string }>(
    (p) => `ingest, pass 2 (validation and presort): ${p.done}/${p.total} ranges done`,
    (p) => `读取第二遍（校验与预分拣）：已完成 ${p.done}/${p.total} 个区段`,
  ),
  'progress.ingested': msg<{ records: string; pieces: string; parts: string }>(
    (p) => `ingest done: ${p.records} records, ${p.pieces} statements in ${p.parts} parts`,
    (p) => `读取完成：${p.records} 条记录，${p.pieces} 份权益记录单，分 ${p.parts} 卷`,
  ),
  'progress.parts': msg<{ rendered: string; packaged: string; parts: string; eta: string }>(
    (p) => `${p.rendered}/${p.parts} parts rendered, ${p.packaged}/${p.parts} packages sealed, ETA ${p.eta}`,
    (p) => `已生成 ${p.rendered}/${p.parts} 卷，已封装 ${p.packaged}/${p.parts} 个印制包，预计还需 ${p.eta}`,
  ),
  'progress.finalized': text('run finalized', '批次已收尾'),
  // `npm run demo` (scripts/demo.js)
  'demo.faultsAdded': msg<{ faults: number; records: string }>(
    (p) => `added ${p.faults} records to show what the run does with faulty and electronic ones (${p.records} records in all)`,
    (p) => `另加 ${p.faults} 条演示记录：有误的暂缓（留存），一条电子送达（共 ${p.records} 条记录）`,
  ),
  'demo.where': msg<{ extract: string; runDir: string }>(
    (p) => `demo: extract ${p.extract}; run directory ${p.runDir}`,
    (p) => `演示：数据文件 ${p.extract}；批次目录 ${p.runDir}`,
  ),
  'demo.tryStatus': msg<{ command: string }>(
    (p) => `demo: try \`${p.command}\``,
    (p) => `演示：可运行 \`${p.command}\` 查看批次状态`,
  ),
  'demo.failed': msg<{ command: string; status: string }>(
    (p) => `demo: \`siprint ${p.command}\` failed (exit ${p.status})`,
    (p) => `演示：\`siprint ${p.command}\` 失败（退出码 ${p.status}）`,
  ),
};
