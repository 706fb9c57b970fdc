/**
 * 2D barcodes as module matrices, drawn as vector rectangles by pdf.ts: DataMatrix ECC 200 (the
 * inserter's piece code) and QR (the verification code).
 *
 * Why our own encoders: bwip-js runs the PostScript barcode writer in an emulator and measured here
 * 2.3 ms per DataMatrix and 1.4–1.9 ms per QR — more than the whole page budget at 600 statements/s.
 * Both symbols we print are small and fixed in kind (ASCII DataMatrix up to 48×48, QR versions 1–10,
 * level M), so a direct encoder is short; the tests decode every one with dmtxread / zbarimg, and
 * compare with bwip-js module for module.
 */

export interface Matrix {
  width: number;
  height: number;
  /** row-major, 1 = dark module; no quiet zone (the layout keeps one) */
  bits: Uint8Array;
}

// ---------- Galois field arithmetic for Reed–Solomon ----------

function gfTables(poly: number): { exp: Uint8Array; log: Uint8Array } {
  const exp = new Uint8Array(512);
  const log = new Uint8Array(256);
  let x = 1;
  for (let i = 0; i < 255; i++) {
    exp[i] = x;
    log[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= poly;
  }
  for (let i = 255; i < 512; i++) exp[i] = exp[i - 255] ?? 0;
  return { exp, log };
}

class ReedSolomon {
  private readonly exp: Uint8Array;
  private readonly log: Uint8Array;
  private readonly generators = new Map<number, Uint8Array>();

  /** `firstRoot`: 0 for QR (roots α^0…α^(n−1)), 1 for DataMatrix (α^1…α^n). */
  constructor(poly: number, private readonly firstRoot: number) {
    ({ exp: this.exp, log: this.log } = gfTables(poly));
  }

  private mul(a: number, b: number): number {
    return a === 0 || b === 0 ? 0 : (this.exp[(this.log[a] ?? 0) + (this.log[b] ?? 0)] ?? 0);
  }

  /** Generator polynomial coefficients, highest degree first (leading 1 dropped). */
  private generator(n: number): Uint8Array {
    let g = this.generators.get(n);
    if (g) return g;
    let poly = [1];
    for (let i = 0; i < n; i++) {
      const root = this.exp[i + this.firstRoot] ?? 0;
      const next = new Array<number>(poly.length + 1).fill(0);
      poly.forEach((c, j) => {
        next[j] = (next[j] ?? 0) ^ c;
        next[j + 1] = (next[j + 1] ?? 0) ^ this.mul(c, root);
      });
      poly = next;
    }
    g = Uint8Array.from(poly.slice(1));
    this.generators.set(n, g);
    return g;
  }

  /** The n check codewords for `data` (systematic encoding). */
  ecc(data: ArrayLike<number>, n: number): Uint8Array {
    const g = this.generator(n);
    const r = new Uint8Array(n);
    for (let i = 0; i < data.length; i++) {
      const f = (data[i] ?? 0) ^ (r[0] ?? 0);
      r.copyWithin(0, 1);
      r[n - 1] = 0;
      if (f !== 0) for (let j = 0; j < n; j++) r[j] = (r[j] ?? 0) ^ this.mul(g[j] ?? 0, f);
    }
    return r;
  }
}

const rsDataMatrix = new ReedSolomon(0x12d, 1);
const rsQr = new ReedSolomon(0x11d, 0);

// ---------- DataMatrix ECC 200 (square symbols, ASCII encodation) ----------

/** [symbol size, data region size, data codewords, check codewords] — single-block symbols. */
const DM_SIZES: readonly (readonly [number, number, number, number])[] = [
  [10, 8, 3, 5], [12, 10, 5, 7], [14, 12, 8, 10], [16, 14, 12, 12], [18, 16, 18, 14], [20, 18, 22, 18],
  [22, 20, 30, 20], [24, 22, 36, 24], [26, 24, 44, 28], [32, 14, 62, 36], [36, 16, 86, 42], [40, 18, 114, 48],
  [44, 20, 144, 56], [48, 22, 174, 68],
];

function dmCodewords(text: string): number[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    const next = bytes[i + 1];
    if (b >= 0x30 && b <= 0x39 && next !== undefined && next >= 0x30 && next <= 0x39) {
      out.push(130 + (b - 0x30) * 10 + (next - 0x30)); // two digits in one codeword
      i++;
    } else if (b < 128) out.push(b + 1);
    else out.push(235, b - 127); // upper shift
  }
  return out;
}

export function dataMatrix(text: string): Matrix {
  const data = dmCodewords(text);
  const size = DM_SIZES.find((s) => s[2] >= data.length);
  if (!size) throw new Error(`DataMatrix: ${data.length} codewords is more than a 48×48 symbol holds`);
  const [symbol, region, capacity, checks] = size;
  for (let pos = data.length; pos < capacity; pos++) {
    if (pos === data.length) data.push(129);
    else {
      const r = ((149 * (pos + 1)) % 253) + 1; // the 253-state pad randomizer (1-based position)
      const v = 129 + r;
      data.push(v > 254 ? v - 254 : v);
    }
  }
  const codewords = [...data, ...rsDataMatrix.ecc(data, checks)];
  const regions = Math.round(symbol / (region + 2));
  const mapped = region * regions;
  const placed = dmPlacement(codewords, mapped, mapped);

  const bits = new Uint8Array(symbol * symbol);
  const set = (x: number, y: number, dark: boolean): void => {
    bits[y * symbol + x] = dark ? 1 : 0;
  };
  let my = 0;
  for (let y = 0; y < mapped; y++) {
    if (y % region === 0) {
      for (let x = 0; x < symbol; x++) set(x, my, x % 2 === 0); // clock track on top
      my++;
    }
    let mx = 0;
    for (let x = 0; x < mapped; x++) {
      if (x % region === 0) set(mx++, my, true); // solid left edge
      set(mx++, my, placed[y * mapped + x] === 1);
      if (x % region === region - 1) set(mx++, my, y % 2 === 0); // clock track on the right
    }
    my++;
    if (y % region === region - 1) {
      for (let x = 0; x < symbol; x++) set(x, my, true); // solid bottom edge
      my++;
    }
  }
  return { width: symbol, height: symbol, bits };
}

/** ECC 200 module placement (ISO/IEC 16022 Annex F). */
function dmPlacement(codewords: number[], numRows: number, numCols: number): Int8Array {
  const grid = new Int8Array(numRows * numCols).fill(-1);
  const has = (col: number, row: number): boolean => (grid[row * numCols + col] ?? -1) >= 0;
  const module = (row: number, col: number, pos: number, bit: number): void => {
    if (row < 0) {
      row += numRows;
      col += 4 - ((numRows + 4) % 8);
    }
    if (col < 0) {
      col += numCols;
      row += 4 - ((numCols + 4) % 8);
    }
    const v = (codewords[pos] ?? 0) & (1 << (8 - bit));
    grid[row * numCols + col] = v !== 0 ? 1 : 0;
  };
  const utah = (row: number, col: number, pos: number): void => {
    module(row - 2, col - 2, pos, 1);
    module(row - 2, col - 1, pos, 2);
    module(row - 1, col - 2, pos, 3);
    module(row - 1, col - 1, pos, 4);
    module(row - 1, col, pos, 5);
    module(row, col - 2, pos, 6);
    module(row, col - 1, pos, 7);
    module(row, col, pos, 8);
  };
  const corner = (cells: readonly (readonly [number, number])[], pos: number): void => {
    cells.forEach(([r, c], i) => module(r, c, pos, i + 1));
  };
  const R = numRows;
  const C = numCols;
  let pos = 0;
  let row = 4;
  let col = 0;
  do {
    if (row === R && col === 0) corner([[R - 1, 0], [R - 1, 1], [R - 1, 2], [0, C - 2], [0, C - 1], [1, C - 1], [2, C - 1], [3, C - 1]], pos++);
    if (row === R - 2 && col === 0 && C % 4 !== 0) corner([[R - 3, 0], [R - 2, 0], [R - 1, 0], [0, C - 4], [0, C - 3], [0, C - 2], [0, C - 1], [1, C - 1]], pos++);
    if (row === R - 2 && col === 0 && C % 8 === 4) corner([[R - 3, 0], [R - 2, 0], [R - 1, 0], [0, C - 2], [0, C - 1], [1, C - 1], [2, C - 1], [3, C - 1]], pos++);
    if (row === R + 4 && col === 2 && C % 8 === 0) corner([[R - 1, 0], [R - 1, C - 1], [0, C - 3], [0, C - 2], [0, C - 1], [1, C - 3], [1, C - 2], [1, C - 1]], pos++);
    do {
      if (row < R && col >= 0 && !has(col, row)) utah(row, col, pos++);
      row -= 2;
      col += 2;
    } while (row >= 0 && col < C);
    row++;
    col += 3;
    do {
      if (row >= 0 && col < C && !has(col, row)) utah(row, col, pos++);
      row += 2;
      col -= 2;
    } while (row < R && col >= 0);
    row += 3;
    col++;
  } while (row < R || col < C);
  if (!has(C - 1, R - 1)) {
    grid[(R - 1) * C + (C - 1)] = 1;
    grid[(R - 2) * C + (C - 2)] = 1;
  }
  return grid;
}

// ---------- QR code (versions 1–10, error correction level M) ----------

const QR_ECC_PER_BLOCK_M = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26];
const QR_BLOCKS_M = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5];
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

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

export function qrCode(text: string): Matrix {
  // segment: alphanumeric when it can be (the verification code is), else UTF-8 bytes
  const alnum = [...text].every((c) => ALNUM.includes(c));
  const bytes = alnum ? [] : [...Buffer.from(text, 'utf8')];
  const bitsFor = (ver: number): number => {
    if (alnum) return 4 + (ver < 10 ? 9 : 11) + Math.floor(text.length / 2) * 11 + (text.length % 2) * 6;
    return 4 + (ver < 10 ? 8 : 16) + bytes.length * 8;
  };
  let ver = 1;
  while (ver <= 10 && bitsFor(ver) > qrDataCodewords(ver) * 8) ver++;
  if (ver > 10) throw new Error(`QR: ${text.length} characters is more than version 10-M holds`);
  const capacity = qrDataCodewords(ver);

  const bb: number[] = [];
  const put = (value: number, n: number): void => {
    for (let i = n - 1; i >= 0; i--) bb.push((value >>> i) & 1);
  };
  if (alnum) {
    put(0x2, 4);
    put(text.length, ver < 10 ? 9 : 11);
    for (let i = 0; i + 1 < text.length; i += 2) put(ALNUM.indexOf(text[i] ?? '') * 45 + ALNUM.indexOf(text[i + 1] ?? ''), 11);
    if (text.length % 2 === 1) put(ALNUM.indexOf(text[text.length - 1] ?? ''), 6);
  } else {
    put(0x4, 4);
    put(bytes.length, ver < 10 ? 8 : 16);
    for (const b of bytes) put(b, 8);
  }
  put(0, Math.min(4, capacity * 8 - bb.length));
  put(0, (8 - (bb.length % 8)) % 8);
  const data: number[] = [];
  for (let i = 0; i < bb.length; i += 8) data.push(bb.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; data.length < capacity; pad ^= 0xec ^ 0x11) data.push(pad);

  // split into blocks, add check codewords, interleave
  const numBlocks = QR_BLOCKS_M[ver] ?? 1;
  const eccLen = QR_ECC_PER_BLOCK_M[ver] ?? 0;
  const raw = Math.floor(qrRawModules(ver) / 8);
  const numShort = numBlocks - (raw % numBlocks);
  const shortLen = Math.floor(raw / numBlocks);
  const blocks: number[][] = [];
  for (let i = 0, k = 0; i < numBlocks; i++) {
    const dat = data.slice(k, k + shortLen - eccLen + (i < numShort ? 0 : 1));
    k += dat.length;
    const ecc = rsQr.ecc(dat, eccLen);
    if (i < numShort) dat.push(0);
    blocks.push([...dat, ...ecc]);
  }
  const codewords: number[] = [];
  for (let i = 0; i < (blocks[0]?.length ?? 0); i++) {
    blocks.forEach((b, j) => {
      if (i !== shortLen - eccLen || j >= numShort) codewords.push(b[i] ?? 0);
    });
  }

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
  const drawFormat = (mask: number, target: Uint8Array = modules): void => {
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
  drawFormat(0); // reserves the format areas
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
  // codewords in the zigzag order
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? size - 1 - vert : vert;
        if (!fn[y * size + x] && i < codewords.length * 8) {
          modules[y * size + x] = ((codewords[i >>> 3] ?? 0) >>> (7 - (i & 7))) & 1;
          i++;
        }
      }
    }
  }
  // the mask with the lowest penalty; the masks' XOR patterns are computed once per version
  let patterns = maskPatterns.get(ver);
  if (!patterns) {
    patterns = [];
    for (let mask = 0; mask < 8; mask++) {
      const pat = new Uint8Array(size * size);
      for (let y = 0, i = 0; y < size; y++) for (let x = 0; x < size; x++, i++) pat[i] = fn[i] === 0 && qrMask(mask, x, y) ? 1 : 0;
      patterns.push(pat);
    }
    maskPatterns.set(ver, patterns);
  }
  let best = modules;
  let bestPenalty = Infinity;
  patterns.forEach((pat, mask) => {
    const m = new Uint8Array(size * size);
    for (let i = 0; i < m.length; i++) m[i] = (modules[i] as number) ^ (pat[i] as number);
    drawFormat(mask, m);
    const p = qrPenalty(m, size);
    if (p < bestPenalty) {
      bestPenalty = p;
      best = m;
    }
  });
  return { width: size, height: size, bits: best };
}

/** Per version: for each of the 8 masks, 1 where the mask flips a (non-function) module. */
const maskPatterns = new Map<number, Uint8Array[]>();

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

/** ISO 18004 mask penalty (rules 1–4); any mask decodes, this only picks the cleanest. */
function qrPenalty(m: Uint8Array, size: number): number {
  let p = 0;
  let dark = 0;
  // rows and columns in one pass each: runs of 5+ (rule 1) and finder-like windows (rule 3)
  for (let a = 0; a < size; a++) {
    let runH = 1;
    let runV = 1;
    let winH = 0;
    let winV = 0;
    let prevH = -1;
    let prevV = -1;
    for (let b = 0; b < size; b++) {
      const h = m[a * size + b] as number;
      const v = m[b * size + a] as number;
      dark += h;
      if (h === prevH) runH++;
      else {
        if (runH >= 5) p += runH - 2;
        runH = 1;
        prevH = h;
      }
      if (v === prevV) runV++;
      else {
        if (runV >= 5) p += runV - 2;
        runV = 1;
        prevV = v;
      }
      winH = ((winH << 1) | h) & 0x7ff;
      winV = ((winV << 1) | v) & 0x7ff;
      if (b >= 10) {
        if (winH === 0x5d0 || winH === 0x05d) p += 40;
        if (winV === 0x5d0 || winV === 0x05d) p += 40;
      }
    }
    if (runH >= 5) p += runH - 2;
    if (runV >= 5) p += runV - 2;
  }
  // rule 2: 2×2 blocks of one colour
  for (let y = 0; y + 1 < size; y++) {
    for (let x = 0; x + 1 < size; x++) {
      const i = y * size + x;
      const c = m[i];
      if (c === m[i + 1] && c === m[i + size] && c === m[i + size + 1]) p += 3;
    }
  }
  return p + Math.floor((Math.abs(dark * 2 - size * size) * 10) / (size * size)) * 10;
}
