/**
 * Optional encryption at rest of a run's archive files (archive/<partId>.jsonl.gz): AES-256-GCM over
 * the gzip bytes, one fresh 96-bit IV per file. The file keeps its name; a header says it is sealed
 * and which key sealed it (a key id, never the key), so readers need no other state:
 *
 *   "SIPRINT-AES256GCM/1\n" <keyId: 16 hex> "\n" <iv: 12 bytes> <tag: 16 bytes> <ciphertext>
 *
 * The key comes from SIPRINT_ARCHIVE_KEY: 64 hex digits or base64 of 32 bytes (a random key, not a
 * passphrase: `openssl rand -hex 32`). Without it archives stay plain gzip (still mode 0600).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';

const MAGIC = Buffer.from('SIPRINT-AES256GCM/1\n', 'latin1');
const KEY_ID_LEN = 16;
const HEADER_LEN = MAGIC.length + KEY_ID_LEN + 1 + 12 + 16;
export const ARCHIVE_KEY_ENV = 'SIPRINT_ARCHIVE_KEY';

export interface ArchiveKey {
  id: string;
  key: Buffer;
}

export function archiveKeyId(key: Buffer): string {
  return createHash('sha256').update('siprint-archive-key\u0000').update(key).digest('hex').slice(0, KEY_ID_LEN);
}

/** Parses a key as given in the environment; a malformed key is a usage error (exit 2). */
export function parseArchiveKey(text: string): ArchiveKey {
  const given = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(given)) key = Buffer.from(given, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=?$/.test(given)) key = Buffer.from(given, 'base64');
  if (!key || key.length !== 32) throw new UsageError(t('archiveKey.bad', { env: ARCHIVE_KEY_ENV, command: 'openssl rand -hex 32' }));
  return { id: archiveKeyId(key), key };
}

/** The key from SIPRINT_ARCHIVE_KEY, or undefined when it is not set. */
export function archiveKeyFromEnv(env: NodeJS.ProcessEnv = process.env): ArchiveKey | undefined {
  const v = env[ARCHIVE_KEY_ENV];
  return v ? parseArchiveKey(v) : undefined;
}

export function isSealed(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).equals(MAGIC);
}

/** Encrypts `plain` (the gzip bytes of an archive file) with a fresh IV. */
export function sealArchive(plain: Uint8Array, k: ArchiveKey): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', k.key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, Buffer.from(`${k.id}\n`, 'latin1'), iv, cipher.getAuthTag(), body]);
}

/** The key id a sealed file names (undefined for a plain one). */
export function sealedKeyId(bytes: Uint8Array): string | undefined {
  if (!isSealed(bytes)) return undefined;
  return Buffer.from(bytes.buffer, bytes.byteOffset + MAGIC.length, KEY_ID_LEN).toString('latin1');
}

/**
 * The plain bytes of an archive file: as is when not sealed; decrypted (and authenticated: an edited
 * file fails) when sealed. `where` names the file in errors.
 */
export function openArchive(bytes: Uint8Array, where: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isSealed(buf)) return buf;
  if (buf.length < HEADER_LEN) throw new Error(t('archiveKey.truncated', { file: where }));
  const id = sealedKeyId(buf) ?? '';
  const k = archiveKeyFromEnv(env);
  if (!k) throw new UsageError(t('archiveKey.none', { file: where, keyId: id, env: ARCHIVE_KEY_ENV }));
  if (k.id !== id) throw new UsageError(t('archiveKey.other', { file: where, keyId: id, env: ARCHIVE_KEY_ENV, envKeyId: k.id }));
  let off = MAGIC.length + KEY_ID_LEN + 1;
  const iv = buf.subarray(off, (off += 12));
  const tag = buf.subarray(off, (off += 16));
  const decipher = createDecipheriv('aes-256-gcm', k.key, iv);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(buf.subarray(off)), decipher.final()]);
  } catch {
    throw new Error(t('archiveKey.notAuthentic', { file: where, keyId: id }));
  }
}
