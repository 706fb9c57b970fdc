/**
 * An audit lock that is never given back (its holder on another machine, its time ahead of ours, as
 * on an NFS share with a clock ahead): appending gives up after a minute, in the operator's language.
 * The minute passes on jest's clock; the file system is real.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit } from '../../src/audit';
import { setLang, type Lang } from '../../src/i18n';

afterEach(() => {
  jest.useRealTimers();
  setLang('en');
});

it.each<[Lang, RegExp]>([
  ['en', /^audit: \S+audit\.jsonl\.lock held by "other-host 4242 0 x" for over 60s; if no siprint process runs, delete the lock file$/],
  ['zh-CN', /^审计链：\S+audit\.jsonl\.lock 被 "other-host 4242 0 x" 占用已超过 60 秒；如果没有 siprint 进程在运行，请删除该锁文件$/],
])('%s', async (lang, said) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-audit-lock-'));
  try {
    const lock = path.join(dir, 'audit.jsonl.lock');
    writeFileSync(lock, 'other-host 4242 0 x');
    const ahead = new Date(Date.now() + 3_600_000);
    utimesSync(lock, ahead, ahead);
    setLang(lang);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let result: string | undefined;
    void appendAudit(dir, { action: 'test.locked' }).then(
      () => (result = 'appended'),
      (err: Error) => (result = err.message),
    );
    // the fake clock moves on between the real file-system calls of each attempt
    for (let i = 0; result === undefined && i < 5000; i++) {
      await jest.advanceTimersByTimeAsync(250);
      await new Promise((r) => setImmediate(r));
    }
    expect(result).toMatch(said);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
