import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPackage } from '../../src/package';
import { crc32, sha256 } from '../../src/run-dir/hash';
import { verifyRunDetailed } from '../../src/verify';
import { makePdfs, makePieces, packageBytes } from './fixtures';
import { makeRunDir } from './run-fixture';

/** A throwaway GnuPG home with a fresh key pair, as the print house would have. */
let home: string;
let publicKey: string;
beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'siprint-gpg-'));
  const env = { ...process.env, GNUPGHOME: home };
  execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Print House Test <print@example.invalid>', 'default', 'default', 'never'], { env, stdio: 'pipe' });
  publicKey = execFileSync('gpg', ['--batch', '--armor', '--export', 'print@example.invalid'], { env, encoding: 'utf8' });
}, 60000);
afterAll(() => {
  try {
    execFileSync('gpgconf', ['--kill', 'all'], { env: { ...process.env, GNUPGHOME: home }, stdio: 'ignore' });
  } catch {
    // no agent running
  }
  rmSync(home, { recursive: true, force: true });
});

describe('buildPackage with a print-house key', () => {
  it('writes *.zip.gpg that gpg --decrypt turns back into the reproducible ZIP', async () => {
    const pieces = makePieces('E', 1, 2);
    const pdfs = await makePdfs(pieces);
    const plain = await buildPackage({ batch: 'E', part: 1, ...pdfs, runId: 'RUN1' });
    const sealed = await buildPackage({ batch: 'E', part: 1, ...pdfs, runId: 'RUN1', printHousePublicKey: publicKey });
    expect(sealed.fileName).toBe('RUN1-E-p001.zip.gpg');
    expect(sealed.encrypted).toBe(true);
    const sealedBytes = await packageBytes(sealed);
    expect(sealedBytes.includes(Buffer.from('mailing.csv'))).toBe(false);
    const file = path.join(home, sealed.fileName);
    writeFileSync(file, sealedBytes);
    const out = path.join(home, 'out.zip');
    execFileSync('gpg', ['--batch', '--yes', '--output', out, '--decrypt', file], { env: { ...process.env, GNUPGHOME: home }, stdio: 'pipe' });
    expect(sha256(readFileSync(out))).toBe(sha256(await packageBytes(plain)));
    // a fresh session key each time: the sealed bytes are not reproducible, the ZIP inside is
    const again = await buildPackage({ batch: 'E', part: 1, ...pdfs, runId: 'RUN1', printHousePublicKey: publicKey });
    expect(sha256(await packageBytes(again))).not.toBe(sha256(sealedBytes));
  });

  it('encrypts files read in blocks through one reused buffer (as the package stage reads them) to the same ZIP', async () => {
    const pieces = makePieces('E', 1, 2);
    const pdfs = await makePdfs(pieces);
    const reused = (data: Uint8Array) => ({
      bytes: data.length,
      sha256: sha256(data),
      crc32: crc32(data),
      blocks: (async function* () {
        const buffer = Buffer.alloc(64);
        for (let at = 0; at < data.length; at += buffer.length) {
          const n = Buffer.from(data).copy(buffer, 0, at, at + buffer.length);
          yield await Promise.resolve(buffer.subarray(0, n)); // as a read would come
        }
      })(),
    });
    const plain = await packageBytes(await buildPackage({ batch: 'E', part: 1, ...pdfs, runId: 'RUN1' }));
    const sealed = await buildPackage({ batch: 'E', part: 1, ...pdfs, statementsPdf: reused(pdfs.statementsPdf), envelopesPdf: reused(pdfs.envelopesPdf), runId: 'RUN1', printHousePublicKey: publicKey });
    const file = path.join(home, 'reused.zip.gpg');
    writeFileSync(file, await packageBytes(sealed));
    const out = path.join(home, 'reused.zip');
    execFileSync('gpg', ['--batch', '--yes', '--output', out, '--decrypt', file], { env: { ...process.env, GNUPGHOME: home }, stdio: 'pipe' });
    expect(readFileSync(out).equals(plain)).toBe(true);
  });

  it('refuses a key that is not an armored public key, naming the field', async () => {
    const pieces = makePieces('E', 1, 1);
    const pdfs = await makePdfs(pieces);
    await expect(buildPackage({ batch: 'E', part: 1, ...pdfs, printHousePublicKey: 'not a key' })).rejects.toThrow(/^printHousePublicKey: not an armored OpenPGP public key/);
  });
});

describe('verifyRun on a run with encrypted packages', () => {
  it('checks them by size and hash, and still names one changed byte', async () => {
    const runDir = await makeRunDir(path.join(home, 'runs'), { printHousePublicKey: publicKey });
    const ok = await verifyRunDetailed(runDir);
    expect(ok.problems).toEqual([]);
    expect(ok.summary).toMatchObject({ packages: 3, encryptedPackages: 3, pieces: 7 });
    const file = path.join(runDir, 'print', 'RUN1-R-p001.zip.gpg');
    const bytes = readFileSync(file);
    bytes[bytes.length - 10]! ^= 0x80;
    writeFileSync(file, bytes);
    expect((await verifyRunDetailed(runDir)).problems).toEqual([expect.stringMatching(/^print\/RUN1-R-p001\.zip\.gpg: SHA-256 [0-9a-f]{64} differs from manifest\.json/)]);
  });
});
