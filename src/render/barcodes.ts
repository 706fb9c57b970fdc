/**
 * 2D barcodes as module matrices, drawn as vector rectangles by pdf.ts: DataMatrix ECC 200 (the
 * inserter's piece code, datamatrix.ts) and QR (the verification code, qr.ts).
 *
 * Our own encoders, not bwip-js: bwip-js runs the PostScript barcode writer in an emulator and takes
 * longer per symbol than a whole statement's budget (docs/performance.md). Both symbols we print are
 * small and fixed in kind (ASCII DataMatrix up to 48×48, QR versions 1–10, level M), so a direct
 * encoder is short; the tests decode every symbol they draw with dmtxread / zbarimg.
 */

export type { Matrix } from './matrix';
export { dataMatrix } from './datamatrix';
export { qrCode } from './qr';
