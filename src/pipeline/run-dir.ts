/**
 * The run directory `DIR/<runId>/` that every stage (in-process or on any queue worker) shares.
 *
 *   run.json                   the resolved run config (never the verification key: only its id)
 *   state/ingest.json          ingest done: parts + counts (its presence = ingest finished)
 *   state/ingest-progress.json records read so far (for `status` while ingest runs)
 *   state/finalized.json       finalize done (audit written; manifest.json follows)
 *   parts/<partId>.json.gz     the pieces of one part, in print order, each with its verification code
 *                              (personal data: mode 0600)
 *   parts/<partId>/statements.pdf, envelopes.pdf, rendered.json   render done for that part (the
 *                              marker holds each statement's sheets: the ingest does not lay out)
 *   parts/<partId>/packaged.json                                  package sealed for that part
 *   print/<package>.zip[.gpg]  the print-house packages
 *   archive/<partId>.jsonl.gz  what a reprint needs, per printed piece (mode 0600)
 *   exceptions.jsonl, manifest.json, reconciliation.json, audit.jsonl, logs/siprint.log
 *   tmp/                       scratch (external sort chunks); removed when ingest finishes
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';
import { writeChunksAtomic as writeChunksAtomicRaw, writeFileAtomic as writeFileAtomicRaw } from '../package/run-records';

export const PART_ID_RE = /^(E|R|S-[a-z]+)-\d{4,}$/;

export function runPaths(runDir: string) {
  return {
    runDir,
    config: path.join(runDir, 'run.json'),
    stateDir: path.join(runDir, 'state'),
    ingestDone: path.join(runDir, 'state', 'ingest.json'),
    ingestProgress: path.join(runDir, 'state', 'ingest-progress.json'),
    finalized: path.join(runDir, 'state', 'finalized.json'),
    partsDir: path.join(runDir, 'parts'),
    printDir: path.join(runDir, 'print'),
    archiveDir: path.join(runDir, 'archive'),
    tmpDir: path.join(runDir, 'tmp'),
    logsDir: path.join(runDir, 'logs'),
    log: path.join(runDir, 'logs', 'siprint.log'),
    exceptions: path.join(runDir, 'exceptions.jsonl'),
    manifest: path.join(runDir, 'manifest.json'),
    reconciliation: path.join(runDir, 'reconciliation.json'),
    audit: path.join(runDir, 'audit.jsonl'),
  };
}
export type RunPaths = ReturnType<typeof runPaths>;

export function partPaths(runDir: string, partId: string) {
  if (!PART_ID_RE.test(partId)) throw new InputError(`part ID "${partId}" is not a part of this pipeline (expected e.g. E-0001)`);
  const dir = path.join(runDir, 'parts', partId);
  return {
    pieces: path.join(runDir, 'parts', `${partId}.json.gz`),
    dir,
    statements: path.join(dir, 'statements.pdf'),
    envelopes: path.join(dir, 'envelopes.pdf'),
    rendered: path.join(dir, 'rendered.json'),
    packaged: path.join(dir, 'packaged.json'),
    archive: path.join(runDir, 'archive', `${partId}.jsonl.gz`),
  };
}

/**
 * The package stream's atomic write (temp file in the same directory, fsync, rename, fsync the
 * directory), after creating the directory; a disk error becomes one line naming the file and the fix.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string, mode = 0o644): Promise<void> {
  await inRunDir(file, () => writeFileAtomicRaw(file, data, mode));
}

/** The same for content made in chunks (a rendered PDF); returns its SHA-256 and size. */
export function writeChunksAtomic(file: string, produce: (write: (chunk: Uint8Array) => void) => void, mode = 0o644): Promise<{ sha256: string; bytes: number }> {
  return inRunDir(file, () => writeChunksAtomicRaw(file, produce, mode));
}

async function inRunDir<T>(file: string, write: () => Promise<T>): Promise<T> {
  try {
    // 0700: the run directory holds personal data (parts, archive), whatever the umask
    await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    return await write();
  } catch (err) {
    throw writeError(err, file);
  }
}

/** A disk error as one line naming the file and the fix (exit 1: not the operator's input). */
export function writeError(err: unknown, file: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOSPC: 'no space left on the device: free space, then resume the run',
    EDQUOT: 'disk quota exceeded: free space, then resume the run',
    EACCES: 'permission denied: make the output directory writable',
    EPERM: 'permission denied: make the output directory writable',
    EROFS: 'the file system is read-only: choose a writable --out',
    // a file where a directory should be (e.g. --out names a file)
    ENOTDIR: 'a part of that path is a file, not a directory: choose another --out',
  };
  const reason = code ? why[code] : undefined;
  // duck-typed: errors from node's fs are not `instanceof Error` inside jest's sandbox
  if (!reason) return typeof err === 'object' && err !== null && 'message' in err ? (err as Error) : new Error(String(err));
  return new Error(`cannot write ${file}: ${reason}`);
}

/** Stable JSON (2-space, trailing newline) so equal content gives equal bytes. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export async function writeJsonAtomic(file: string, value: unknown, mode = 0o644): Promise<void> {
  await writeFileAtomic(file, jsonText(value), mode);
}

export function readJsonSync<T>(file: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${what} ${file} cannot be read (${code ?? 'error'})`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new InputError(`${what} ${file} is not valid JSON: remove it to redo that step`);
  }
}

export function readJsonIfExists<T>(file: string, what: string): T | undefined {
  return existsSync(file) ? readJsonSync<T>(file, what) : undefined;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A run ID is a directory name: no separators, no dots up front, bounded length. */
export const RUN_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
