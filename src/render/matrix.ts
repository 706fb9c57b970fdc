/** A 2D barcode as modules, drawn as vector rectangles by pdf.ts. */
export interface Matrix {
  width: number;
  height: number;
  /** row-major, 1 = dark module; no quiet zone (the layout keeps one) */
  bits: Uint8Array;
}
