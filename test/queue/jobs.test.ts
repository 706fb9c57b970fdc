import { runFlow, jobId, ingestJob, checkIdField, DEFAULT_RETRY } from '../../src/queue/jobs';
import { redisOptions } from '../../src/queue/connection';
import { formatQueueProgress } from '../../src/queue/run-via-queue';

describe('queue job map', () => {
  it('builds finalize ← package(part) ← render(part) with deterministic IDs and fail-parent policy', () => {
    const flow = runFlow('/data/runs/R2025', [{ partId: 'E-0001' }, { partId: 'R-0001' }], { attempts: 4, backoffMs: 1000 }, 'pfx');
    expect(flow).toMatchObject({ name: 'finalize', queueName: 'siprint', prefix: 'pfx', data: { runDir: '/data/runs/R2025' } });
    expect(flow.opts).toMatchObject({ jobId: 'R2025:finalize:run', attempts: 4, backoff: { type: 'exponential', delay: 1000 } });
    expect(flow.opts?.failParentOnFailure).toBeUndefined();
    expect(flow.children?.map((c): unknown[] => [c.name, c.opts?.jobId, c.opts?.failParentOnFailure, c.data as unknown])).toEqual([
      ['package', 'R2025:package:E-0001', true, { runDir: '/data/runs/R2025', partId: 'E-0001' }],
      ['package', 'R2025:package:R-0001', true, { runDir: '/data/runs/R2025', partId: 'R-0001' }],
    ]);
    const render = flow.children?.[1]?.children;
    expect(render).toHaveLength(1);
    expect(render?.[0]).toMatchObject({ name: 'render', data: { runDir: '/data/runs/R2025', partId: 'R-0001' }, opts: { jobId: 'R2025:render:R-0001', failParentOnFailure: true, attempts: 4 } });
    expect(render?.[0]?.children).toBeUndefined();
  });

  it('payloads are references only', () => {
    const flow = runFlow('/r/R1', [{ partId: 'p1' }], DEFAULT_RETRY, 'x');
    const keys = new Set<string>();
    const walk = (j: { data?: unknown; children?: unknown[] }) => {
      Object.keys(j.data as object).forEach((k) => keys.add(k));
      (j.children as { data?: unknown }[] | undefined)?.forEach(walk);
    };
    walk(flow);
    expect([...keys].sort()).toEqual(['partId', 'runDir']);
    expect(ingestJob('/r/R1', DEFAULT_RETRY)).toMatchObject({ name: 'ingest', data: { runDir: '/r/R1' }, opts: { jobId: 'R1:ingest:run' } });
  });

  it('refuses run and part IDs that cannot be BullMQ job IDs, saying what is allowed', () => {
    expect(() => checkIdField('run ID', 'a:b')).toThrow(/run ID 'a:b' cannot name a queue job: use letters, digits/);
    expect(() => checkIdField('part ID', '2025')).toThrow(/not only digits/);
    expect(() => runFlow('/r/R1', [{ partId: '../x' }], DEFAULT_RETRY, 'x')).toThrow(/part ID '\.\.\/x'/);
    expect(jobId('render', 'R-2025.1', 'E_01')).toBe('R-2025.1:render:E_01');
  });
});

describe('redisOptions', () => {
  it('parses the URL and sets what BullMQ workers need', () => {
    const o = redisOptions('redis://user:p%40ss@redis.example:6380/2', 'pfx:worker');
    expect(o).toMatchObject({ host: 'redis.example', port: 6380, db: 2, username: 'user', password: 'p@ss', maxRetriesPerRequest: null, connectionName: 'pfx:worker' });
    expect(o.retryStrategy?.(50)).toBe(2000); // keeps reconnecting, never gives up
  });
  it('rejects what is not a redis URL with one line', () => {
    expect(() => redisOptions('localhost:6379')).toThrow(/must start with redis:\/\/ or rediss:\/\//);
    expect(() => redisOptions('not a url')).toThrow(/is not a URL/);
  });
});

describe('formatQueueProgress', () => {
  it('says where the run stands in one line', () => {
    expect(formatQueueProgress({ runId: 'R1', state: 'processing', ingest: 'completed', finalize: 'waiting-children', parts: 4, rendered: 3, packaged: 1 }))
      .toBe('run R1 processing: 3/4 parts rendered, 1/4 packaged');
    // `siprint status --redis` in Chinese: the queue's line too
    expect(formatQueueProgress({ runId: 'R1', state: 'processing', ingest: 'completed', finalize: 'waiting-children', parts: 4, rendered: 3, packaged: 1 }, 'zh-CN')).toBe('批次 R1 处理中：已排版 3/4 个分卷，已封装 1/4');
    expect(formatQueueProgress({ runId: 'R1', state: 'failed', ingest: 'completed', finalize: 'waiting-children', parts: 0, rendered: 0, packaged: 0 }, 'zh-CN')).toBe('批次 R1 失败（有作业失败）');
  });
});
