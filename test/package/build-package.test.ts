import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPackage, mailingCsv, partMailingCsv, readZip } from '../../src/package';
import { crc32, sha256 } from '../../src/run-dir/hash';
import { makePdfs, makePieces, packageBytes } from './fixtures';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'siprint-pkg-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('sha256', () => {
  it('hashes strings as UTF-8 and bytes alike', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256(new TextEncoder().encode('记录'))).toBe(sha256('记录'));
  });
});

describe('mailingCsv', () => {
  it('writes the header, one row per piece in order, the full address and no ssn', () => {
    const pieces = makePieces('E', 1, 2);
    const csv = mailingCsv(pieces, [1, 1]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('pieceId,batch,recordId,recipientName,recipientRole,postcode,address,sheets');
    expect(lines[1]).toBe('T1-E-001-00001,E,R001001,张伟1001,self,100020,北京市朝阳区建国路1001号,1');
    expect(lines).toHaveLength(4); // header, 2 rows, '' after the final CRLF
    expect(csv).not.toMatch(/\d{17}[\dX]/);
  });

  it('neutralizes formula cells and quotes per RFC 4180', () => {
    const [p] = makePieces('R', 1, 1);
    p!.recipient = {
      role: 'guardian',
      name: '=HYPERLINK("http://x","点我")',
      address: { postcode: '100020', province: '+北京市', line: 'a,b "c"\nd' },
    };
    p!.record.recordId = '@SUM(A1)';
    const row = mailingCsv([p!], [1]).split('\r\n')[1];
    expect(row).toBe(
      `T1-R-001-00001,R,'@SUM(A1),"'=HYPERLINK(""http://x"",""点我"")",guardian,100020,"'+北京市a,b ""c""\nd",1`,
    );
    for (const bad of ['-1+2', '\tcmd', '\r=1']) {
      p!.recipient.name = bad;
      expect(mailingCsv([p!], [1]).split('\r\n')[1]!.split(',')[3]).toMatch(/^"?'/);
    }
  });
});

describe('buildPackage', () => {
  it('makes a stored ZIP that unzip -t accepts, with a part manifest hashing the three files', async () => {
    const pieces = makePieces('E', 7, 3, (i) => (i === 2 ? 2 : 1));
    const pdfs = await makePdfs(pieces);
    const built = await buildPackage({ batch: 'E', part: 7, ...pdfs, runId: 'RUN1', layouts: [{ id: 'envelope-dl', version: '1', sha256: 'a'.repeat(64) }] });
    expect(built.fileName).toBe('RUN1-E-p007.zip');
    const bytes = await packageBytes(built);
    const file = path.join(tmp, built.fileName);
    writeFileSync(file, bytes);
    const out = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
    expect(out).toContain('No errors detected');
    const listing = execFileSync('unzip', ['-v', file], { encoding: 'utf8' });
    expect(listing.match(/ Stored /g)).toHaveLength(4);
    const entries = readZip(bytes);
    expect(entries.map((e) => e.name)).toEqual(['statements.pdf', 'envelopes.pdf', 'mailing.csv', 'manifest.json']);
    expect(entries.every((e) => e.method === 0)).toBe(true);
    const manifest = JSON.parse(Buffer.from(entries[3]!.data).toString('utf8'));
    expect(manifest).toMatchObject({ runId: 'RUN1', batch: 'E', part: 7, pieces: 3, statementPages: 4, envelopePages: 3 });
    expect(manifest.files['statements.pdf']).toEqual({ sha256: sha256(pdfs.statementsPdf), bytes: pdfs.statementsPdf.length });
    expect(manifest.files['mailing.csv'].sha256).toBe(sha256(entries[2]!.data));
    expect(manifest.layouts[0].id).toBe('envelope-dl');
  });

  it('gives the same bytes for the same input, with fixed UTC DOS dates', async () => {
    const pieces = makePieces('R', 1, 2);
    const pdfs = await makePdfs(pieces);
    const a = await buildPackage({ batch: 'R', part: 1, ...pdfs });
    const b = await buildPackage({ batch: 'R', part: 1, ...pdfs });
    const buf = await packageBytes(a);
    expect(sha256(await packageBytes(b))).toBe(sha256(buf));
    // every local header carries DOS date 2000-01-01 00:00:00, taken from the UTC fields (no time-zone drift)
    let headers = 0;
    for (let i = buf.indexOf(0x04034b50 & 0xff); i >= 0 && i < buf.length - 4; i = buf.indexOf(0x50, i + 1)) {
      if (buf.readUInt32LE(i) !== 0x04034b50) continue;
      expect([buf.readUInt16LE(i + 10), buf.readUInt16LE(i + 12)]).toEqual([0, (20 << 9) | (1 << 5) | 1]);
      headers++;
    }
    expect(headers).toBeGreaterThanOrEqual(4);
    expect(a.fileName).toBe('R-p001.zip');
  });

  it('gives the same ZIP from files read in blocks (size and CRC-32 known before) as from memory; blocks that do not give them stop it', async () => {
    const pieces = makePieces('E', 1, 2);
    const pdfs = await makePdfs(pieces);
    const inBlocks = (data: Uint8Array, over: { bytes?: number; crc32?: number } = {}) => ({
      bytes: data.length,
      sha256: sha256(data),
      crc32: crc32(data),
      blocks: (async function* () {
        for (let at = 0; at < data.length; at += 100) yield await Promise.resolve(data.subarray(at, at + 100)); // as a read would come
      })(),
      ...over,
    });
    const whole = await packageBytes(await buildPackage({ batch: 'E', part: 1, ...pdfs }));
    const streamed = await buildPackage({ batch: 'E', part: 1, ...pdfs, statementsPdf: inBlocks(pdfs.statementsPdf), mailingCsv: inBlocks(pdfs.mailingCsv) });
    expect((await packageBytes(streamed)).equals(whole)).toBe(true);
    const short = await buildPackage({ batch: 'E', part: 1, ...pdfs, statementsPdf: inBlocks(pdfs.statementsPdf, { bytes: pdfs.statementsPdf.length + 1 }) });
    await expect(packageBytes(short)).rejects.toThrow(`cannot build the package ZIP: statements.pdf: ${pdfs.statementsPdf.length} bytes, not ${pdfs.statementsPdf.length + 1}`);
    const long = await buildPackage({ batch: 'E', part: 1, ...pdfs, statementsPdf: inBlocks(pdfs.statementsPdf, { bytes: 150 }) });
    await expect(packageBytes(long)).rejects.toThrow('cannot build the package ZIP: statements.pdf: more than its 150 bytes');
    const crc = await buildPackage({ batch: 'E', part: 1, ...pdfs, mailingCsv: inBlocks(pdfs.mailingCsv, { crc32: 1 }) });
    await expect(packageBytes(crc)).rejects.toThrow('cannot build the package ZIP: mailing.csv: its bytes do not have its CRC-32');
  });

  it('refuses pieces of another part, a missing sheet count and a wrong envelope count, naming the part', async () => {
    const pieces = makePieces('E', 1, 2);
    const pdfs = await makePdfs(pieces);
    expect(() => partMailingCsv('E', 2, pieces, pdfs.sheets)).toThrow(/package E part 2: piece 1 \(T1-E-001-00001\) belongs to E part 1/);
    expect(() => partMailingCsv('E', 1, pieces, [1])).toThrow(/need one sheet count .* got 1 for 2 pieces/);
    await expect(buildPackage({ batch: 'E', part: 1, ...pdfs, envelopePages: 1 })).rejects.toThrow(/1 envelope pages for 2 pieces/);
  });
});
