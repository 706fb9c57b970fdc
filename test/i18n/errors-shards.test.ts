/**
 * The sharded ingest's errors about its scratch (tmp/shards/) in both languages: a job whose input a
 * layer before it should have left is gone says which range or bucket, in the worker's language.
 * Only BullMQ workers meet them, so the stages are called here directly (as sharded-ingest.test.ts does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setLang } from '../../src/i18n';
import { resolveRunConfig } from '../../src/pipeline/config';
import { duplicatesStage, judgeRangeStage, keysStage, mergeStage, pendingShards, planIngest } from '../../src/pipeline/ingest-shards';
import { initRun } from '../../src/pipeline/init';
import { KEY, writeExtract } from '../pipeline/fixture';

const opts = { verificationKey: KEY, now: () => new Date('2026-01-20T02:00:00Z') };
let tmp: string;
let runDir: string;
const shards = (...p: string[]) => path.join(runDir, 'tmp', 'shards', ...p);

/** The same call's error message in English and in Chinese. */
async function said(call: () => Promise<unknown>): Promise<{ en: string; zh: string }> {
  const out: Record<string, string> = {};
  for (const lang of ['en', 'zh-CN'] as const) {
    setLang(lang);
    out[lang] = await call().then(
      () => 'no error',
      (err: Error) => err.message,
    );
  }
  setLang('en');
  return { en: out.en ?? '', zh: out['zh-CN'] ?? '' };
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-i18n-shards-'));
  const extract = path.join(tmp, 'x.jsonl');
  await writeExtract(extract, 30, { seed: 'i18n-shards' });
  const config = resolveRunConfig({ year: 2025, extract, runId: 'SH', postagePermit: '京邮资许可证第2025-0107号', env: { SIPRINT_VERIFY_KEY: KEY }, now: new Date('2026-01-15T00:00:00Z') });
  runDir = await initRun(path.join(tmp, 'out'), { ...config, ingestRanges: 2 }, { resume: false });
  expect(await planIngest(runDir, opts)).not.toBeNull();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('a bucket whose range keys are gone names the range and its directory', async () => {
  const m = await said(() => duplicatesStage(runDir, 0));
  expect(m.en).toBe(`the keys of range 0 are missing (${shards('keys', 'r0000')})`);
  expect(m.zh).toBe(`区段 0 的键值文件不见了（${shards('keys', 'r0000')}）`);
});

it('a range judged without its duplicate groups names the bucket', async () => {
  for (let r = 0; r < 2; r++) await keysStage(runDir, r, opts);
  expect((await pendingShards(runDir))?.layer).toBe('duplicates');
  const m = await said(() => judgeRangeStage(runDir, 0, opts));
  expect(m.en).toBe('the duplicate groups of bucket 0 are missing');
  expect(m.zh).toBe('分桶 0 的重复记录分组不见了');
});

it('the merge without a range\'s verdicts names the range and its directory', async () => {
  for (let next = await pendingShards(runDir); next?.layer === 'duplicates'; next = await pendingShards(runDir)) for (const b of next.indexes) await duplicatesStage(runDir, b);
  await judgeRangeStage(runDir, 0, opts);
  const m = await said(() => mergeStage(runDir, opts));
  expect(m.en).toBe(`the verdicts of range 1 are missing (${shards('judge', 'r0001')})`);
  expect(m.zh).toBe(`区段 1 的校验结果不见了（${shards('judge', 'r0001')}）`);
});

it('a job after the plan was removed names the run and the plan, and says to resubmit', async () => {
  rmSync(shards('plan.json'));
  const m = await said(() => keysStage(runDir, 0, opts));
  expect(m.en).toBe('run SH: its sharded ingest has no plan (tmp/shards/plan.json); resubmit the run');
  expect(m.zh).toBe('批次 SH：分段读取没有读取计划（tmp/shards/plan.json）；请重新提交该批次');
});
