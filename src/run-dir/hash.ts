import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';

/** SHA-256 as 64 lowercase hex digits; strings are hashed as UTF-8. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * CRC-32 (ZIP's) of `data`; given the CRC of the bytes before, that of them and `data` together, so a
 * file can be taken block by block. The render records it beside each file's SHA-256: a ZIP's local
 * header carries it before the data, so the package can then read each file once, as the ZIP takes it.
 */
export function crc32(data: Uint8Array, before = 0): number {
  return zlib.crc32(data, before) >>> 0; // native (node ≥ 20.15)
}
