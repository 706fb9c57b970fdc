/** QR code, versions 1–10, level M (ISO/IEC 18004): the verification code. */
import type { Matrix } from './matrix';
import { ReedSolomon } from './reed-solomon';

const rsQr = new ReedSolomon(0x11d, 0);

const QR_ECC_PER_BLOCK_M = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26];
const QR_BLOCKS_M = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5];
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
/** char code → alphanumeric value, −1 for the rest */
const ALNUM_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALNUM.length; i++) ALNUM_VALUE[ALNUM.charCodeAt(i)] = i;

function qrRawModules(ver: number): number {
  let n = (16 * ver + 128) * ver + 64;
  if (ver >= 2) {
    const align = Math.floor(ver / 7) + 2;
    n -= (25 * align - 10) * align - 55;
    if (ver >= 7) n -= 36;
  }
  return n;
}

function qrDataCodewords(ver: number): number {
  return Math.floor(qrRawModules(ver) / 8) - (QR_ECC_PER_BLOCK_M[ver] ?? 0) * (QR_BLOCKS_M[ver] ?? 0);
}

function qrAlignmentPositions(ver: number, size: number): number[] {
  if (ver === 1) return [];
  const n = Math.floor(ver / 7) + 2;
  const step = Math.ceil((ver * 4 + 4) / (n * 2 - 2)) * 2;
  const out = [6];
  for (let pos = size - 7; out.length < n; pos -= step) out.splice(1, 0, pos);
  return out;
}

/**
 * One QR per statement, so this is on the render hot path. All that depends on the version only
 * (function patterns, where the data bits go, each mask's flips) is built once per version by
 * `qrVersion`; a call writes its codewords into a copy of the template and scores the 8 masks on
 * bit-packed rows and columns (`qrPenalty`), choosing exactly what the module-by-module rules choose.
 */
export function qrCode(text: string): Matrix {
  // segment: alphanumeric when it can be (the verification code is), else UTF-8 bytes
  let alnum = true;
  for (let i = 0; i < text.length && alnum; i++) alnum = (ALNUM_VALUE[text.charCodeAt(i)] ?? -1) >= 0;
  const bytes = alnum ? undefined : Buffer.from(text, 'utf8');
  const bitsFor = (ver: number): number => {
    if (!bytes) return 4 + (ver < 10 ? 9 : 11) + Math.floor(text.length / 2) * 11 + (text.length % 2) * 6;
    return 4 + (ver < 10 ? 8 : 16) + bytes.length * 8;
  };
  let ver = 1;
  while (ver <= 10 && bitsFor(ver) > qrDataCodewords(ver) * 8) ver++;
  if (ver > 10) throw new Error(`QR: ${text.length} characters is more than version 10-M holds`);
  const capacity = qrDataCodewords(ver);

  // the bit stream, written straight into the codeword bytes
  const data = new Uint8Array(capacity);
  let len = 0;
  const put = (value: number, n: number): void => {
    // the low n bits of value, most significant first, a byte's worth at a time
    while (n > 0) {
      const room = 8 - (len & 7);
      const take = Math.min(room, n);
      n -= take;
      data[len >>> 3] = (data[len >>> 3] as number) | (((value >>> n) & ((1 << take) - 1)) << (room - take));
      len += take;
    }
  };
  if (!bytes) {
    const value = (i: number): number => ALNUM_VALUE[text.charCodeAt(i)] as number;
    put(0x2, 4);
    put(text.length, ver < 10 ? 9 : 11);
    for (let i = 0; i + 1 < text.length; i += 2) put(value(i) * 45 + value(i + 1), 11);
    if (text.length % 2 === 1) put(value(text.length - 1), 6);
  } else {
    put(0x4, 4);
    put(bytes.length, ver < 10 ? 8 : 16);
    for (const b of bytes) put(b, 8);
  }
  // the terminator and the padding to a byte boundary are zeros, which the array already holds
  len += Math.min(4, capacity * 8 - len);
  for (let i = (len + 7) >>> 3, pad = 0xec; i < capacity; i++, pad ^= 0xec ^ 0x11) data[i] = pad;

  const v = qrVersion(ver);
  const codewords = qrCodewords(ver, data);
  // the codeword bits, one per byte (the scratch arrays live per version: qrCode never reenters)
  const { dataOrder, dataBits, dataEntryBit, dataWord, dataWordBit, words } = v;
  for (let i = 0; i < dataBits.length; i++) dataBits[i] = ((codewords[i >>> 3] as number) >>> (7 - (i & 7))) & 1;
  // the unmasked symbol, packed: the template's words with the dark data modules set (no branches:
  // the bits are random, so a branch per bit would be mispredicted half of the time)
  words.set(v.template);
  for (let e = 0; e < dataWord.length; e++) {
    const w = dataWord[e] as number;
    words[w] = (words[w] as number) | ((dataWordBit[e] as number) & -(dataBits[dataEntryBit[e] as number] as number));
  }
  // the mask with the lowest penalty; the first of equal ones, as before
  let best = 0;
  let bestPenalty = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    const p = qrPenalty(v, words, mask, bestPenalty);
    if (p < bestPenalty) {
      bestPenalty = p;
      best = mask;
    }
  }
  // template and data modules are disjoint and the template's data modules are 0: XOR the data bits in
  const bits = (v.masked[best] as Uint8Array).slice();
  for (let i = 0; i < dataOrder.length; i++) bits[dataOrder[i] as number] = (bits[dataOrder[i] as number] as number) ^ (dataBits[i] as number);
  return { width: v.size, height: v.size, bits };
}

/** Data codewords → the final sequence: split into blocks, check codewords added, interleaved. */
function qrCodewords(ver: number, data: Uint8Array): Uint8Array {
  const numBlocks = QR_BLOCKS_M[ver] ?? 1;
  const eccLen = QR_ECC_PER_BLOCK_M[ver] ?? 0;
  const raw = Math.floor(qrRawModules(ver) / 8);
  const numShort = numBlocks - (raw % numBlocks);
  const shortData = Math.floor(raw / numBlocks) - eccLen; // data codewords of a short block; long ones have one more
  const start = (j: number): number => j * shortData + Math.max(0, j - numShort);
  const out = new Uint8Array(raw);
  let k = 0;
  for (let i = 0; i < shortData; i++) for (let j = 0; j < numBlocks; j++) out[k++] = data[start(j) + i] as number;
  for (let j = numShort; j < numBlocks; j++) out[k++] = data[start(j) + shortData] as number;
  const checks: Uint8Array[] = [];
  for (let j = 0; j < numBlocks; j++) checks.push(rsQr.ecc(data.subarray(start(j), start(j + 1)), eccLen));
  for (let i = 0; i < eccLen; i++) for (let j = 0; j < numBlocks; j++) out[k++] = (checks[j] as Uint8Array)[i] as number;
  return out;
}

/**
 * Packed lines: a row (or column) is cut into words of 32 modules, each word scoring the QR_SPAN
 * modules at bits 1…QR_SPAN; bit 0 holds the module before them (where a run starts) and bits
 * QR_SPAN+1…31 the 10 after them (a finder-like window is 11 long). So a whole version-1 line is
 * one word, versions 2–6 two, 7–10 three; each rule is a few shifts and ANDs per word.
 */
const QR_SPAN = 21;

interface QrVersion {
  size: number;
  /** words per line */
  chunks: number;
  /** module index of each codeword bit, in placement order */
  dataOrder: Uint16Array;
  /** per mask: the template (function patterns, format and version bits; data modules 0) masked */
  masked: Uint8Array[];
  /** the template packed (qrPack) */
  template: Int32Array;
  /** per mask: the modules it changes — the mask pattern, plus the format bits that differ from mask 0's — packed */
  flips: Int32Array[];
  /** a dark codeword bit dataEntryBit[e] sets bit(s) dataWordBit[e] of packed word dataWord[e] */
  dataEntryBit: Uint16Array;
  dataWord: Uint16Array;
  dataWordBit: Int32Array;
  /** scratch: the codeword bits, and the packed symbol */
  dataBits: Uint8Array;
  words: Int32Array;
  /** per word: which bits start a window that lies inside the symbol (and that this word scores) */
  own: Int32Array;
  block: Int32Array; // 2 wide
  run: Int32Array; // 5 wide
  finder: Int32Array; // 11 wide
}

const qrVersions = new Map<number, QrVersion>();

function qrVersion(ver: number): QrVersion {
  let v = qrVersions.get(ver);
  if (v) return v;
  const size = ver * 4 + 17;
  const modules = new Uint8Array(size * size);
  const fn = new Uint8Array(size * size);
  const setFn = (x: number, y: number, dark: boolean): void => {
    modules[y * size + x] = dark ? 1 : 0;
    fn[y * size + x] = 1;
  };
  for (let i = 0; i < size; i++) {
    setFn(6, i, i % 2 === 0);
    setFn(i, 6, i % 2 === 0);
  }
  const finder = (cx: number, cy: number): void => {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && x < size && y >= 0 && y < size) setFn(x, y, d !== 2 && d !== 4);
      }
    }
  };
  finder(3, 3);
  finder(size - 4, 3);
  finder(3, size - 4);
  const align = qrAlignmentPositions(ver, size);
  align.forEach((ay, i) =>
    align.forEach((ax, j) => {
      const corner = (i === 0 && j === 0) || (i === 0 && j === align.length - 1) || (i === align.length - 1 && j === 0);
      if (corner) return;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) setFn(ax + dx, ay + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }),
  );
  /** Writes the format bits for `mask` into `target` (also marks them as function modules). */
  const drawFormat = (mask: number, target: Uint8Array): void => {
    const d = (0 << 3) | mask; // level M = 00
    let rem = d;
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    const bits = ((d << 10) | rem) ^ 0x5412;
    const put = (x: number, y: number, i: number): void => {
      target[y * size + x] = (bits >>> i) & 1;
      fn[y * size + x] = 1;
    };
    for (let i = 0; i <= 5; i++) put(8, i, i);
    put(8, 7, 6);
    put(8, 8, 7);
    put(7, 8, 8);
    for (let i = 9; i < 15; i++) put(14 - i, 8, i);
    for (let i = 0; i < 8; i++) put(size - 1 - i, 8, i);
    for (let i = 8; i < 15; i++) put(8, size - 15 + i, i);
    target[(size - 8) * size + 8] = 1; // the dark module
    fn[(size - 8) * size + 8] = 1;
  };
  drawFormat(0, modules); // reserves the format areas
  if (ver >= 7) {
    let rem = ver;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const bits = (ver << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) !== 0;
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      setFn(a, b, dark);
      setFn(b, a, dark);
    }
  }
  // the codeword bits' places, in the zigzag order
  const order: number[] = [];
  const nDataBits = Math.floor(qrRawModules(ver) / 8) * 8;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? size - 1 - vert : vert;
        if (!fn[y * size + x] && order.length < nDataBits) order.push(y * size + x);
      }
    }
  }
  const chunks = Math.ceil(size / QR_SPAN);
  const masked: Uint8Array[] = [];
  const flips: Int32Array[] = [];
  for (let mask = 0; mask < 8; mask++) {
    const withFormat = modules.slice();
    drawFormat(mask, withFormat);
    const f = new Uint8Array(size * size);
    for (let y = 0, i = 0; y < size; y++) {
      for (let x = 0; x < size; x++, i++) f[i] = (fn[i] === 0 && qrMask(mask, x, y) ? 1 : 0) ^ (withFormat[i] as number) ^ (modules[i] as number);
    }
    masked.push(modules.map((m, i) => m ^ (f[i] as number)));
    flips.push(qrPack(f, size, chunks));
  }
  const dataEntryBit: number[] = [];
  const dataWord: number[] = [];
  const dataWordBit: number[] = [];
  order.forEach((pos, i) => {
    qrModuleWords(pos % size, Math.floor(pos / size), size, chunks, (word, b) => {
      dataEntryBit.push(i);
      dataWord.push(word);
      dataWordBit.push(b);
    });
  });
  const template = qrPack(modules, size, chunks);
  // bit o of word c stands for module c·QR_SPAN − 1 + o
  const starts = (width: number): Int32Array => {
    const out = new Int32Array(chunks);
    for (let c = 0; c < chunks; c++) {
      for (let o = 1; o <= QR_SPAN; o++) if (c * QR_SPAN - 1 + o <= size - width) out[c] = (out[c] as number) | (1 << o);
    }
    return out;
  };
  v = {
    size, chunks, dataOrder: Uint16Array.from(order), masked, template, flips,
    dataEntryBit: Uint16Array.from(dataEntryBit), dataWord: Uint16Array.from(dataWord), dataWordBit: Int32Array.from(dataWordBit),
    dataBits: new Uint8Array(order.length), words: new Int32Array(template.length),
    own: starts(1), block: starts(2), run: starts(5), finder: starts(11),
  };
  qrVersions.set(ver, v);
  return v;
}

/** Packs `m`: the rows' words (row-major), then the columns' words (column-major). */
function qrPack(m: Uint8Array, size: number, chunks: number): Int32Array {
  const out = new Int32Array(2 * size * chunks);
  for (let y = 0, i = 0; y < size; y++) {
    for (let x = 0; x < size; x++, i++) if (m[i]) qrModuleWords(x, y, size, chunks, (word, bit) => (out[word] = (out[word] as number) | bit));
  }
  return out;
}

/** Calls `visit` with each packed word that holds module (x, y), and the module's bit in it. */
function qrModuleWords(x: number, y: number, size: number, chunks: number, visit: (word: number, bit: number) => void): void {
  for (let c = 0; c < chunks; c++) {
    const first = c * QR_SPAN - 1; // the module at bit 0
    if (x >= first && x < first + 32) visit(y * chunks + c, 1 << (x - first));
    if (y >= first && y < first + 32) visit((size + x) * chunks + c, 1 << (y - first));
  }
}

function qrMask(mask: number, x: number, y: number): boolean {
  switch (mask) {
    case 0: return (x + y) % 2 === 0;
    case 1: return y % 2 === 0;
    case 2: return x % 3 === 0;
    case 3: return (x + y) % 3 === 0;
    case 4: return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
    case 5: return ((x * y) % 2) + ((x * y) % 3) === 0;
    case 6: return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
    default: return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * ISO 18004 mask penalty (rules 1–4) of the symbol masked with `mask`; any mask decodes, this only
 * picks the cleanest. Stops early once it reaches `bound` (every rule only adds, and an equal
 * penalty loses to the earlier mask anyway).
 */
function qrPenalty(v: QrVersion, words: Int32Array, mask: number, bound: number): number {
  const { size, chunks, own, block } = v;
  const flips = v.flips[mask] as Int32Array;
  const colsAt = size * chunks; // where the columns' words start
  let p = 0;
  let dark = 0;
  for (let a = 0, k = 0; a < size; a++) {
    for (let c = 0; c < chunks; c++, k++) {
      const r = (words[k] as number) ^ (flips[k] as number);
      p += qrLinePenalty(v, r, c) + qrLinePenalty(v, (words[colsAt + k] as number) ^ (flips[colsAt + k] as number), c);
      dark += popcount(r & (own[c] as number));
      // rule 2: 2×2 blocks of one colour, with their top-left module in this row
      if (a + 1 < size) {
        const below = (words[k + chunks] as number) ^ (flips[k + chunks] as number);
        const vertical = ~(r ^ below); // the module equals the one below
        const blocks = vertical & (vertical >>> 1) & ~(r ^ (r >>> 1)) & (block[c] as number);
        if (blocks !== 0) p += 3 * popcount(blocks);
      }
    }
    if (p >= bound) return p;
  }
  return p + Math.floor((Math.abs(dark * 2 - size * size) * 10) / (size * size)) * 10;
}

/** Rules 1 and 3 for word `c` of one row or column. */
function qrLinePenalty(v: QrVersion, w: number, c: number): number {
  let p = 0;
  // rule 1: a run of L ≥ 5 scores L − 2 = its L − 4 one-colour windows of 5, plus 2 at its start
  // (its first module differs from the one before it, or is the first of the line)
  const same = ~(w ^ (w >>> 1)); // bit o: module o equals module o + 1
  const run5 = same & (same >>> 1) & (same >>> 2) & (same >>> 3) & (v.run[c] as number);
  if (run5 !== 0) p += popcount(run5) + 2 * popcount(run5 & (~(same << 1) | (c === 0 ? 0b10 : 0)));
  // rule 3: dark-light-dark³-light-dark with 4 light modules after it or before it, 40 each
  const core = w & ~(w >>> 1) & (w >>> 2) & (w >>> 3) & (w >>> 4) & ~(w >>> 5) & (w >>> 6);
  if (core !== 0) {
    const light4 = ~(w | (w >>> 1) | (w >>> 2) | (w >>> 3));
    const finders = ((core & (light4 >>> 7)) | (light4 & (core >>> 4))) & (v.finder[c] as number);
    if (finders !== 0) p += 40 * popcount(finders);
  }
  return p;
}
