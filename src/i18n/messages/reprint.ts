/** `siprint reprint`: its one-line refusals about the run it reprints from. */
import { msg, text } from '../define';

type RunAt = { runId: string; runDir: string };

export const reprint = {
  'reprint.purged': msg<RunAt>(
    (p) => `run ${p.runId} (${p.runDir}) was purged: its archive is gone, so nothing of it can be reprinted`,
    (p) => `批次 ${p.runId}（${p.runDir}）已清除：其归档已不存在，无法补打其中任何一份`,
  ),
  'reprint.notFinished': msg<RunAt>(
    (p) => `run ${p.runId} (${p.runDir}) has not finished (no manifest.json): reprint from a finished run`,
    (p) => `批次 ${p.runId}（${p.runDir}）尚未完成（没有 manifest.json）：请从已完成的批次补打`,
  ),
  'reprint.badManifest': msg<{ manifest: string; runDir: string }>(
    (p) => `${p.manifest} is not valid JSON: run siprint verify on ${p.runDir}`,
    (p) => `${p.manifest} 不是有效的 JSON：请对 ${p.runDir} 运行 siprint verify`,
  ),
  'reprint.pending': msg<RunAt>(
    (p) => `run ${p.runId} is pending approval: nothing of it is reprinted until a second operator releases it (siprint release ${p.runDir} --approved-by OP)`,
    (p) => `批次 ${p.runId} 待审批：在第二名操作员放行之前不补打其中任何一份（siprint release ${p.runDir} --approved-by 操作员）`,
  ),
  'reprint.noRequest': text('no reprint request: give --ssn … or --list FILE', '没有补打请求：请给出 --ssn … 或 --list 文件'),
  'reprint.codeChanged': msg<{ runId: string; pieceId: string }>(
    (p) => `archive of run ${p.runId}: piece ${p.pieceId} has a verification code that the run's key does not give; the archive was changed (run siprint verify)`,
    (p) => `批次 ${p.runId} 的归档：件 ${p.pieceId} 的验证码不是该批次密钥所生成的；归档已被改动（请运行 siprint verify）`,
  ),
  'reprint.listAndFlag': msg<{ flag: string }>(
    (p) => `--list takes every request from the file: drop ${p.flag}`,
    (p) => `--list 从文件中读取全部请求：请去掉 ${p.flag}`,
  ),
  'reprint.needs': msg<{ flags: string }>(
    (p) => `reprint needs ${p.flags} (or --list FILE)`,
    (p) => `补打需要 ${p.flags}（或 --list 文件）`,
  ),
};
