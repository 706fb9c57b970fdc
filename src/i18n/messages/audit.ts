/** The audit chain (audit.jsonl) when it cannot be appended to: a damaged last line, a lock that is never given back. */
import { msg } from '../define';

export const audit = {
  'audit.noNewline': msg<{ file: string }>(
    (p) => `audit: ${p.file} does not end with a newline (an interrupted write?); run siprint verify`,
    (p) => `审计链 ${p.file} 不以换行结尾（写入曾被中断？）：请运行 siprint verify`,
  ),
  'audit.lockHeld': msg<{ lock: string; owner: string; seconds: number }>(
    (p) => `audit: ${p.lock} held by "${p.owner}" for over ${p.seconds}s; if no siprint process runs, delete the lock file`,
    (p) => `审计链：${p.lock} 被 "${p.owner}" 占用已超过 ${p.seconds} 秒；如果没有 siprint 进程在运行，请删除该锁文件`,
  ),
};
