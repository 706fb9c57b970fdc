import type * as OpenPgp from 'openpgp' with { 'resolution-mode': 'import' };
import type { BatchCode } from '../domain/types';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import { sha256 } from '../run-dir/hash';
import { jsonBytes } from '../run-dir/json';
import type { FontRef, LayoutRef } from '../domain/types';
import { storedZipChunks, type ZipSource, type ZipStreamedEntry } from './zip';

export type { FontRef, LayoutRef } from '../domain/types';

/**
 * One of a package's files: in memory, or read as the ZIP takes it — its size, SHA-256 and CRC-32 known
 * before (the render's), its blocks in order, given once (the caller checks them against that SHA-256);
 * a block may be overwritten once the next is asked for.
 */
export type PackageFile = Uint8Array | (Omit<ZipStreamedEntry, 'name'> & { sha256: string });

export interface PackageInput {
  batch: BatchCode;
  part: number;
  /** Mail pieces in the package (= envelopes = mailing.csv rows). */
  pieces: number;
  statementsPdf: PackageFile;
  envelopesPdf: PackageFile;
  /** The part's mailing list (partMailingCsv). */
  mailingCsv: PackageFile;
  /** Distribution through employers: the part's bundles (parcel labels and 交接清单), when it has any. */
  bundlesPdf?: { data: PackageFile; count: number; pages: number };
  statementPages: number;
  envelopePages: number;
  /** Armored OpenPGP public key of the print house: the ZIP is then encrypted to it (`*.zip.gpg`). */
  printHousePublicKey?: string;
  /** Optional: named in the file name and the part manifest. */
  runId?: string;
  /** The layouts / fonts the renderer used (Renderer.layouts / Renderer.fonts), recorded in the part manifest. */
  layouts?: LayoutRef[];
  fonts?: FontRef[];
  /** A make-up package k (docs/delivery.md §4): named `<runId>-MU-<k>.zip`, its manifest says `makeup: k`. */
  makeup?: number;
}

/**
 * openpgp 6 is an ES module package that also ships a CommonJS build; its types are ESM-only, so
 * TypeScript (module node16) refuses a plain import from this CommonJS file: types from ESM, code via
 * require — loaded on first use, as it is large and only encrypted runs need it.
 */
function loadOpenPgp(): typeof OpenPgp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('openpgp') as typeof OpenPgp;
}

export const PACKAGE_FILES = ['statements.pdf', 'envelopes.pdf', 'mailing.csv'] as const;
export type PackageFileName = (typeof PACKAGE_FILES)[number];
/** After mailing.csv, in a part with pieces through employers only. */
export const BUNDLES_FILE = 'bundles.pdf';

/**
 * `manifest.json` inside each package ZIP (the print house's and `siprint verify`'s view of one part):
 * - `format` names this shape; `runId` when the caller gives it;
 * - `batch`, `part`, `pieces` (= envelopes = mailing.csv rows), `statementPages`, `envelopePages`;
 * - `files`: SHA-256 and size of statements.pdf, envelopes.pdf and mailing.csv (the manifest cannot
 *   hash the ZIP it sits in: the ZIP's own SHA-256 is in the run's manifest.json);
 * - `layouts` / `fonts`: versions and hashes the renderer used, when given.
 * No time stamp: a part manifest depends only on its input, so the ZIP stays byte-reproducible.
 */
export interface PartManifest {
  format: 'siprint-part/1';
  runId?: string;
  batch: BatchCode;
  part: number;
  pieces: number;
  statementPages: number;
  envelopePages: number;
  files: Record<PackageFileName, { sha256: string; bytes: number }> & { 'bundles.pdf'?: { sha256: string; bytes: number } };
  /** Through employers: the bundles in bundles.pdf and its pages (a parcel label + the 交接清单 each). */
  bundles?: number;
  bundlePages?: number;
  layouts?: LayoutRef[];
  fonts?: FontRef[];
  makeup?: number;
}

/**
 * The package's name and manifest, and `writeTo`, which makes it (the ZIP, or the OpenPGP message holding
 * it) into `write` as it reads the files; call it once. `write` must write or copy each chunk before it
 * returns: a file's blocks may share one buffer.
 */
export interface BuiltPackage {
  fileName: string;
  manifest: PartManifest;
  encrypted: boolean;
  writeTo: (write: (chunk: Uint8Array) => void) => Promise<void>;
}

/** `<runId>-<batch>-p001.zip` (`<batch>-p001.zip` without a run ID); `.zip.gpg` when encrypted. */
export function packageFileName(runId: string | undefined, batch: BatchCode, part: number, encrypted: boolean): string {
  const base = `${runId ? `${runId}-` : ''}${batch}-p${String(part).padStart(3, '0')}.zip`;
  return encrypted ? `${base}.gpg` : base;
}

/** `<runId>-MU-<k>.zip[.gpg]`: make-up package k. */
export function makeupFileName(runId: string, k: number, encrypted: boolean): string {
  return `${runId}-MU-${k}.zip${encrypted ? '.gpg' : ''}`;
}

function checkInput(input: PackageInput): void {
  const where = `package ${input.batch} part ${input.part}`;
  if (!Number.isInteger(input.part) || input.part < 1) throw new InputError(`${where}: part must be an integer ≥ 1`);
  if (!Number.isInteger(input.pieces) || input.pieces < 1) throw new InputError(`${where}: no pieces; a package holds at least one`);
  if (input.envelopePages !== input.pieces)
    throw new InputError(`${where}: ${input.envelopePages} envelope pages for ${input.pieces} pieces; one envelope per piece`);
  if (input.statementPages < input.pieces)
    throw new InputError(`${where}: ${input.statementPages} statement pages for ${input.pieces} pieces; each piece has at least one`);
  if (input.runId !== undefined && !/^[A-Za-z0-9._-]+$/.test(input.runId))
    throw new InputError(`${where}: runId ${JSON.stringify(input.runId)} may hold only letters, digits, . _ -`);
}

/**
 * Builds one print-house package. The ZIP bytes depend only on the input (stored entries, fixed
 * dates, fixed order: statements.pdf, envelopes.pdf, mailing.csv, [bundles.pdf,] manifest.json), and
 * are made one block at a time, so a part's files are never held whole here. OpenPGP encryption uses
 * a fresh session key and the current time, so an encrypted package differs on every call.
 */
export async function buildPackage(input: PackageInput): Promise<BuiltPackage> {
  checkInput(input);
  const ref = (f: PackageFile): { sha256: string; bytes: number } => (f instanceof Uint8Array ? { sha256: sha256(f), bytes: f.length } : { sha256: f.sha256, bytes: f.bytes });
  const manifest: PartManifest = {
    format: 'siprint-part/1',
    ...(input.runId !== undefined ? { runId: input.runId } : {}),
    batch: input.batch,
    part: input.part,
    pieces: input.pieces,
    statementPages: input.statementPages,
    envelopePages: input.envelopePages,
    files: {
      'statements.pdf': ref(input.statementsPdf),
      'envelopes.pdf': ref(input.envelopesPdf),
      'mailing.csv': ref(input.mailingCsv),
      ...(input.bundlesPdf ? { [BUNDLES_FILE]: ref(input.bundlesPdf.data) } : {}),
    },
    ...(input.bundlesPdf ? { bundles: input.bundlesPdf.count, bundlePages: input.bundlesPdf.pages } : {}),
    ...(input.layouts ? { layouts: input.layouts } : {}),
    ...(input.fonts ? { fonts: input.fonts } : {}),
    ...(input.makeup !== undefined ? { makeup: input.makeup } : {}),
  };
  const entry = (name: string, f: PackageFile): ZipSource => (f instanceof Uint8Array ? { name, data: f } : { name, bytes: f.bytes, crc32: f.crc32, blocks: f.blocks });
  const entries = [
    entry('statements.pdf', input.statementsPdf),
    entry('envelopes.pdf', input.envelopesPdf),
    entry('mailing.csv', input.mailingCsv),
    ...(input.bundlesPdf ? [entry(BUNDLES_FILE, input.bundlesPdf.data)] : []),
    { name: 'manifest.json', data: jsonBytes(manifest) },
  ];
  // the key is checked before anything is written
  const key = input.printHousePublicKey !== undefined ? await printHouseKey(input.printHousePublicKey) : undefined;
  const writeTo = async (write: (chunk: Uint8Array) => void): Promise<void> => {
    const zip = storedZipChunks(entries);
    for await (const chunk of key ? encryptChunks(key, copies(zip)) : zip) write(chunk);
  };
  return {
    fileName: input.makeup !== undefined ? makeupFileName(input.runId ?? '', input.makeup, key !== undefined) : packageFileName(input.runId, input.batch, input.part, key !== undefined),
    manifest,
    encrypted: key !== undefined,
    writeTo,
  };
}

/**
 * The print house's public key, checked: armored, public, able to encrypt. A run checks it before it
 * starts (initRun), so a bad key is refused in a second, not after the whole ingest and render.
 */
export async function printHouseKey(armoredPublicKey: string): Promise<OpenPgp.PublicKey> {
  const openpgp = loadOpenPgp();
  let key: OpenPgp.PublicKey;
  try {
    key = await openpgp.readKey({ armoredKey: armoredPublicKey });
  } catch (err) {
    throw new InputError(t('pgp.notKey', { error: err instanceof Error ? err.message : String(err), command: 'gpg --armor --export' }));
  }
  if (key.isPrivate()) throw new InputError(t('pgp.private'));
  try {
    await key.getEncryptionKey();
  } catch (err) {
    throw new InputError(t('pgp.noEncryptionKey', { fingerprint: key.getFingerprint(), error: err instanceof Error ? err.message : String(err) }));
  }
  return key;
}

/**
 * Encrypts to the print house's key as a binary OpenPGP message (what `gpg --decrypt` reads), as the
 * plain bytes come: openpgp pulls them from the stream as it encrypts (partial-length packets), so
 * neither the ZIP nor the message is held whole — given a whole buffer, openpgp holds several copies.
 */
async function* encryptChunks(key: OpenPgp.PublicKey, plain: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const openpgp = loadOpenPgp();
  const message = await openpgp.createMessage({ binary: ReadableStream.from(plain), format: 'binary' });
  const out: unknown = await openpgp.encrypt({ message, encryptionKeys: key, format: 'binary' });
  if (!(out instanceof ReadableStream)) throw new Error('openpgp.encrypt returned no stream');
  yield* out as ReadableStream<Uint8Array>;
}

/** openpgp queues what it pulls before it encrypts it: a copy of each chunk, as a file's blocks share one buffer. */
async function* copies(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) yield Uint8Array.prototype.slice.call(c);
}

/** The same for bytes in memory (a reprint's package). */
export async function encryptFor(armoredPublicKey: string, data: Uint8Array): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const c of encryptChunks(await printHouseKey(armoredPublicKey), [data])) chunks.push(c);
  return new Uint8Array(Buffer.concat(chunks));
}
