/**
 * Worker-thread entry for rendering parts (loaded from dist/ even under jest: see pool.ts).
 * Receives only references ({ runDir, partId }); reads the part from the run directory itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { exitCodeOf, messageOf } from '../errors';
import { renderPartStage } from './part-stages';
import { ports } from './ports';

export interface RenderWorkerData {
  verificationKey?: string;
  /** The main thread's font files (see shareFontFiles): not read again here. */
  fonts?: Record<string, SharedArrayBuffer>;
}
export interface RenderRequest {
  id: number;
  runDir: string;
  partId: string;
}
export type RenderReply = { id: number; ok: true; ms: number } | { id: number; ok: false; message: string; exitCode: number };

const data = workerData as RenderWorkerData;
const port = parentPort;
if (!port) throw new Error('render-worker.js must run in a worker thread');
ports.adoptFontFiles(data.fonts);

port.on('message', (req: RenderRequest) => {
  const started = Date.now();
  const opts = data.verificationKey ? { verificationKey: data.verificationKey } : {};
  renderPartStage(req.runDir, req.partId, opts).then(
    () => port.postMessage({ id: req.id, ok: true, ms: Date.now() - started } satisfies RenderReply),
    (err: unknown) => port.postMessage({ id: req.id, ok: false, message: messageOf(err), exitCode: exitCodeOf(err) } satisfies RenderReply),
  );
});
