/** The queue's one-line errors (`--redis`, `siprint worker`, watching a run) and the run directory's lock and extract checks. */
import { msg, text } from '../define';

export const queue = {
  'queue.notUrl': msg<{ url: string }>((p) => `--redis '${p.url}' is not a URL: use redis://HOST:PORT[/DB]`, (p) => `--redis '${p.url}' 不是网址：请用 redis://HOST:PORT[/DB]`),
  'queue.badScheme': msg<{ url: string }>((p) => `--redis '${p.url}' must start with redis:// or rediss://`, (p) => `--redis '${p.url}' 应以 redis:// 或 rediss:// 开头`),
  'queue.badDb': msg<{ url: string; db: string }>(
    (p) => `--redis '${p.url}': the database '${p.db}' is not a number`,
    (p) => `--redis '${p.url}'：数据库 '${p.db}' 不是数字`,
  ),
  'queue.unreachable': msg<{ url: string; seconds: number; why: string }>(
    (p) => `cannot reach Redis at ${p.url} within ${p.seconds} s${p.why ? ` (${p.why})` : ''}: start it, or check --redis / REDIS_URL`,
    (p) => `${p.seconds} 秒内连不上 Redis（${p.url}）${p.why ? `（${p.why}）` : ''}：请启动 Redis，或检查 --redis / REDIS_URL`,
  ),
  'queue.stillProcessing': msg<{ runId: string; why: string }>(
    (p) => `cannot resume run ${p.runId} yet: some of its jobs are still being processed (${p.why}); wait for them, then resume again`,
    (p) => `批次 ${p.runId} 暂不能续跑：仍有作业在处理中（${p.why}）；请等它们结束后再续跑`,
  ),
  'queue.stoppedWatching': msg<{ runId: string }>(
    (p) => `stopped watching run ${p.runId}; it goes on in the workers (see \`siprint status ${p.runId} --redis …\`)`,
    (p) => `已停止跟踪批次 ${p.runId}；各工作进程仍在继续处理（见 \`siprint status ${p.runId} --redis …\`）`,
  ),
  'queue.runFailed': msg<{ runId: string; failure?: string }>(
    (p) => `run ${p.runId} failed: ${p.failure ?? 'a job failed'}; fix the cause, then rerun with --resume`,
    (p) => `批次 ${p.runId} 失败：${p.failure ?? '有作业失败'}；请排除原因后用 --resume 续跑`,
  ),
  'queue.noSummary': msg<{ runId: string; runDir: string }>(
    (p) => `run ${p.runId}: its finalize job completed without a summary (a worker older than this command?); see \`siprint status ${p.runDir}\``,
    (p) => `批次 ${p.runId}：收尾作业已完成但没有汇总（工作进程的版本比本命令旧？）；见 \`siprint status ${p.runDir}\``,
  ),
  'queue.noProcessor': msg<{ file: string; build: string }>(
    (p) => `the compiled stage processor ${p.file} is missing: run \`${p.build}\``,
    (p) => `缺少编译后的阶段处理程序 ${p.file}：请运行 \`${p.build}\``,
  ),
  'queue.atLeastOne': msg<{ name: string; value: string }>(
    (p) => `${p.name} must be a whole number ≥ 1, not ${p.value}`,
    (p) => `${p.name} 应为不小于 1 的整数，而不是 ${p.value}`,
  ),
  'queue.badIdField': msg<{ kind: 'run ID' | 'part ID'; value: string }>(
    (p) => `${p.kind} '${p.value}' cannot name a queue job: use letters, digits, '.', '_' or '-' (not only digits), starting with a letter or digit`,
    (p) => `${p.kind === 'run ID' ? '批次号' : '卷号'} '${p.value}' 不能用作队列作业名：请用字母、数字、'.'、'_' 或 '-'（不能全是数字），以字母或数字开头`,
  ),
  'lock.runBusy': msg<{ runId: string; pid: string; host: string; lock: string }>(
    (p) => `run ${p.runId} is being worked on by process ${p.pid} on ${p.host} (${p.lock}): wait for it to end, or stop it`,
    (p) => `批次 ${p.runId} 正由主机 ${p.host} 上的进程 ${p.pid} 处理（${p.lock}）：请等它结束，或停止它`,
  ),
  'extract.missing': msg<{ runId: string; file: string; sha256: string }>(
    (p) => `run ${p.runId}: its extract ${p.file} is missing: put the file it was created from back (SHA-256 ${p.sha256})`,
    (p) => `批次 ${p.runId}：其年终数据文件 ${p.file} 不见了：请放回创建批次时所用的文件（SHA-256 ${p.sha256}）`,
  ),
  'extract.changed': msg<{ runId: string; file: string; bytes: number; sha256: string; wasBytes: string; wasSha256: string }>(
    (p) =>
      `run ${p.runId}: the extract ${p.file} is not the file the run was created from (now ${p.bytes} bytes, SHA-256 ${p.sha256}…; ` +
      `created from ${p.wasBytes} bytes, ${p.wasSha256}…): put that file back, or start a new run`,
    (p) => `批次 ${p.runId}：年终数据文件 ${p.file} 不是创建批次时所用的文件（现为 ${p.bytes} 字节，SHA-256 ${p.sha256}…；创建时 ${p.wasBytes} 字节，${p.wasSha256}…）：请放回原文件，或另建新批次`,
  ),
  'generate.badCount': msg<{ value: string }>((p) => `--count must be a whole number, got "${p.value}"`, (p) => `--count 应为整数，而不是 "${p.value}"`),
  'generate.badFaults': msg<{ value: string }>((p) => `--faults must be a rate between 0 and 1, got "${p.value}"`, (p) => `--faults 应为 0 到 1 之间的比例，而不是 "${p.value}"`),
  'verifyCode.runOrRuns': text('verify-code: give --run RUN_DIR or --runs DIR (one of them)', 'verify-code：请给出 --run RUN_DIR 或 --runs DIR（二者选一）'),
  // a job's failure, as `siprint run` shows it: which job, then why
  'job.ingest': msg<{ runId: string }>((p) => `ingest of run ${p.runId}`, (p) => `批次 ${p.runId} 的读取`),
  'job.keys': msg<{ runId: string; index: number }>((p) => `keys of range ${p.index} of run ${p.runId}`, (p) => `批次 ${p.runId} 区段 ${p.index} 的键值`),
  'job.duplicates': msg<{ runId: string; index: number }>((p) => `duplicates of bucket ${p.index} of run ${p.runId}`, (p) => `批次 ${p.runId} 分桶 ${p.index} 的重复记录`),
  'job.judge': msg<{ runId: string; index: number }>((p) => `judging of range ${p.index} of run ${p.runId}`, (p) => `批次 ${p.runId} 区段 ${p.index} 的校验`),
  'job.render': msg<{ partId: string }>((p) => `render of part ${p.partId}`, (p) => `分卷 ${p.partId} 的排版`),
  'job.package': msg<{ partId: string }>((p) => `packaging of part ${p.partId}`, (p) => `分卷 ${p.partId} 的封装`),
  'job.finalize': msg<{ runId: string }>((p) => `finalize of run ${p.runId}`, (p) => `批次 ${p.runId} 的收尾`),
  'job.ofLayer': msg<{ layer: string }>((p) => `${p.layer} job`, (p) => `${p.layer} 作业`),
  'job.noSharded': text('this worker\'s stages have no sharded ingest', '本工作进程的阶段模块不含分段读取'),
  'job.outputMissing': msg<{ layer: string; indexes: string }>(
    (p) => `the ${p.layer} jobs ${p.indexes} finished but their output is missing; resume the run`,
    (p) => `${p.layer} 作业 ${p.indexes} 已完成，但其输出不见了；请续跑该批次`,
  ),
  'job.unknown': msg<{ name: string }>((p) => `unknown job name '${p.name}' (a newer producer than this worker?)`, (p) => `未知的作业名 '${p.name}'（提交方的版本比本工作进程新？）`),
  // the stage functions a worker loads (--stages)
  'stages.cannotLoad': msg<{ file: string; why: string; build: string }>(
    (p) => `cannot load the pipeline stages from ${p.file}: ${p.why} (run \`${p.build}\` first?)`,
    (p) => `无法从 ${p.file} 加载流程阶段：${p.why}（是否需先运行 \`${p.build}\`？）`,
  ),
  'stages.lacks': msg<{ file: string; names: string }>(
    (p) => `the stages module ${p.file} lacks ${p.names}: it must export the src/pipeline stage functions`,
    (p) => `阶段模块 ${p.file} 缺少 ${p.names}：它必须导出 src/pipeline 的各阶段函数`,
  ),
  'stages.someSharded': msg<{ file: string; names: string }>(
    (p) => `the stages module ${p.file} has only some of the sharded ingest's stages: it lacks ${p.names}`,
    (p) => `阶段模块 ${p.file} 只含分段读取的部分阶段：缺少 ${p.names}`,
  ),
  // where a run stands on the queue (`siprint status --redis`, the watcher's notices)
  // (unknown, waiting, ingesting, processing: the dashboard's words, dash.* and stage.ingesting)
  'queue.state.completed': text('completed', '已完成'),
  'queue.state.failed': msg<{ failure?: string }>((p) => `failed (${p.failure ?? 'a job failed'})`, (p) => `失败（${p.failure ?? '有作业失败'}）`),
  'queue.progress': msg<{ runId: string; state: string; parts: number; rendered: number; packaged: number; notice?: string }>(
    (p) => `run ${p.runId} ${p.state}${p.parts > 0 ? `: ${p.rendered}/${p.parts} parts rendered, ${p.packaged}/${p.parts} packaged` : ''}${p.notice ? ` — ${p.notice}` : ''}`,
    (p) => `批次 ${p.runId} ${p.state}${p.parts > 0 ? `：已排版 ${p.rendered}/${p.parts} 个分卷，已封装 ${p.packaged}/${p.parts}` : ''}${p.notice ? ` — ${p.notice}` : ''}`,
  ),
  'queue.lostRun': msg<{ runId: string }>((p) => `Redis had lost run ${p.runId}; resubmitted it (finished parts are kept)`, (p) => `Redis 丢失了批次 ${p.runId}；已重新提交（已完成的分卷保留）`),
  'queue.lostPart': msg<{ runId: string }>(
    (p) => `Redis had lost part of run ${p.runId}; resubmitted it (finished parts are kept)`,
    (p) => `Redis 丢失了批次 ${p.runId} 的部分作业；已重新提交（已完成的分卷保留）`,
  ),
};
