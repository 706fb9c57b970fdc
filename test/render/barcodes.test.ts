/** Our DataMatrix and QR encoders, decoded by the same tools a print house would use. */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataMatrix, qrCode, type Matrix } from '../../src/render/barcodes';
import { run, tmpDir } from './tools';

function pgm(m: Matrix, file: string, scale = 5, quiet = 4): string {
  const W = (m.width + 2 * quiet) * scale;
  const H = (m.height + 2 * quiet) * scale;
  const px = Buffer.alloc(W * H, 255);
  for (let y = 0; y < m.height; y++)
    for (let x = 0; x < m.width; x++)
      if (m.bits[y * m.width + x])
        for (let dy = 0; dy < scale; dy++) px.fill(0, ((y + quiet) * scale + dy) * W + (x + quiet) * scale, ((y + quiet) * scale + dy) * W + (x + quiet + 1) * scale);
  writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${W} ${H}\n255\n`), px]));
  return file;
}

let tmp: ReturnType<typeof tmpDir>;
beforeAll(() => (tmp = tmpDir()));
afterAll(() => tmp.done());

describe('DataMatrix ECC 200', () => {
  it.each([
    'R2025-ANNUAL|E-0001-00001|1/1',
    'A',
    '1234567',
    'R2025-ANNUAL-LONG-RUN-ID-2025-12-31|S-unemployment-0001-00001|2/3', // 32×32: four regions
    'x'.repeat(120), // 44×44
    '运行|E-1|1/1', // UTF-8 through upper shift
  ])('dmtxread reads back %s', (text) => {
    expect(run('dmtxread', [pgm(dataMatrix(text), path.join(tmp.dir, 'dm.pgm'))])).toBe(text);
  });
  it('refuses what no single-block symbol holds', () => expect(() => dataMatrix('x'.repeat(200))).toThrow(/48×48/));
});

describe('QR, level M', () => {
  it('encodes the verification code as a version 1 symbol', () => expect(qrCode('ABCD-EFGH-IJKL-MNOP').width).toBe(21));
  it.each(['ABCD-EFGH-IJKL-MNOP', 'hello, world', 'R2025-ANNUAL|E-0001-00001|1/1', 'Z'.repeat(120), '校验码'])('zbarimg reads back %s', (text) => {
    expect(run('zbarimg', ['-q', '--raw', pgm(qrCode(text), path.join(tmp.dir, 'qr.pgm'))]).replace(/\n$/, '')).toBe(text);
  });
  // Exact modules (the PDFs must not change): SHA-256 of `bits`, recorded from the module-by-module
  // encoder before the bit-packed mask penalty replaced it — a changed mask choice or placement fails here.
  it.each([
    ['ABCD-EFGH-IJKL-MNOP', 21, '8244bda3b3a7c819'],
    ['QWER-TY23-4567-ZXCV', 21, 'dfb2e093b8c12111'],
    ['hello, world', 21, 'f1ce0961e0f7c160'],
    ['校验码', 21, '275a21c51206d1fd'],
    ['', 21, '429bf5babfa00e74'],
    ['HTTPS://SI.EXAMPLE.CN/V/ABCD-EFGH-IJKL-MNOP', 29, 'e0db8abcf202ae66'],
    ['Z'.repeat(120), 37, 'd5feb89c64bc1c4a'],
    ['0'.repeat(311), 57, '05a0301d7ba67ca3'], // version 10's alphanumeric capacity
    ['9'.repeat(20) + '校验码'.repeat(20), 57, 'cb7f5231af0e159e'],
  ])('gives the same modules as before for %#: %s', (text, width, hash) => {
    const m = qrCode(text);
    expect([m.width, createHash('sha256').update(m.bits).digest('hex').slice(0, 16)]).toEqual([width, hash]);
  });
  it('refuses what version 10-M does not hold', () => expect(() => qrCode('0'.repeat(312))).toThrow(/version 10-M/));
});
