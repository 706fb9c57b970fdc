/**
 * 2D barcodes as module matrices (drawn as vector rectangles by pdf.ts).
 * DataMatrix (the inserter's piece code) and QR (the verification code).
 */
import bwipjs from 'bwip-js';

export interface Matrix {
  width: number;
  height: number;
  /** row-major, 1 = dark module; no quiet zone (the layout keeps one) */
  bits: Uint8Array;
}

function fromBwip(bcid: string, text: string, opts: string): Matrix {
  const out = bwipjs.raw(bcid, text, opts)[0];
  if (!out || !('pixs' in out)) throw new Error(`bwip-js gave no matrix for ${bcid}`);
  return { width: out.pixx, height: out.pixy, bits: Uint8Array.from(out.pixs) };
}

export function dataMatrix(text: string): Matrix {
  return fromBwip('datamatrix', text, '');
}

export function qrCode(text: string): Matrix {
  return fromBwip('qrcode', text, 'eclevel=M');
}
