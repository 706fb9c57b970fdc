import { PassThrough } from 'node:stream';
import { createProgressReporter } from '../../src/cli/progress';
import { formatRunSummary } from '../../src/cli/run-summary';
import { emptyCounts } from '../../src/pipeline/counts';
import type { RunSummary } from '../../src/pipeline/finalize';

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough();
  let out = '';
  s.on('data', (d: Buffer) => (out += d.toString()));
  return { stream: s as unknown as NodeJS.WriteStream, text: () => out };
}

describe('operator output', () => {
  it('prints plain, throttled progress lines when stderr is not a terminal', () => {
    const cap = capture();
    let t = 0;
    const r = createProgressReporter(cap.stream, { intervalMs: 5000, now: () => t });
    t = 6000;
    r.onEvent({ type: 'ingest-progress', records: 1200, bytesRead: 50, totalBytes: 100 });
    t = 7000;
    r.onEvent({ type: 'ingest-progress', records: 1300, bytesRead: 60, totalBytes: 100 }); // throttled
    r.onEvent({ type: 'ingested', records: 2000, parts: 2, pieces: 1900 });
    t = 9000;
    r.onEvent({ type: 'part-rendered', partId: 'E-0001', done: 1, total: 2 }); // throttled
    r.onEvent({ type: 'part-packaged', partId: 'E-0001', done: 1, total: 2 }); // throttled
    r.onEvent({ type: 'part-packaged', partId: 'R-0001', done: 2, total: 2 }); // last: always
    r.onEvent({ type: 'finalized' });
    expect(cap.text().split('\n').filter(Boolean)).toEqual([
      'siprint: 1,200 records read (50% of the extract), 200 records/s',
      'siprint: ingest done: 2,000 records, 1,900 statements in 2 parts',
      'siprint: 1/2 parts rendered, 2/2 packages sealed, ETA 0s',
      'siprint: run finalized',
    ]);
  });

  const summary = (over: Partial<RunSummary>): RunSummary => ({
    runId: 'r1',
    runDir: '/data/out/r1',
    year: 2025,
    mode: 'annual',
    printDate: '2026-01-15',
    deadline: '2026-03-31',
    handoffBy: '2026-03-16',
    finishedOn: '2026-01-15',
    late: false,
    counts: { ...emptyCounts(), input: 10, printed: 7, exceptions: 2, suppressed: 1, pieces: 7, byBatch: { E: 5, R: 2 }, heldByReason: { INVALID_SSN: 2 }, suppressedByReason: { DELIVERY_HOLD: 1 } },
    sheets: 9,
    packages: [{ path: 'print/E-0001.zip', sha256: 'x', batch: 'E', part: 1, pieces: 5 }],
    ...over,
  });

  it('summarizes counts per batch, held per reason, the deadline with days left and where the files are', () => {
    const text = formatRunSummary(summary({}), new Date('2026-01-15T10:00:00Z'), true);
    expect(text).toContain('records 10: printed 7, electronic 0, held 2, suppressed 1');
    expect(text).toContain('statements per batch: E 5, R 2 (7 statements, 9 sheets)');
    expect(text).toContain('held per reason: INVALID_SSN 2');
    expect(text).toContain('deadline 2026-03-31 (75 days left); hand-off to the print house by 2026-03-16 (60 days left)');
    expect(text).toContain('packages: 1 in /data/out/r1/print');
    expect(text).not.toContain('\u001b[31m');
  });

  it('shows a late run in red on a terminal', () => {
    const text = formatRunSummary(summary({}), new Date('2026-03-20T10:00:00Z'), true);
    expect(text).toContain('\u001b[31m');
    expect(text).toMatch(/LATE: the hand-off date 2026-03-16 has passed/);
    expect(text).toContain('(4 days ago)');
    expect(formatRunSummary(summary({}), new Date('2026-03-20T10:00:00Z'), false)).not.toContain('\u001b[');
  });
});

describe('operator output in Chinese', () => {
  it('prints the progress lines in zh-CN', () => {
    const cap = capture();
    let t = 0;
    const r = createProgressReporter(cap.stream, { intervalMs: 5000, now: () => t, lang: 'zh-CN' });
    t = 6000;
    r.onEvent({ type: 'ingest-progress', records: 1200, bytesRead: 50, totalBytes: 100 });
    r.onEvent({ type: 'ingested', records: 2000, parts: 2, pieces: 1900 });
    t = 126000;
    r.onEvent({ type: 'part-packaged', partId: 'E-0001', done: 1, total: 2 });
    r.onEvent({ type: 'finalized' });
    expect(cap.text().split('\n').filter(Boolean)).toEqual([
      'siprint: 已读 1,200 条记录（年终数据的 50%），每秒 200 条',
      'siprint: 读取完成：2,000 条记录，1,900 份权益记录单，分 2 卷',
      'siprint: 已生成 0/2 卷，已封装 1/2 个印制包，预计还需 2分00秒',
      'siprint: 批次已收尾',
    ]);
  });

  it('summarizes a run with the glossary\'s words, Chinese dates and whole days', () => {
    const run: RunSummary = {
      runId: 'r1', runDir: '/data/out/r1', year: 2025, mode: 'annual', printDate: '2026-01-15', deadline: '2026-03-31', handoffBy: '2026-03-16',
      finishedOn: '2026-01-15', late: false, sheets: 9, packages: [],
      counts: { ...emptyCounts(), input: 1234, printed: 1231, exceptions: 2, suppressed: 1, pieces: 1231, byBatch: { E: 1231 }, heldByReason: { INVALID_SSN: 2 }, suppressedByReason: {} },
    };
    const text = formatRunSummary(run, new Date('2026-12-01T10:00:00Z'), false, 'zh-CN');
    expect(text).toContain('批次 r1（2025 年度）完成');
    expect(text).toContain('记录 1,234 条：已打印 1,231，电子送达 0，暂缓（留存）2，不寄送 1');
    expect(text).toContain('暂缓（留存）原因：INVALID_SSN 2');
    expect(text).toContain('不寄送原因：无');
    expect(text).toContain('法定送达期限 2026年3月31日（已过期 245 天）；交付印刷厂 2026年3月16日 前（已过期 260 天）');
    expect(text).toContain('已逾期：交付印刷厂日期 2026年3月16日 已过');
    // nothing left in English but the reason codes and the paths
    expect(text.replace(/\/data\/out\/r1\S*|INVALID_SSN/g, '')).not.toMatch(/[a-z]{3,}/i);
  });
});
