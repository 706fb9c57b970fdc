import type { Command } from 'commander';
import { registerAcks } from './acks';
import { registerCheck } from './check';
import { registerDashboard } from './dashboard';
import { registerDeliver } from './deliver';
import { registerDispatch } from './dispatch';
import { registerGenerate } from './generate';
import { registerIndex } from './code-index';
import { registerServe } from './serve';
import { registerMakeup } from './makeup';
import { registerPurge } from './purge';
import { registerReprint } from './reprint';
import { registerProof } from './proof';
import { registerRelease } from './release';
import { registerResults } from './results';
import { registerReturns } from './returns';
import { registerRun } from './run';
import { registerStatus } from './status';
import { registerVerify } from './verify';
import { registerVerifyCode } from './verify-code';
import { registerWorker } from './worker';

/** One line per command file; each file exports `register(program)`. */
export function registerCommands(program: Command): void {
  registerRun(program);
  registerCheck(program);
  registerWorker(program);
  registerStatus(program);
  registerVerify(program);
  registerRelease(program);
  registerProof(program);
  registerDashboard(program);
  registerVerifyCode(program);
  registerIndex(program);
  registerServe(program);
  registerGenerate(program);
  registerReprint(program);
  registerPurge(program);
  registerDeliver(program);
  registerAcks(program);
  registerResults(program);
  registerMakeup(program);
  registerDispatch(program);
  registerReturns(program);
}
