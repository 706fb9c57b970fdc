import { gzipSync, gunzipSync } from 'node:zlib';
import { archiveKeyFromEnv, isSealed, openArchive, parseArchiveKey, sealArchive, sealedKeyId } from '../../src/run-dir/archive-seal';

const HEX = '0f'.repeat(32);
const env = { SIPRINT_ARCHIVE_KEY: HEX };
const plain = gzipSync('{"record":{"person":{"name":"王伟"}}}\n');

describe('archive sealing (AES-256-GCM)', () => {
  it('round-trips, names the key id, and leaves plain files as they are', () => {
    const k = parseArchiveKey(HEX);
    const sealed = sealArchive(plain, k);
    expect(isSealed(sealed)).toBe(true);
    expect(sealedKeyId(sealed)).toBe(k.id);
    expect(sealed.includes(Buffer.from(HEX))).toBe(false);
    expect(sealed.includes(k.key)).toBe(false);
    expect(gunzipSync(openArchive(sealed, 'a.jsonl.gz', env)).toString()).toContain('王伟');
    // a fresh IV per file: the same data seals differently
    expect(sealArchive(plain, k).equals(sealed)).toBe(false);
    expect(openArchive(plain, 'p.jsonl.gz', {})).toEqual(plain);
    expect(parseArchiveKey(Buffer.from(k.key).toString('base64')).id).toBe(k.id);
  });

  it('refuses a changed byte, a missing key, another key and a malformed key', () => {
    const sealed = sealArchive(plain, parseArchiveKey(HEX));
    const changed = Buffer.from(sealed);
    changed.writeUInt8(changed.readUInt8(changed.length - 3) ^ 1, changed.length - 3);
    expect(() => openArchive(changed, 'a.jsonl.gz', env)).toThrow(/a\.jsonl\.gz: does not authenticate under key id [0-9a-f]{16}/);
    expect(() => openArchive(sealed, 'a.jsonl.gz', {})).toThrow(/is encrypted \(key id [0-9a-f]{16}\): set SIPRINT_ARCHIVE_KEY/);
    expect(() => openArchive(sealed, 'a.jsonl.gz', { SIPRINT_ARCHIVE_KEY: '1e'.repeat(32) })).toThrow(/but SIPRINT_ARCHIVE_KEY has key id/);
    expect(() => archiveKeyFromEnv({ SIPRINT_ARCHIVE_KEY: 'correct horse battery staple' })).toThrow(/must be 32 random bytes/);
    expect(archiveKeyFromEnv({})).toBeUndefined();
  });
});
