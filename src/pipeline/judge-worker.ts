/** Worker-thread entry of a judge thread (see judge.ts): rows in, the ingest's verdicts out, in order. */
import { parentPort, workerData } from 'node:worker_threads';
import { messageOf } from '../errors';
import type { CsvHeader } from '../extract';
import { rendererFor } from './common';
import { headerOf, judgeForIngest, type JudgeReply, type JudgeRequest, type JudgeWorkerData } from './judge';
import { ports } from './ports';

const data = workerData as JudgeWorkerData;
const port = parentPort;
if (!port) throw new Error('judge-worker.js must run in a worker thread');
ports.adoptFontFiles(data.fonts);
const renderer = rendererFor(data.assetsRoot);
const header: { key: string; header: CsvHeader | null } = { key: '', header: null };

port.on('message', (req: JudgeRequest) => {
  let reply: JudgeReply;
  try {
    const h = headerOf(req.file, req.header, header);
    reply = { id: req.id, ok: true, judged: req.jobs.map((job) => judgeForIngest(job, h, data.setup, renderer)) };
  } catch (err) {
    reply = { id: req.id, ok: false, message: messageOf(err) };
  }
  port.postMessage(reply);
});
