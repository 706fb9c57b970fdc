/**
 * Modules a command needs only when it runs, loaded then: every command is registered at start-up, and
 * static imports would load pdf-lib and fontkit, BullMQ and ioredis, and express into every siprint
 * process (`siprint --help` 83 → 63 MB: docs/performance.md).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const lazy = {
  queue: () => require('../queue') as typeof import('../queue'),
  dashboard: () => require('../dashboard') as typeof import('../dashboard'),
  render: () => require('../render') as typeof import('../render'),
  proof: () => require('../proof') as typeof import('../proof'),
  reprint: () => require('../reprint') as typeof import('../reprint'),
  purge: () => require('../purge') as typeof import('../purge'),
  release: () => require('../release') as typeof import('../release'),
  verify: () => require('../verify') as typeof import('../verify'),
  delivery: () => require('../delivery') as typeof import('../delivery'),
  serve: () => require('../serve') as typeof import('../serve'),
  tracking: () => require('../tracking') as typeof import('../tracking'),
};
