// The small part of fontkit 2's API that siprint uses (the package ships no type declarations).
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    advanceWidth: number;
    codePoints: number[];
    /** internal (fontkit 2.0.x), as its TTFSubset uses it: the glyf header; components of a composite glyph */
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    /** internal (fontkit 2.0.x): hmtx metrics */
    _getMetrics(): { leftBearing: number };
  }
  export interface Subset {
    includeGlyph(glyph: number | Glyph): number;
    encode(): Uint8Array;
  }
  export interface Font {
    postscriptName: string;
    familyName: string;
    unitsPerEm: number;
    numGlyphs: number;
    ascent: number;
    descent: number;
    capHeight: number;
    italicAngle: number;
    bbox: { minX: number; minY: number; maxX: number; maxY: number };
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    getGlyph(id: number): Glyph;
    createSubset(): Subset;
    /** internal (fontkit 2.0.x), as its TTFSubset uses them */
    loca: { version: number; offsets: number[] };
    _getTableStream(tag: string): { buffer: Uint8Array; pos: number };
    _variationProcessor?: unknown;
    layout(text: string, features?: string[]): { glyphs: Glyph[]; positions: { xAdvance: number }[] };
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
