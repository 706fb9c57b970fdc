/**
 * pino JSON logs to `<runDir>/logs/siprint.log`. Only what `LogFields` allows goes in: run and part
 * IDs, stage names, counts, sizes and durations — never a name, ssn, address or amount (the types
 * keep record data out; a test scans the log for the extract's names and ssns).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';

export interface LogFields {
  runId?: string;
  partId?: string;
  stage?: string;
  batch?: string;
  records?: number;
  pieces?: number;
  sheets?: number;
  parts?: number;
  printed?: number;
  /** Records (or, for a part, pieces) given electronic statements. */
  electronic?: number;
  held?: number;
  suppressed?: number;
  bytes?: number;
  ms?: number;
  workers?: number;
  /** A sharded ingest's byte ranges and duplicate-key buckets (its number of jobs of each kind). */
  ranges?: number;
  buckets?: number;
  skipped?: boolean;
  /** A package's file name (`<runId>-E-p001.zip`) and the print house's host (deliver, acks). */
  file?: string;
  host?: string;
  /** An error's one-line message: ours name record IDs and fields, not people. */
  error?: string;
}

export interface RunLog {
  info(msg: string, fields: LogFields): void;
  warn(msg: string, fields: LogFields): void;
  error(msg: string, fields: LogFields): void;
}

const loggers = new Map<string, Logger>();

function fileLogger(file: string): Logger {
  let l = loggers.get(file);
  if (!l) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // sync appends: several threads/processes share the file and each line must land whole
    l = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: file, sync: true, append: true }));
    loggers.set(file, l);
  }
  return l;
}

export function runLog(runDir: string): RunLog {
  const l = fileLogger(path.join(runDir, 'logs', 'siprint.log'));
  return {
    info: (msg, f) => l.info(f, msg),
    warn: (msg, f) => l.warn(f, msg),
    error: (msg, f) => l.error(f, msg),
  };
}
