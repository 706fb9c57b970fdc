/**
 * Modules a command needs only when it runs, loaded then. Every command is registered at start-up, so a
 * static import here would load pdf-lib and fontkit (check, proof, reprint, verify), BullMQ and ioredis
 * (run --redis, status --redis, worker) and express (dashboard) into every siprint process: `siprint --help`
 * took 0.27 s and 83 MB, now 0.15 s and 63 MB.
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
