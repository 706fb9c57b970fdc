/** DataMatrix ECC 200 (square symbols, ASCII encodation): the inserter's piece code. */
import type { Matrix } from './matrix';
import { ReedSolomon } from './reed-solomon';

const rsDataMatrix = new ReedSolomon(0x12d, 1);

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
