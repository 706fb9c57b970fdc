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
import { t } from '../i18n';
import { isSealed, openArchive } from './archive-seal';
import { PART_ID_RE, runPaths } from './paths';
import { readSealedFiles, sha256OfFile } from './seal';

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
  const gunzip = zlib.createGunzip();
  const rl = readline.createInterface({ input: createReadStream(file).pipe(gunzip), crlfDelay: Infinity });
  // a gzip error is emitted on the gunzip stream, not on readline: end the loop with it
  const failed = new Promise<never>((_, reject) => gunzip.once('error', (err) => reject(new Error(t('archive.damaged', { file, why: err.message })))));
  failed.catch(() => undefined);
  const it = rl[Symbol.asyncIterator]();
  for (;;) {
    const next = await Promise.race([it.next(), failed]);
    if (next.done) break;
    if (next.value) yield next.value;
  }
}

/**
 * The lines of archive/<partId>.jsonl.gz, once the file is the one the run sealed (run-dir/seal):
 * a reprint or a 校验码 lookup never reads a changed archive.
 */
export async function* archivePartLines(runDir: string, partId: string, seal?: { line: number; files: Record<string, string> }): AsyncGenerator<string> {
  const rel = `archive/${partId}.jsonl.gz`;
  const file = path.join(runDir, rel);
  const sealed = seal ?? (await readSealedFiles(runDir));
  if (sealed) {
    const want = sealed.files[rel];
    if (want === undefined) throw new InputError(t('archive.notInSeal', { file, line: sealed.line, runDir }));
    if ((await sha256OfFile(file)) !== want)
      throw new InputError(t('archive.changed', { file, line: sealed.line, runDir }));
  }
  yield* archiveFileLines(file);
}


export function archivedPartIds(runDir: string): string[] {
  const dir = runPaths(runDir).archiveDir;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new InputError(t('archive.notRunDir', { dir, runDir }));
  }
  return names
    .filter((n) => n.endsWith('.jsonl.gz'))
    .map((n) => n.slice(0, -'.jsonl.gz'.length))
    .filter((id) => PART_ID_RE.test(id))
    .sort();
}

/** Every archived piece of the run, part by part. */
export async function* readArchive(runDir: string): AsyncGenerator<ArchivedPiece> {
  const seal = await readSealedFiles(runDir);
  for (const id of archivedPartIds(runDir)) for await (const line of archivePartLines(runDir, id, seal)) yield JSON.parse(line) as ArchivedPiece;
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
