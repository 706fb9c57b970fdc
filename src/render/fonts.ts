/**
 * The font set: faces parsed once per process (fontkit 2), a fallback chain per style, a per-character
 * glyph cache, and per-document subset embedding (CIDFontType2, Identity-H, ToUnicode) written with
 * pdf-lib's low-level objects. fontkit 2 is used directly: @pdf-lib/fontkit blanks CJK glyphs. Subsets
 * are assembled from a per-process glyph store (truetype-subset.ts): fontkit's bytes, not its cost.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import { PDFArray, PDFContext, PDFRef, PDFString } from 'pdf-lib';
import { serializeObjects, type SerializedObjects } from './pdf-writer';
import { GlyphStore } from './truetype-subset';

export type Style = 'regular' | 'bold';

export interface FontFile {
  id: string;
  family: string;
  style: string;
  file: string;
  sha256: string;
  bytes: Uint8Array;
}

export interface FontFaceInfo {
  id: string;
  postscriptName: string;
  font: fontkit.Font;
  glyphs: GlyphStore;
  /** fontkit units → 1000-unit text space */
  scale: number;
}

/** A character resolved to a face of the chain: glyph id and advance in 1000-unit text space. */
export interface Resolved {
  face: number;
  gid: number;
  adv: number;
}

const PT_TO_MM = 25.4 / 72;

export class FontSet {
  readonly faces: FontFaceInfo[];
  private readonly chains: Record<Style, number[]>;
  private readonly cache: Record<Style, Map<number, Resolved | null>> = { regular: new Map(), bold: new Map() };
  /** BMP advances per style (NaN = not yet looked up, -1 = no face has it): measuring is the hot path. */
  private readonly bmpAdvance: Record<Style, Float64Array> = { regular: new Float64Array(0x10000).fill(NaN), bold: new Float64Array(0x10000).fill(NaN) };

  constructor(files: readonly FontFile[], fallback: Record<Style, readonly string[]>) {
    this.faces = files.map((f) => {
      const { font, glyphs } = parseOnce(f);
      return { id: f.id, postscriptName: font.postscriptName, font, glyphs, scale: 1000 / font.unitsPerEm };
    });
    const index = (id: string): number => {
      const i = files.findIndex((f) => f.id === id);
      if (i < 0) throw new Error(`fonts.json: fallback names face "${id}", which is not in faces`);
      return i;
    };
    this.chains = { regular: fallback.regular.map(index), bold: fallback.bold.map(index) };
  }

  /** The first face of the style's chain that has the character, or null (→ UNPRINTABLE_CHARACTER). */
  resolve(cp: number, style: Style): Resolved | null {
    const cache = this.cache[style];
    let r = cache.get(cp);
    if (r !== undefined) return r;
    r = null;
    for (const face of this.chains[style]) {
      const info = this.faces[face];
      if (info?.font.hasGlyphForCodePoint(cp)) {
        const g = info.font.glyphForCodePoint(cp);
        r = { face, gid: g.id, adv: g.advanceWidth * info.scale };
        break;
      }
    }
    cache.set(cp, r);
    return r;
  }

  /** The first character no face of the chain can draw, or null. */
  missing(text: string, style: Style): string | null {
    const bmp = this.bmpAdvance[style];
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp < 0x10000) {
        let adv = bmp[cp] ?? NaN;
        if (Number.isNaN(adv)) bmp[cp] = adv = this.resolve(cp, style)?.adv ?? -1;
        if (adv >= 0 || isLayoutControl(ch)) continue;
        return ch;
      }
      if (this.resolve(cp, style) === null) return ch;
    }
    return null;
  }

  /** Width in mm at `size` points; characters no face has count as one em (they are held anyway). */
  width(text: string, style: Style, size: number): number {
    const bmp = this.bmpAdvance[style];
    let units = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const cp = text.codePointAt(i) ?? 0;
        units += this.resolve(cp, style)?.adv ?? 1000;
        i++;
        continue;
      }
      let adv = bmp[unit] ?? NaN;
      if (Number.isNaN(adv)) {
        adv = this.resolve(unit, style)?.adv ?? -1;
        bmp[unit] = adv;
      }
      units += adv < 0 ? 1000 : adv;
    }
    return (units / 1000) * size * PT_TO_MM;
  }
}

function isLayoutControl(ch: string): boolean {
  return ch === '\n' || ch === '\r' || ch === '\t';
}

/** Parsed faces are shared by every renderer of the process (a face is ~10 MB and takes ~60 ms to open). */
const parsed = new Map<string, { font: fontkit.Font; glyphs: GlyphStore }>();
function parseOnce(f: FontFile): { font: fontkit.Font; glyphs: GlyphStore } {
  let face = parsed.get(f.sha256);
  if (!face) {
    const font = fontkit.create(f.bytes);
    face = { font, glyphs: new GlyphStore(font) };
    parsed.set(f.sha256, face);
  }
  return face;
}

/** What a face's subset embeds, whatever the document: made per document, or once for a shared subset. */
export interface FontProgram {
  baseFont: string;
  /** the TrueType program (deflated unless `plain`) and its length */
  program: Uint8Array;
  length1: number;
  /** the W array, made once for a subset embedded in many documents */
  widths: PDFArray;
  /** the ToUnicode CMap (deflated unless `plain`) */
  toUnicode: Uint8Array;
  plain: boolean;
}

/** One face as embedded in one document: its subset grows as pages use characters. */
export class DocFont {
  readonly ref: PDFRef;
  readonly name: string;
  /** glyph IDs in CID order (CID 0: .notdef) */
  private readonly gids: number[] = [0];
  private readonly hexByCp = new Map<number, string>();
  private readonly cidByGid = new Map<number, number>();
  private readonly widths: number[] = [0];
  private readonly unicode: number[] = [0];

  constructor(
    private readonly context: PDFContext,
    readonly info: FontFaceInfo,
    index: number,
    prefix = 'F',
  ) {
    this.ref = context.nextRef();
    this.name = `${prefix}${index + 1}`;
  }

  /** The 4-hex-digit CID of a character (CID = glyph id in the subset, CIDToGIDMap /Identity). */
  hex(cp: number, r: Resolved): string {
    let h = this.hexByCp.get(cp);
    if (h !== undefined) return h;
    let cid = this.cidByGid.get(r.gid);
    if (cid === undefined) {
      cid = r.gid === 0 ? 0 : this.gids.push(r.gid) - 1;
      this.cidByGid.set(r.gid, cid);
      this.widths[cid] = Math.round(r.adv);
      this.unicode[cid] = cp;
    }
    h = cid.toString(16).padStart(4, '0');
    this.hexByCp.set(cp, h);
    return h;
  }

  /** The CID of a character already in the subset, or undefined. */
  known(cp: number): string | undefined {
    return this.hexByCp.get(cp);
  }

  get used(): boolean {
    return this.cidByGid.size > 0;
  }

  /**
   * The subset's program, widths and ToUnicode map; deflated unless `plain` (a statement's own few
   * glyphs: deflating 10 KB costs ~20× what assembling the subset does, and saves ~2 KB).
   */
  program(plain = false): FontProgram {
    const program = this.info.glyphs.encode(this.gids);
    const gids = [...this.cidByGid.keys()].sort((a, b) => a - b).join(',');
    // The subset tag is derived from the content, so the same pages give the same bytes.
    const digest = createHash('sha256').update(`${this.info.id}:${gids}`).digest();
    const tag = [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
    return {
      baseFont: `${tag}+${this.info.postscriptName}`,
      program: plain ? program : deflateSync(program, { level: 4 }),
      length1: program.length,
      widths: widthsArray(this.context, this.widths),
      toUnicode: plain ? Buffer.from(this.toUnicodeCMap(), 'latin1') : deflateSync(this.toUnicodeCMap()),
      plain,
    };
  }

  /** Writes the Type0 font, its descendant, descriptor, subset program and ToUnicode map. */
  finish(plain = false): void {
    writeFont(this.context, this.ref, this.info, this.program(plain));
  }

  private toUnicodeCMap(): string {
    const lines: string[] = [];
    const entries: string[] = [];
    for (let cid = 1; cid < this.unicode.length; cid++) {
      const cp = this.unicode[cid] ?? 0xfffd;
      entries.push(`<${cid.toString(16).padStart(4, '0')}> <${utf16Hex(cp)}>`);
    }
    for (let i = 0; i < entries.length; i += 100) {
      const chunk = entries.slice(i, i + 100);
      lines.push(`${chunk.length} beginbfchar`, ...chunk, 'endbfchar');
    }
    return [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<0000> <ffff>',
      'endcodespacerange',
      ...lines,
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
    ].join('\n');
  }
}

/** The Type0 font at `ref`, its CIDFontType2 descendant, descriptor, program and ToUnicode map. */
function writeFont(ctx: PDFContext, ref: PDFRef, info: FontFaceInfo, p: FontProgram): void {
  const f = info.font;
  const s = info.scale;
  const fontFile = ctx.register(ctx.stream(p.program, p.plain ? { Length1: p.length1 } : { Filter: 'FlateDecode', Length1: p.length1 }));
  const descriptor = ctx.register(
    ctx.obj({
      Type: 'FontDescriptor',
      FontName: p.baseFont,
      Flags: 4,
      FontBBox: [f.bbox.minX * s, f.bbox.minY * s, f.bbox.maxX * s, f.bbox.maxY * s].map(Math.round),
      ItalicAngle: 0,
      Ascent: Math.round(f.ascent * s),
      Descent: Math.round(f.descent * s),
      CapHeight: Math.round(f.capHeight * s),
      StemV: 80,
      FontFile2: fontFile,
    }),
  );
  const cidFont = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: p.baseFont,
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
      FontDescriptor: descriptor,
      W: p.widths,
      DW: 1000,
      CIDToGIDMap: 'Identity',
    }),
  );
  const toUnicode = ctx.register(ctx.stream(p.toUnicode, p.plain ? {} : { Filter: 'FlateDecode' }));
  ctx.assign(
    ref,
    ctx.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: p.baseFont,
      Encoding: 'Identity-H',
      DescendantFonts: [cidFont],
      ToUnicode: toUnicode,
    }),
  );
}

/**
 * The characters every statement of a layout draws (its headings, labels, digits, punctuation: known
 * from the layout), as one subset per face, encoded and deflated once per renderer: each electronic
 * statement embeds these bytes as they are, and only its own characters (name, address, …) in a small
 * subset of its own. Resource names S1, S2, … beside the document's own F1, F2, ….
 */
export class SharedFonts {
  private readonly faces: ({ font: DocFont; program: FontProgram } | undefined)[];

  constructor(readonly fontSet: FontSet, texts: Record<Style, readonly string[]>) {
    // a context of its own: the objects are written into each document by `write`
    const scratch = PDFContext.create();
    const fonts: (DocFont | undefined)[] = fontSet.faces.map(() => undefined);
    for (const style of ['regular', 'bold'] as const) {
      const cps = new Set<number>();
      for (const text of texts[style]) for (const ch of text) if (!isLayoutControl(ch)) cps.add(ch.codePointAt(0) ?? 0);
      for (const cp of [...cps].sort((a, b) => a - b)) {
        const r = fontSet.resolve(cp, style);
        if (!r) continue;
        const info = fontSet.faces[r.face];
        if (!info) continue;
        const font = (fonts[r.face] ??= new DocFont(scratch, info, r.face, 'S'));
        font.hex(cp, r);
      }
    }
    this.faces = fonts.map((font) => (font ? { font, program: font.program() } : undefined));
  }

  /** The CID of `cp` in face `face`'s shared subset, or undefined (then the document's own subset has it). */
  hex(face: number, cp: number): string | undefined {
    return this.faces[face]?.font.known(cp);
  }

  name(face: number): string {
    const f = this.faces[face];
    if (!f) throw new Error(`font face ${face} has no shared subset`);
    return f.font.name;
  }

  /** Serialized shared fonts by face and first object number: a PDF each has only a few layouts of objects. */
  private readonly serialized = new Map<string, SerializedObjects>();

  /**
   * Face `face`'s shared font (Type0, descendant, descriptor, program, ToUnicode) as the objects `first`,
   * `first + 1`, … of a document: serialized once per face and number, then copied into every document.
   */
  objects(face: number, first: number): SerializedObjects {
    const key = `${face}:${first}`;
    let block = this.serialized.get(key);
    if (!block) {
      const f = this.faces[face];
      if (!f) throw new Error(`font face ${face} has no shared subset`);
      const ctx = PDFContext.create();
      ctx.largestObjectNumber = first - 1;
      writeFont(ctx, ctx.nextRef(), f.font.info, f.program);
      block = serializeObjects(first, ctx.enumerateIndirectObjects().sort((a, b) => a[0].objectNumber - b[0].objectNumber));
      if (this.serialized.size >= SERIALIZED_FONTS) this.serialized.clear();
      this.serialized.set(key, block);
    }
    return block;
  }
}

/** Bound on SharedFonts' serialized fonts (a face's is ~40 KB). */
const SERIALIZED_FONTS = 64;

/** The CIDFont's W array: consecutive CIDs 1..n, so one run is enough. */
function widthsArray(ctx: PDFContext, widths: readonly number[]): PDFArray {
  const w: (number | number[])[] = [];
  for (let cid = 1; cid < widths.length; cid++) {
    if (cid === 1) w.push(1, []);
    (w[w.length - 1] as number[]).push(widths[cid] ?? 1000);
  }
  return ctx.obj(w);
}

/** UTF-16BE hex of a code point (a surrogate pair for CJK Ext. B and beyond). */
function utf16Hex(cp: number): string {
  const s = String.fromCodePoint(cp);
  let out = '';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

