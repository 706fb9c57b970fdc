/** report.html, the run report, in the run's language (run.json `lang`); its hand-off section is in delivery.ts. */
import { msg, text } from '../define';

export const report = {
  'report.title': msg<{ runId: string }>((p) => `Run report ${p.runId}`, (p) => `运行报告 ${p.runId}`),
  'report.heading': text('Social-insurance rights-record statements · Run report', '社会保险个人权益记录单 · 运行报告'),
  'report.meta': msg<{ runId: string; mode: string; year: number; printDate: string; finishedOn: string; startedBy?: string }>(
    (p) => `Run ${p.runId} · ${p.mode} ${p.year} · print date ${p.printDate} · finished ${p.finishedOn}${p.startedBy ? ` · started by ${p.startedBy}` : ''}`,
    (p) => `批次 ${p.runId} · ${p.year} ${p.mode === 'annual' ? '年度' : p.mode === 'scheme' ? '分险种' : p.mode} · 打印日期 ${p.printDate} · 完成于 ${p.finishedOn}${p.startedBy ? ` · 发起人 ${p.startedBy}` : ''}`,
  ),
  'report.badgeLate': text('finished after hand-off date', '晚于交付印刷厂日期完成'),
  'report.badgeOnTime': text('on time', '按时'),
  'report.badgeReleased': msg<{ by: string }>((p) => `released by ${p.by}`, (p) => `已放行（${p.by}）`),
  'report.badgePending': text('pending approval — not for the print house yet', '待审批——暂不交付印刷厂'),

  // the cards
  'report.cardInput': text('records in extract', '年终数据记录'),
  'report.cardGuardians': text('to guardians', '寄监护人'),
  'report.cardHeldSub': text('with a reason code', '附原因代码'),
  'report.cardSuppressedSub': text('not to be mailed', '不寄出'),
  'report.cardElectronicSub': text('a PDF each, not mailed', '每人一份 PDF，不寄出'),
  'report.cardStatements': text('statements', '权益记录单'),
  'report.sheets': text('sheets', '张纸'),
  'report.cardSpare': text('days to spare', '距交付印刷厂还有（天）'),
  'report.cardLate': text('days late', '逾期（天）'),
  'report.handoffBy': msg<{ date: string }>((p) => `hand-off by ${p.date}`, (p) => `交付印刷厂 ${p.date} 前`),
  'report.handoffWas': msg<{ date: string }>((p) => `hand-off was ${p.date}`, (p) => `交付印刷厂日期为 ${p.date}`),
  'report.balance': msg<{ input: string; printed: string; electronic: string; held: string; suppressed: string; outOfScope?: string; ok: boolean }>(
    (p) => `Every record accounted for: ${p.input} = ${p.printed} printed + ${p.electronic} electronic + ${p.held} held + ${p.suppressed} suppressed${p.outOfScope ? ` + ${p.outOfScope} out of scope` : ''}${p.ok ? ' ✓' : ' — DOES NOT BALANCE'}`,
    (p) => `每条记录都有着落：${p.input} = 已打印 ${p.printed} + 电子送达 ${p.electronic} + 暂缓（留存）${p.held} + 不寄送 ${p.suppressed}${p.outOfScope ? ` + 不在本批范围 ${p.outOfScope}` : ''}${p.ok ? ' ✓' : '——不平衡'}`,
  ),

  // timeline
  'report.timeline': text('Timeline', '时间线'),
  'report.timelineChart': text('Timeline against the hand-off date and the 31 March deadline', '对照交付印刷厂日期与 3 月 31 日法定送达期限的时间线'),
  'report.leadTime': text('print house lead time', '印刷厂印制寄送时间'),
  'report.yearClosed': text('business year closed', '业务年度结束'),
  'report.runStarted': text('run started', '批次开始'),
  'report.runFinished': text('run finished', '批次完成'),
  'report.releasedBy': msg<{ by: string }>((p) => `released by ${p.by}`, (p) => `${p.by} 放行`),
  'report.allDelivered': text('all packages delivered', '印制包全部已交付'),
  'report.handoff': text('hand-off to print house', '交付印刷厂'),
  'report.deadline': text('statutory deadline (delivered)', '法定送达期限（送达）'),
  'report.finishedLate': msg<{ days: string; handoffBy: string; deadline: string }>(
    (p) => `Finished <b>${p.days} day(s) after</b> the hand-off date ${p.handoffBy}: the print house has less than its lead time before ${p.deadline}.`,
    (p) => `<b>晚于</b>交付印刷厂日期 ${p.handoffBy} <b>${p.days} 天</b>完成：印刷厂在法定送达期限 ${p.deadline} 前的时间已不足。`,
  ),
  'report.finishedOnTime': msg<{ days: string; handoffBy: string; deadline: string }>(
    (p) => `Finished ${p.days} day(s) before the hand-off date ${p.handoffBy}; the print house then has until ${p.deadline} to deliver.`,
    (p) => `早于交付印刷厂日期 ${p.handoffBy} ${p.days} 天完成；印刷厂须在 ${p.deadline} 前送达。`,
  ),

  // batches, regions
  'report.perBatch': text('Pieces per batch', '各类别邮件数'),
  'report.batch': text('batch', '类别'),
  'report.pieces': text('pieces', '邮件'),
  'report.perRegion': text('Pieces per province / city', '各省市邮件数'),
  'report.perRegionChart': text('Pieces per province and city', '各省市邮件数'),
  'report.otherRegions': msg<{ n: number }>((p) => `${p.n} other regions`, (p) => `其他 ${p.n} 个地区`),

  // held and suppressed
  'report.heldSection': text('Held and suppressed records', '暂缓（留存）与不寄送的记录'),
  'report.noneHeld': text('No record was held or suppressed.', '没有暂缓（留存）或不寄送的记录。'),
  'report.heldIntro': msg<{ held: string; suppressed: string }>(
    (p) => `${p.held} held (reported back to the core system for correction, never printed wrong) and ${p.suppressed} suppressed (not to be mailed). Full list: <code>exceptions.jsonl</code>.`,
    (p) => `暂缓（留存）${p.held} 条（退回核心系统更正，绝不错印），不寄送 ${p.suppressed} 条（不寄出）。完整清单：<code>exceptions.jsonl</code>。`,
  ),
  'report.warningsSection': text('Warnings (printed all the same)', '提示（照常打印）'),
  'report.noWarnings': text('No warnings: nothing unlikely for the core system to look at.', '没有提示：无需核心系统核查的异常情况。'),
  'report.warningsIntro': text(
    'Records that are possible but unlikely, printed as they are, for the core system to look at. Full list: <code>warnings.jsonl</code>.',
    '可能成立但不太合理的记录，照常打印，供核心系统核查。完整清单：<code>warnings.jsonl</code>。',
  ),
  'report.warningsChart': text('Warnings per code', '各提示代码的记录数'),
  'report.warning': text('warning', '提示'),
  'report.heldChart': text('Held and suppressed records per reason code', '各原因代码的暂缓（留存）与不寄送记录'),
  'report.reason': text('reason', '原因'),
  'report.kind': text('kind', '处理'),
  'report.records': text('records', '记录数'),
  'report.examples': text('first examples (record ID · extract line · ssn masked)', '前几例（记录号 · 年终数据行号 · 社会保障号码已遮蔽）'),
  'report.noRecordId': text('(no record ID)', '（无记录号）'),
  'report.line': msg<{ n: string }>((p) => `line ${p.n}`, (p) => `第 ${p.n} 行`),

  // packages
  'report.packagesSection': text('Pages, sheets and packages', '页数、纸张与印制包'),
  'report.packagesLine': msg<{ packages: string; pieces: string; pages: string; sheets: string; envelopes: string; mb: string }>(
    (p) => `${p.packages} packages · ${p.pieces} pieces · ${p.pages} statement pages on ${p.sheets} sheets · ${p.envelopes} envelopes · ${p.mb} MB`,
    (p) => `印制包 ${p.packages} 个 · 邮件 ${p.pieces} 件 · 权益记录单 ${p.pages} 页（${p.sheets} 张纸）· 信封 ${p.envelopes} 个 · ${p.mb} MB`,
  ),
  'report.pagesChart': text('Pages, sheets and envelopes', '页数、纸张与信封'),
  'report.statementPages': text('statement pages', '权益记录单页数'),
  'report.envelopes': text('envelopes', '信封'),
  'report.allSheets': text('sheets of paper (all)', '纸张（合计）'),
  'report.part': text('part', '分卷'),
  'report.size': text('size', '大小'),
  'report.status': text('status', '状态'),
  'report.pending': text('pending', '待审批'),
  'report.released': text('released', '已放行'),

  // stages
  'report.stagesSection': text('Time per stage and throughput', '各阶段用时与吞吐量'),
  'report.noStages': text('No stage timings in logs/siprint.log.', 'logs/siprint.log 中没有各阶段用时。'),
  'report.stagesChart': text('Time per stage', '各阶段用时'),
  'report.stage': text('stage', '阶段'),
  'report.wall': text('wall time', '实际用时'),
  'report.busy': text('busy time (all threads)', '累计用时（所有线程）'),
  'report.throughput': text('throughput', '吞吐量'),
  'report.spanNote': msg<{ wall: string; busy: string }>((p) => `${p.wall} wall, ${p.busy} busy`, (p) => `实际 ${p.wall}，累计 ${p.busy}`),
  'report.piecesPerSecond': msg<{ n: string }>((p) => `${p.n} pieces/s`, (p) => `每秒 ${p.n} 件`),
  'report.recordsPerSecond': msg<{ n: string }>((p) => `${p.n} records/s`, (p) => `每秒 ${p.n} 条`),
  'report.overall': msg<{ total: string; rate: string }>(
    (p) => `From creation to finalize: <b>${p.total}</b>, ${p.rate} pieces/s overall (a resumed run counts its pauses).`,
    (p) => `从创建到收尾：<b>${p.total}</b>，平均每秒 ${p.rate} 件（续跑的批次含中断时间）。`,
  ),
  'stageName.ingest': text('ingest', '读取'),
  'stageName.render': text('render', '生成'),
  'stageName.package': text('package', '封装'),
  'stageName.finalize': text('finalize', '收尾'),

  'report.footer': text(
    'Made by siprint from manifest.json, reconciliation.json, exceptions.jsonl and logs/siprint.log of this run. The figures marked in the manifest are checked by <code>siprint verify</code>.',
    '由 siprint 根据本批次的 manifest.json、reconciliation.json、exceptions.jsonl 和 logs/siprint.log 生成。清单中标注的数字由 <code>siprint verify</code> 核对。',
  ),
  'report.madeAt': msg<{ at: string }>((p) => `Made ${p.at}.`, (p) => `生成时间 ${p.at}。`),

  // the batches by name (the code stays)
  'batch.E': text('城镇职工 urban employees', '城镇职工'),
  'batch.R': text('城乡居民 urban-rural residents', '城乡居民'),
  'batch.S-pension': text('养老保险 pension', '养老保险'),
  'batch.S-medical': text('医疗保险 medical', '医疗保险'),
  'batch.S-unemployment': text('失业保险 unemployment', '失业保险'),
  'batch.S-injury': text('工伤保险 work injury', '工伤保险'),
  'batch.S-maternity': text('生育保险 maternity', '生育保险'),
};
