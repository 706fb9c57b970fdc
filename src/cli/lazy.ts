/**
 * Modules a command needs only when it runs, loaded then. Every command is registered at start-up, so a
 * static import here would load pdf-lib and fontkit (check, proof, reprint, verify), BullMQ and ioredis
 * (run --redis, status --redis, worker) and express (dashboard) into every siprint process — ≈ 60 MB of
 * code in, say, an in-process run's main thread, which renders nothing itself.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const lazy = {
  queue: () => require('../queue') as typeof import('../queue'),
  dashboard: () => require('../dashboard') as typeof import('../dashboard'),
  render: () => require('../render') as typeof import('../render'),
  proof: () => require('../proof') as typeof import('../proof'),
  reprint: () => require('../reprint/reprint') as typeof import('../reprint/reprint'),
  purge: () => require('../reprint/purge') as typeof import('../reprint/purge'),
  release: () => require('../release') as typeof import('../release'),
  verifyRun: () => require('../package/verify-run') as typeof import('../package/verify-run'),
};
