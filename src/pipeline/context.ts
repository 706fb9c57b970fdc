/** What every stage starts from: its options, the stored run config, the run log and the clock. */
import type { Lang } from '../i18n';
import { runLog, type RunLog } from '../run-dir/log';
import { runPaths } from '../run-dir/paths';
import { readStoredConfig, type StoredRunConfig } from '../run-dir/run-config';

export interface StageOptions {
  /** The HMAC key, when the caller holds it; else SIPRINT_VERIFY_KEY or the run's ticket. */
  verificationKey?: string;
  log?: RunLog;
  now?: () => Date;
}

export function stageContext(runDir: string, opts: StageOptions | undefined) {
  const stored = readStoredConfig(runDir);
  const log = opts?.log ?? runLog(runDir);
  const now = opts?.now ?? (() => new Date());
  return { stored, log, now, paths: runPaths(runDir) };
}

/** What names a run and its dates: the head of both `status` and the end-of-run summary. */
export interface RunIdentity {
  runId: string;
  runDir: string;
  year: number;
  mode: 'annual' | 'scheme';
  printDate: string;
  deadline: string;
  handoffBy: string;
  /** The run's language (run.json; absent in runs made before it was recorded). */
  lang?: Lang;
}

export function runIdentity(runDir: string, stored: StoredRunConfig): RunIdentity {
  const { runId, year, mode, printDate, deadline, handoffBy, lang } = stored;
  return { runId, runDir, year, mode, printDate, deadline, handoffBy, ...(lang ? { lang } : {}) };
}
