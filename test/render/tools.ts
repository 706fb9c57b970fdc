/** Runs the Debian tools the render tests look with (pdftoppm, tesseract, dmtxread, zbarimg, qpdf, pdffonts). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tmpDir(): { dir: string; done: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-render-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
}

/** Writes the PDF and returns its path. */
export function writePdf(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Rasterizes one page (or a crop of it, in mm) to PNG at `dpi`; returns the PNG path. */
export function rasterize(pdf: string, page: number, dpi: number, crop?: { x: number; y: number; w: number; h: number }): string {
  const out = `${pdf}-p${page}${crop ? `-${crop.x}-${crop.y}` : ''}-${dpi}`;
  const px = (mm: number): string => String(Math.round((mm / 25.4) * dpi));
  const args = ['-r', String(dpi), '-f', String(page), '-l', String(page), '-png', '-singlefile'];
  if (crop) args.push('-x', px(crop.x), '-y', px(crop.y), '-W', px(crop.w), '-H', px(crop.h));
  run('pdftoppm', [...args, pdf, out]);
  return `${out}.png`;
}

/** Grey PGM raster of a page crop: returns width, height and the pixel bytes (0 black … 255 white). */
export function grayCrop(pdf: string, page: number, dpi: number, crop: { x: number; y: number; w: number; h: number }): { width: number; height: number; pixels: Uint8Array } {
  const out = `${pdf}-gray-${page}`;
  const px = (mm: number): string => String(Math.round((mm / 25.4) * dpi));
  run('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-gray', '-singlefile', '-x', px(crop.x), '-y', px(crop.y), '-W', px(crop.w), '-H', px(crop.h), pdf, out]);
  const buf = readFileSync(`${out}.pgm`);
  // P5\n<w> <h>\n255\n<data>
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 50).toString('latin1'));
  if (!header) throw new Error('not a PGM');
  return { width: Number(header[1]), height: Number(header[2]), pixels: buf.subarray(header[0].length) };
}

export function ocr(png: string): string {
  return run('tesseract', [png, '-', '-l', 'chi_sim', '--psm', '6']);
}

export function dmtx(png: string): string[] {
  return run('dmtxread', ['-m', '20000', png]).split('\n').filter(Boolean);
}

export function zbar(png: string): string[] {
  return run('zbarimg', ['-q', '--raw', png]).split('\n').filter(Boolean);
}

/** OCR output without the spaces tesseract puts between CJK characters and digits. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}
