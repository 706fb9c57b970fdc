/**
 * Worker-thread entry for the in-process ingest. Two reasons for a thread: its heap (sort chunks,
 * parsed records, the renderer it checks printability with) is given back when the thread ends, before
 * the render threads need the memory; and the main thread stays free to dispatch each part to the
 * render pool as soon as it is written, while later parts are still being cut. An extract planned in
 * several ranges (planIngest) is ingested by a pool of range threads started from here, the merge here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { exitCodeOf, messageOf } from '../domain/errors';
import { adoptFontFiles } from '../assets';
import type { IngestState, PartRef } from '../run-dir/markers';
import { ingestStage, type IngestProgress } from './ingest';
import { planIngest, type ShardProgress } from './ingest-shards';
import { ingestInRanges } from './range-pool';

export interface IngestWorkerData {
  runDir: string;
  verificationKey?: string;
  /** The main thread's font files (see shareFontFiles): not read again here. */
  fonts?: Record<string, SharedArrayBuffer>;
  /** Range threads for an extract of several ranges (the run's --concurrency). */
  threads: number;
}
export type IngestMessage =
  | { type: 'progress'; progress: IngestProgress }
  | { type: 'ranges'; progress: ShardProgress }
  | { type: 'part'; part: PartRef }
  | { type: 'done'; result: IngestState }
  | { type: 'failed'; message: string; exitCode: number };

const data = workerData as IngestWorkerData;
const port = parentPort;
if (!port) throw new Error('ingest-worker.js must run in a worker thread');
const send = (m: IngestMessage): void => port.postMessage(m);
adoptFontFiles(data.fonts);

async function ingest(): Promise<IngestState> {
  const opts = data.verificationKey ? { verificationKey: data.verificationKey } : {};
  const onPart = (part: PartRef) => send({ type: 'part', part });
  if (await planIngest(data.runDir, { ...opts, threads: data.threads })) {
    return ingestInRanges(data.runDir, { ...opts, threads: data.threads, ...(data.fonts ? { fonts: data.fonts } : {}), onProgress: (progress) => send({ type: 'ranges', progress }), onPart });
  }
  return ingestStage(data.runDir, { ...opts, onProgress: (progress) => send({ type: 'progress', progress }), onPart });
}

ingest().then(
  (result) => send({ type: 'done', result }),
  (err: unknown) => send({ type: 'failed', message: messageOf(err), exitCode: exitCodeOf(err) }),
);
