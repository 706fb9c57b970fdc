/** The dashboard's own pages (the run list, a run's page); bull-board's pages are its own. */
import { msg, text } from '../define';

type Span = { d: number; h: string; m: string };

export const dashboard = {
  'dash.spanLeft': msg<Span>((p) => `${p.d} d ${p.h} h ${p.m} min left`, (p) => `还有 ${p.d} 天 ${p.h} 小时 ${p.m} 分`),
  'dash.spanAgo': msg<Span>((p) => `passed ${p.d} d ${p.h} h ${p.m} min ago`, (p) => `已过期 ${p.d} 天 ${p.h} 小时 ${p.m} 分`),
  'dash.footer': text('Refreshes every 5 s', '每 5 秒刷新'),
  'dash.runs': text('runs', '批次列表'),
  'dash.queue': text('queue (bull-board)', '队列（bull-board）'),
  'dash.ingest': text('ingest', '读取'),
  'dash.ingestBytes': text('ingest (bytes)', '读取（字节）'),
  'dash.rendered': text('parts rendered', '已生成分卷'),
  'dash.packaged': text('packages sealed', '已封装印制包'),
  'dash.handoff': text('hand-off to the print house', '交付印刷厂'),
  'dash.deadline': text('statutory deadline (delivered)', '法定送达期限（送达）'),
  'dash.noDir': text('The run directory is not readable from this machine: deadlines unknown.', '本机无法读取该批次目录：期限未知。'),
  'dash.counts': msg<{ input: string; printed: string; electronic: string; held: string; suppressed: string; pieces: string }>(
    (p) => `records ${p.input} · printed ${p.printed} · electronic ${p.electronic} · held ${p.held} · suppressed ${p.suppressed} · statements ${p.pieces}`,
    (p) => `记录 ${p.input} · 已打印 ${p.printed} · 电子送达 ${p.electronic} · 暂缓（留存）${p.held} · 不寄送 ${p.suppressed} · 权益记录单 ${p.pieces}`,
  ),
  'dash.soFar': msg<{ records: string; held: string }>(
    (p) => `records read so far ${p.records} · held so far ${p.held}`,
    (p) => `已读记录 ${p.records} · 至今暂缓（留存）${p.held}`,
  ),
  'dash.failed': msg<{ failure: string }>((p) => `failed: ${p.failure}`, (p) => `失败：${p.failure}`),
  'dash.runTitle': msg<{ runId: string }>((p) => `run ${p.runId}`, (p) => `批次 ${p.runId}`),
  'dash.meta': msg<{ mode: string; year: number; printDate: string }>(
    (p) => `${p.mode} ${p.year} · print date ${p.printDate} · `,
    (p) => `${p.year} ${p.mode === 'annual' ? '年度' : '分险种'} · 打印日期 ${p.printDate} · `,
  ),
  'dash.runsTitle': text('siprint runs', 'siprint 批次'),
  'dash.run': text('run', '批次'),
  'dash.state': text('state', '状态'),
  'dash.packages': text('packages', '印制包'),
  'dash.handoffShort': text('hand-off', '交付印刷厂'),
  'dash.noRuns': text('No run in this queue yet.', '此队列中尚无批次。'),
  'dash.deliveredOn': text('delivered on (UTC)', '交付时间（UTC）'),
  'dash.noRun': msg<{ runId: string; prefix: string }>((p) => `no run ${p.runId} in this queue (prefix ${p.prefix})`, (p) => `此队列（前缀 ${p.prefix}）中没有批次 ${p.runId}`),
  // a run's state: its stage (stage.* in run.ts), or the queue's word for it
  'dash.failedState': text('failed', '失败'),
  'dash.unknown': text('unknown', '未知'),
  'dash.waiting': text('waiting', '排队中'),
  'dash.processing': text('processing', '处理中'),
};
