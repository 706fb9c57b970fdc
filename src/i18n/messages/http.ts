/** The two HTTP services (`siprint serve`, `siprint dashboard`): starting, stopping, and refusing to start. */
import { msg, text } from '../define';

type Service = { service: string };

export const http = {
  'http.portInUse': msg<Service & { port: number; host: string }>(
    (p) => `${p.service}: port ${p.port} on ${p.host} is in use: choose another --port`,
    (p) => `${p.service}：${p.host} 上的端口 ${p.port} 已被占用：请另选 --port`,
  ),
  'http.credentialsBoth': msg<Service & { prefix: string }>(
    (p) => `${p.service}: set both ${p.prefix}_USER and ${p.prefix}_PASSWORD (a password of at least 8 characters)`,
    (p) => `${p.service}：请同时设置 ${p.prefix}_USER 和 ${p.prefix}_PASSWORD（密码至少 8 个字符）`,
  ),
  'http.credentialsNeeded': msg<Service & { prefix: string; host: string }>(
    (p) => `${p.service}: --host ${p.host} is reachable from other machines: set ${p.prefix}_USER and ${p.prefix}_PASSWORD for basic auth, or bind 127.0.0.1`,
    (p) => `${p.service}：--host ${p.host} 可被其他机器访问：请设置 ${p.prefix}_USER 和 ${p.prefix}_PASSWORD 启用基本认证，或绑定 127.0.0.1`,
  ),
  'serve.runsNotDir': msg<{ dir: string }>((p) => `--runs ${p.dir} is not a directory`, (p) => `--runs ${p.dir} 不是目录`),
  'serve.started': msg<{ url: string; runs: string }>((p) => `siprint serve on ${p.url} (runs in ${p.runs})`, (p) => `siprint serve 已在 ${p.url} 启动（批次目录 ${p.runs}）`),
  'serve.stopped': text('siprint serve stopped', 'siprint serve 已停止'),
  'dashboard.noRedis': text('dashboard: give --redis URL (or set REDIS_URL)', 'dashboard：请给出 --redis URL（或设置 REDIS_URL）'),
  'dashboard.started': msg<{ url: string; queues: string; auth: boolean }>(
    (p) => `siprint dashboard on ${p.url} (${p.auth ? 'basic auth' : 'no auth: loopback only'}); queue at ${p.queues}`,
    (p) => `siprint dashboard 已在 ${p.url} 启动（${p.auth ? '基本认证' : '无认证：仅限本机'}）；队列见 ${p.queues}`,
  ),
};
