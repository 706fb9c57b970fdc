/** Worker-thread entry of a judge thread (see judge.ts): rows in, the ingest's verdicts out, in order. */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptFontFiles } from '../assets';
import { messageOf } from '../domain/errors';
import type { CsvHeader } from '../extract';
import { rendererFor } from './renderers';
import { headerOf, judgeForIngest, type JudgeReply, type JudgeRequest, type JudgeWorkerData } from './judge';

const data = workerData as JudgeWorkerData;
const port = parentPort;
if (!port) throw new Error('judge-worker.js must run in a worker thread');
adoptFontFiles(data.fonts);
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
