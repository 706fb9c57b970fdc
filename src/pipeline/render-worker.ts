/**
 * Worker-thread entry for rendering parts (loaded from dist/ even under jest: see threads.ts).
 * Receives only references ({ runDir, partId }); reads the part from the run directory itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptFontFiles } from '../assets';
import { exitCodeOf, messageOf } from '../domain/errors';
import { renderPartStage } from './render-stage';
import type { RenderReply, RenderRequest, RenderWorkerData } from './render-pool';

const data = workerData as RenderWorkerData;
const port = parentPort;
if (!port) throw new Error('render-worker.js must run in a worker thread');
adoptFontFiles(data.fonts);

port.on('message', (req: RenderRequest) => {
  const started = Date.now();
  const opts = data.verificationKey ? { verificationKey: data.verificationKey } : {};
  renderPartStage(req.runDir, req.partId, opts).then(
    () => port.postMessage({ id: req.id, ok: true, ms: Date.now() - started } satisfies RenderReply),
    (err: unknown) => port.postMessage({ id: req.id, ok: false, message: messageOf(err), exitCode: exitCodeOf(err) } satisfies RenderReply),
  );
});
