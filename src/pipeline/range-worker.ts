/** Worker-thread entry of an in-process range thread (range-pool.ts): one keys, duplicates or judge stage a message. */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptFontFiles } from '../assets';
import { exitCodeOf, messageOf } from '../domain/errors';
import { duplicatesStage, judgeRangeStage, keysStage } from './ingest-shards';
import type { RangeTask, RangeWorkerData } from './range-pool';
import type { TaskReply } from './thread-pool';

const data = workerData as RangeWorkerData;
const port = parentPort;
if (!port) throw new Error('range-worker.js must run in a worker thread');
adoptFontFiles(data.fonts);
const opts = data.verificationKey ? { verificationKey: data.verificationKey } : {};

port.on('message', (req: RangeTask & { id: number }) => {
  const started = Date.now();
  const stage =
    req.layer === 'keys' ? keysStage(req.runDir, req.index, opts) : req.layer === 'duplicates' ? duplicatesStage(req.runDir, req.index) : judgeRangeStage(req.runDir, req.index, { ...opts, setup: data.setup });
  stage.then(
    () => port.postMessage({ id: req.id, ok: true, ms: Date.now() - started } satisfies TaskReply),
    (err: unknown) => port.postMessage({ id: req.id, ok: false, message: messageOf(err), exitCode: exitCodeOf(err) } satisfies TaskReply),
  );
});
