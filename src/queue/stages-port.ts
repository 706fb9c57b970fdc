/**
 * The ONE place where the queue layer meets src/pipeline (architecture: cli → queue → pipeline).
 *
 * Stage functions are loaded by module path, not passed as functions, because the sandboxed
 * processors run in worker threads: a thread can `require` a module but cannot receive a function.
 * The default module is the real pipeline (`src/pipeline` under jest, `dist/pipeline` when built);
 * tests and benchmarks may point a worker at another module with the same exports.
 *
 * When the pipeline lands: replace the local type declarations below with
 *   `export type { RunConfig, RunSummary, PartRef, RunStatus } from '../pipeline';`
 * and, if a signature drifted, adapt it in `loadStages` — nothing else in src/queue imports the pipeline.
 */
import path from 'node:path';
import { UsageError } from '../errors';

/** What ingest says about one part; the queue only needs its id (no personal data in job payloads). */
export interface PartRef {
  partId: string;
}

/** The run configuration `initRun` takes (owned by src/pipeline; opaque to the queue). */
export type RunConfig = { runId: string } & Record<string, unknown>;

/** What `finalizeStage` returns; the queue passes it through Redis as JSON, unchanged. */
export type RunSummary = Record<string, unknown>;

/** What `readRunState` returns (for `status`); opaque to the queue. */
export type RunStatus = Record<string, unknown>;

/** The stage functions the queue drives (CONTRACTS.md, src/pipeline). All are idempotent. */
export interface QueueStages {
  initRun(outDir: string, config: RunConfig, opts: { resume: boolean }): Promise<string>;
  ingestStage(runDir: string): Promise<{ parts: PartRef[] }>;
  renderPartStage(runDir: string, partId: string): Promise<void>;
  packagePartStage(runDir: string, partId: string): Promise<void>;
  finalizeStage(runDir: string): Promise<RunSummary>;
  readRunState(runDir: string): RunStatus;
}

/** The real pipeline module, resolved next to this file (src/ under jest, dist/ when built). */
export const DEFAULT_STAGES_MODULE = path.join(__dirname, '..', 'pipeline');

const STAGE_NAMES = ['initRun', 'ingestStage', 'renderPartStage', 'packagePartStage', 'finalizeStage', 'readRunState'] as const;

const cache = new Map<string, QueueStages>();

/**
 * Loads the stage functions from `modulePath` (default: the real pipeline) and checks they are all there,
 * so a wrong module fails at worker start with one line, not at the first job.
 */
export function loadStages(modulePath: string = DEFAULT_STAGES_MODULE): QueueStages {
  const resolved = path.resolve(modulePath);
  const hit = cache.get(resolved);
  if (hit) return hit;
  let mod: Record<string, unknown>;
  try {
    // A runtime require by path (not a static import) so the queue compiles before the pipeline exists
    // and a worker can be pointed at a test module.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(resolved) as Record<string, unknown>;
  } catch (err) {
    const why = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    throw new UsageError(`cannot load the pipeline stages from ${resolved}: ${why} (run \`npm run build\` first?)`);
  }
  const missing = STAGE_NAMES.filter((n) => typeof mod[n] !== 'function');
  if (missing.length > 0) {
    throw new UsageError(`the stages module ${resolved} lacks ${missing.join(', ')}: it must export the src/pipeline stage functions`);
  }
  const stages = mod as unknown as QueueStages;
  cache.set(resolved, stages);
  return stages;
}
