import { stagesFromLog } from '../../src/pipeline/run-report';

describe('stage times from the run log', () => {
  it('takes windows from end time − ms, sums busy time, and ignores other runs and torn lines', () => {
    const line = (o: object) => JSON.stringify({ level: 30, pid: 1, ...o });
    const log = [
      line({ time: '2026-01-20T01:00:00.000Z', runId: 'r', msg: 'run created' }),
      line({ time: '2026-01-20T01:00:10.000Z', runId: 'r', msg: 'ingest done', ms: 9000 }),
      line({ time: '2026-01-20T01:00:30.000Z', runId: 'r', partId: 'E-0001', msg: 'part rendered', ms: 15000 }),
      line({ time: '2026-01-20T01:00:32.000Z', runId: 'r', partId: 'E-0002', msg: 'part rendered', ms: 20000 }),
      line({ time: '2026-01-20T01:00:33.000Z', runId: 'r', partId: 'E-0001', msg: 'part packaged', ms: 500 }),
      line({ time: '2026-01-20T01:00:34.000Z', runId: 'other', msg: 'part rendered', ms: 999999 }),
      '{"level":30,"time":"2026-01-20T01:0',
    ].join('\n');
    const { stages, runStartedAt, finishedAt } = stagesFromLog(log, 'r', new Date('2026-01-20T01:00:40.000Z'));
    expect(runStartedAt).toBe('2026-01-20T01:00:00.000Z');
    expect(finishedAt).toBe('2026-01-20T01:00:40.000Z');
    expect(stages).toEqual([
      { stage: 'ingest', startedAt: '2026-01-20T01:00:01.000Z', endedAt: '2026-01-20T01:00:10.000Z', busyMs: 9000, units: 1 },
      { stage: 'render', startedAt: '2026-01-20T01:00:12.000Z', endedAt: '2026-01-20T01:00:32.000Z', busyMs: 35000, units: 2 },
      { stage: 'package', startedAt: '2026-01-20T01:00:32.500Z', endedAt: '2026-01-20T01:00:33.000Z', busyMs: 500, units: 1 },
      { stage: 'finalize', startedAt: '2026-01-20T01:00:33.000Z', endedAt: '2026-01-20T01:00:40.000Z', busyMs: 7000, units: 1 },
    ]);
  });
});
