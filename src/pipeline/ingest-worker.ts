/**
 * Worker-thread entry for the in-process ingest. Two reasons for a thread: its heap (sort chunks,
 * parsed records, the renderer it checks printability with) is given back when the thread ends, before
 * the render threads need the memory; and the main thread stays free to dispatch each part to the
 * render pool as soon as it is written, while later parts are still being cut.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { exitCodeOf, messageOf } from '../domain/errors';
import { adoptFontFiles } from '../assets';
import type { IngestState, PartRef } from '../run-dir/markers';
import { ingestStage, type IngestProgress } from './ingest';

export interface IngestWorkerData {
  runDir: string;
  verificationKey?: string;
  /** The main thread's font files (see shareFontFiles): not read again here. */
  fonts?: Record<string, SharedArrayBuffer>;
}
export type IngestMessage =
  | { type: 'progress'; progress: IngestProgress }
  | { type: 'part'; part: PartRef }
  | { type: 'done'; result: IngestState }
  | { type: 'failed'; message: string; exitCode: number };

const data = workerData as IngestWorkerData;
const port = parentPort;
if (!port) throw new Error('ingest-worker.js must run in a worker thread');
const send = (m: IngestMessage): void => port.postMessage(m);
adoptFontFiles(data.fonts);

ingestStage(data.runDir, {
  ...(data.verificationKey ? { verificationKey: data.verificationKey } : {}),
  onProgress: (progress) => send({ type: 'progress', progress }),
  onPart: (part) => send({ type: 'part', part }),
}).then(
  (result) => send({ type: 'done', result }),
  (err: unknown) => send({ type: 'failed', message: messageOf(err), exitCode: exitCodeOf(err) }),
);
