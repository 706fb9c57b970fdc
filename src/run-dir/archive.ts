/**
 * Reading a run's archive (what reprint and verify-code need): archive/<partId>.jsonl.gz, one
 * ArchivedPiece per line, in print order. Streams one part at a time, so memory stays bounded
 * (a lookup scans the parts: fine for a reprint now and then, not meant for bulk queries).
 */
import { createReadStream, promises as fsp, readdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { InputError } from '../domain/errors';
import type { Piece } from '../domain/types';
import { isSealed, openArchive } from './archive-seal';
import { PART_ID_RE, runPaths } from './paths';

/**
 * One line of archive/<partId>.jsonl.gz (and one element of parts/<partId>.json.gz): everything a
 * reprint needs to re-render the piece exactly, with the verification code the ingest computed.
 */
export interface ArchivedPiece extends Piece {
  verificationCode: string;
}

/** The lines of one archive file, plain gzip (streamed) or sealed (decrypted whole: authenticated before use). */
export async function* archiveFileLines(file: string): AsyncGenerator<string> {
  const head = Buffer.alloc(32);
  const fh = await fsp.open(file, 'r');
  try {
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  if (isSealed(head)) {
    const text = zlib.gunzipSync(openArchive(await fsp.readFile(file), file)).toString('utf8');
    for (const line of text.split('\n')) if (line) yield line;
    return;
  }
  const rl = readline.createInterface({ input: createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield line;
}

async function* readPartArchive(file: string): AsyncGenerator<ArchivedPiece> {
  for await (const line of archiveFileLines(file)) yield JSON.parse(line) as ArchivedPiece;
}

export function archivedPartIds(runDir: string): string[] {
  const dir = runPaths(runDir).archiveDir;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new InputError(`${dir} is missing: ${runDir} is not a run directory whose ingest finished`);
  }
  return names
    .filter((n) => n.endsWith('.jsonl.gz'))
    .map((n) => n.slice(0, -'.jsonl.gz'.length))
    .filter((id) => PART_ID_RE.test(id))
    .sort();
}

/** Every archived piece of the run, part by part. */
export async function* readArchive(runDir: string): AsyncGenerator<ArchivedPiece> {
  for (const id of archivedPartIds(runDir)) yield* readPartArchive(path.join(runPaths(runDir).archiveDir, `${id}.jsonl.gz`));
}

/** The pieces of one insured person (several in scheme mode), by ssn, recordId or pieceId. */
export async function findArchivedPieces(runDir: string, match: { ssn?: string; recordId?: string; pieceId?: string }): Promise<ArchivedPiece[]> {
  const found: ArchivedPiece[] = [];
  for await (const a of readArchive(runDir)) {
    if ((match.ssn && a.record.person.ssn === match.ssn) || (match.recordId && a.record.recordId === match.recordId) || (match.pieceId && a.pieceId === match.pieceId)) {
      found.push(a);
      if (match.pieceId) break;
    }
  }
  return found;
}
