/** `siprint release` (the second operator's approval): its one-line refusals and its result. */
import { msg } from '../define';

type Run = { runId: string };

export const release = {
  'release.notRunDir': msg<{ runDir: string }>(
    (p) => `${p.runDir} is not a run directory (no run.json)`,
    (p) => `${p.runDir} 不是批次目录（没有 run.json）`,
  ),
  'release.badApprover': msg<{ approvedBy: string; rule: string }>(
    (p) => `--approved-by ${p.approvedBy} is not an operator ID (${p.rule})`,
    (p) => `--approved-by ${p.approvedBy} 不是操作员工号（${p.rule}）`,
  ),
  'release.approverNobody': msg<{ approvedBy: string }>(
    (p) => `--approved-by ${p.approvedBy} names nobody: a release needs the ID of the second operator who approves it`,
    (p) => `--approved-by ${p.approvedBy} 不指任何人：放行须给出审批的第二名操作员的工号`,
  ),
  'release.notFinished': msg<Run>(
    (p) => `run ${p.runId} is not finished: release it once \`siprint status\` says done`,
    (p) => `批次 ${p.runId} 尚未完成：待 \`siprint status\` 显示完成后再放行`,
  ),
  'release.noApproval': msg<Run>(
    (p) => `run ${p.runId} needs no approval (its ticket does not set requireApproval): its packages are ready as sealed`,
    (p) => `批次 ${p.runId} 无需审批（其任务单未设 requireApproval）：印制包封存后即可使用`,
  ),
  'release.startedByNobody': msg<Run & { startedBy: string }>(
    (p) => `run ${p.runId} was started by no named operator (${p.startedBy}): it cannot be released; run it again with --operator ID`,
    (p) => `批次 ${p.runId} 的发起人不是具名操作员（${p.startedBy}）：不能放行；请用 --operator 操作员工号 重新运行`,
  ),
  'release.sameOperator': msg<Run & { startedBy: string }>(
    (p) => `run ${p.runId} was started by ${p.startedBy}: a release needs a second operator (--approved-by someone else)`,
    (p) => `批次 ${p.runId} 由 ${p.startedBy} 发起：放行须由另一名操作员审批（--approved-by 其他人）`,
  ),
  'release.verifyFails': msg<Run & { count: number; first: string }>(
    (p) => `run ${p.runId} cannot be released: siprint verify finds ${p.count} problem(s), first: ${p.first}`,
    (p) => `批次 ${p.runId} 不能放行：siprint verify 发现 ${p.count} 个问题，第一个：${p.first}`,
  ),
  'release.packageChanged': msg<Run & { path: string }>(
    (p) => `run ${p.runId} cannot be released: package ${p.path} is not the one held for approval (release.json); re-run finalize`,
    (p) => `批次 ${p.runId} 不能放行：印制包 ${p.path} 不是待审批时封存的那个（release.json）；请重新封存印制包`,
  ),
  'release.done': msg<Run & { packages: number; approvedBy: string; startedBy: string }>(
    (p) => `released ${p.runId}: ${p.packages} package${p.packages === 1 ? '' : 's'} approved by ${p.approvedBy} (started by ${p.startedBy}); ready for the print house`,
    (p) => `已放行 ${p.runId}：${p.packages} 个印制包，由 ${p.approvedBy} 审批（${p.startedBy} 发起）；可交印刷厂`,
  ),
  'release.already': msg<Run & { approvedBy: string; approvedAt: string }>(
    (p) => `${p.runId} was already released by ${p.approvedBy} on ${p.approvedAt}: nothing changed`,
    (p) => `${p.runId} 已于 ${p.approvedAt} 由 ${p.approvedBy} 放行：未作改动`,
  ),
};
