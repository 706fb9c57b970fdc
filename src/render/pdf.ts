/**
 * A small, synchronous PDF builder over pdf-lib's low-level object model: content streams are
 * written as strings and deflated with node's zlib, fixed page parts become Form XObjects, and the
 * file is serialized here (pdf-lib's own writer is async) with fixed IDs and no dates, so the same
 * input gives the same bytes. Pages are serialized as soon as they are added and dropped from the
 * object model: a 5,000-statement part holds its output bytes, not 5,000 pages of objects (≈ 55 MB).
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFContext, PDFDict, PDFHexString, PDFObject, PDFRef, PDFString } from 'pdf-lib';
import { DocFont, FontSet, SharedFonts, Style } from './fonts';
import type { Matrix } from './matrix';
import { ObjectWriter, type ByteSink, type SerializedObjects } from './pdf-writer';

export { collectBytes, type ByteSink } from './pdf-writer';

export const MM = 72 / 25.4;
/** PieceInfo's LastModified: fixed, so that a reprint or a rerun gives the same bytes. */
export const FIXED_PDF_DATE = 'D:20000101000000Z';

/**
 * Page content is drawn in hundredths of a point (the stream starts with SCALE): every coordinate
 * is then an integer, which is fast to print and exact enough (1/100 pt = 3.5 µm).
 */
const SCALE = '0.01 0 0 0.01 0 0 cm\n';
function n(v: number): string {
  return String(Math.round(v * 100));
}
/** Colour components stay 0..1 (they are not coordinates). */
function c(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

interface Segment {
  font: string;
  face: number;
  /** from a shared subset: the same CIDs in every document */
  shared: boolean;
  hex: string;
  /** advance in 1000-unit text space */
  advance: number;
}

/** Deflate level for page content: level 3 is about twice as fast as the default 6 and only a few percent larger. */
const ZLIB = { level: 3 };

/**
 * Deflated page content, in a buffer of its own size: zlib's sync output is a view into a 16 KB chunk,
 * and a part's 10,000 small streams would otherwise keep 10,000 such chunks (≈ 160 MB) alive.
 */
function deflate(content: string): Uint8Array {
  return new Uint8Array(deflateSync(content, ZLIB));
}

/** Cached font runs per document: a 5,000-statement part has ~500,000 distinct texts (≈ 40 MB if all kept). */
const SEGMENT_CACHE = 20_000;

/** Form XObjects kept across documents: a layout's frames and fixed parts, a few dozen per year and agency. */
const SHARED_FORMS = 256;

/** A form's content as deflated once, and the shared subsets it draws with. */
interface KeptForm {
  deflated: Uint8Array;
  faces: number[];
}

/**
 * What the electronic statements of one layout share across their documents (a PDF each): the font
 * subsets of what every statement draws, and the finished content of forms drawn only with them.
 */
export class SharedParts {
  private readonly forms = new Map<string, KeptForm>();
  private readonly runs = new Map<string, Segment[]>();
  constructor(readonly fonts: SharedFonts) {}

  /** The font runs of a text drawn wholly from the shared subsets, if kept. */
  segments(key: string): Segment[] | undefined {
    return this.runs.get(key);
  }

  keepSegments(key: string, segs: Segment[]): void {
    if (this.runs.size >= SEGMENT_CACHE) this.runs.clear();
    this.runs.set(key, segs);
  }

  /** The form of `key` (a key that fixes everything the form draws), if an earlier document drew it. */
  form(key: string): KeptForm | undefined {
    return this.forms.get(key);
  }

  keepForm(key: string, form: KeptForm): void {
    if (this.forms.size >= SHARED_FORMS) this.forms.clear();
    this.forms.set(key, form);
  }
}

export interface PageInfo {
  pieceId: string;
  page: number;
  of: number;
}

export class PdfBuilder {
  readonly context = PDFContext.create();
  private readonly fonts: (DocFont | undefined)[];
  private readonly pageRefs: PDFRef[] = [];
  private readonly pagesRef: PDFRef;
  private readonly xobjects = new Map<string, PDFRef>();
  private readonly xobjectNames = new Map<string, string>();
  private readonly usedFonts = new Set<number>();
  /** faces whose shared subset the document draws from */
  private readonly usedShared = new Set<number>();
  /** Every page and form names the same two resource dictionaries, written last (when the fonts used are known). */
  private readonly fontDictRef: PDFRef;
  private readonly xobjectDictRef: PDFRef;
  private readonly out: ObjectWriter;

  /**
   * The file's bytes go to `sink` in order as objects are finished (1 MiB at a time). With `shared`, the
   * characters it holds come from its subsets (embedded as made once) and the document subsets only the rest.
   */
  constructor(
    readonly fontSet: FontSet,
    private readonly widthMm: number,
    private readonly heightMm: number,
    sink: ByteSink,
    private readonly shared?: SharedParts,
  ) {
    this.out = new ObjectWriter(sink);
    this.fonts = fontSet.faces.map(() => undefined);
    this.pagesRef = this.context.nextRef();
    this.fontDictRef = this.context.nextRef();
    this.xobjectDictRef = this.context.nextRef();
  }

  /** Gives a finished object the next object number and serializes it now: it never sits in the object model. */
  private emit(obj: PDFObject): PDFRef {
    const ref = this.context.nextRef();
    this.out.write(ref, obj);
    return ref;
  }

  private docFont(face: number): DocFont {
    let f = this.fonts[face];
    if (!f) {
      const info = this.fontSet.faces[face];
      if (!info) throw new Error(`font face ${face} is not loaded`);
      f = new DocFont(this.context, info, face);
      this.fonts[face] = f;
    }
    return f;
  }

  private readonly segments = new Map<string, Segment[]>();

  /** The font runs of a string (cached per document: labels and common values recur on every page). */
  private segmentsOf(text: string, style: Style): Segment[] {
    const key = style === 'bold' ? `b${text}` : `r${text}`;
    let segs = this.segments.get(key);
    if (segs) return segs;
    // a label drawn wholly from the shared subsets: the same runs in every document
    segs = this.shared?.segments(key);
    if (segs) {
      for (const seg of segs) this.usedShared.add(seg.face);
      this.segments.set(key, segs);
      return segs;
    }
    segs = [];
    let cur: Segment | undefined;
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      const r = this.fontSet.resolve(cp, style);
      // the printable check holds such records before rendering; refuse rather than print a blank box
      if (r === null) throw new Error(`character U+${cp.toString(16).toUpperCase()} is in no font of the chain`);
      const sharedHex = this.shared?.fonts.hex(r.face, cp);
      let font: string;
      if (sharedHex !== undefined && this.shared) {
        font = this.shared.fonts.name(r.face);
        this.usedShared.add(r.face);
      } else {
        font = this.docFont(r.face).name;
        this.usedFonts.add(r.face);
      }
      if (font !== cur?.font) {
        cur = { font, face: r.face, shared: sharedHex !== undefined, hex: '', advance: 0 };
        segs.push(cur);
      }
      cur.hex += sharedHex ?? this.docFont(r.face).hex(cp, r);
      cur.advance += r.adv;
    }
    // bounded: labels recur on every page, but names, addresses and amounts mostly do not
    if (this.segments.size >= SEGMENT_CACHE) this.segments.clear();
    this.segments.set(key, segs);
    if (this.shared && segs.every((seg) => seg.shared)) this.shared.keepSegments(key, segs);
    return segs;
  }

  /** A fresh content stream for a page or a form (a page of another height than the document's: give it). */
  writer(heightMm: number = this.heightMm): ContentWriter {
    return new ContentWriter(this, heightMm);
  }

  /** @internal used by ContentWriter */
  runs(text: string, style: Style): Segment[] {
    return this.segmentsOf(text, style);
  }

  /** A Form XObject of the page's fixed parts, its content deflated; returns its resource name. */
  private formXObject(key: string, deflated: Uint8Array): string {
    const name = `X${this.xobjects.size + 1}`;
    const ref = this.emit(
      this.context.stream(deflated, {
        Type: 'XObject',
        Subtype: 'Form',
        BBox: [0, 0, this.widthMm * MM, this.heightMm * MM].map((v) => Math.round(v * 100) / 100),
        Resources: this.resources(),
        Filter: 'FlateDecode',
      }),
    );
    this.xobjects.set(key, ref);
    this.xobjectNames.set(key, name);
    return name;
  }

  xobjectName(key: string): string | undefined {
    return this.xobjectNames.get(key);
  }

  /**
   * The named Form XObject, drawn from `draw()` the first time a document needs it. `key` must fix
   * everything `draw()` draws: with shared parts it names the content across documents, and a form
   * drawn only with shared glyphs is drawn and deflated once, then copied into every document.
   */
  form(key: string, draw: () => ContentWriter): string {
    const name = this.xobjectName(key);
    if (name) return name;
    const kept = this.shared?.form(key);
    if (kept) {
      for (const face of kept.faces) this.usedShared.add(face);
      return this.formXObject(key, kept.deflated);
    }
    const content = draw();
    const deflated = deflate(content.toString());
    if (this.shared && !content.ownGlyphs) this.shared.keepForm(key, { deflated, faces: [...content.sharedFaces] });
    return this.formXObject(key, deflated);
  }

  private resources(): PDFDict {
    return this.context.obj({ Font: this.fontDictRef, XObject: this.xobjectDictRef });
  }

  /** Adds a page of the document's size, or of `size` (mm; its content written with `writer(size.height)`). */
  addPage(content: ContentWriter, info: PageInfo, size?: { width: number; height: number }): void {
    const contents = this.emit(this.context.stream(deflate(content.toString()), { Filter: 'FlateDecode' }));
    const piece = this.context.obj({
      siprint: {
        LastModified: PDFString.of(FIXED_PDF_DATE),
        Private: { Piece: PDFString.of(escapeLiteral(info.pieceId)), Page: info.page, Of: info.of },
      },
    });
    const page = this.context.obj({
      Type: 'Page',
      Parent: this.pagesRef,
      MediaBox: [0, 0, (size?.width ?? this.widthMm) * MM, (size?.height ?? this.heightMm) * MM].map((v) => Math.round(v * 100) / 100),
      Resources: this.resources(),
      Contents: contents,
      PieceInfo: piece,
    });
    this.pageRefs.push(this.emit(page));
  }

  get pageCount(): number {
    return this.pageRefs.length;
  }

  /** Writes fonts, resources, page tree, catalog and info, and the file's tail; returns the file's size. `idSeed` fixes the file ID. */
  finish(title: string, idSeed: string): number {
    const ctx = this.context;
    const fontDict: Record<string, PDFRef> = {};
    this.fonts.forEach((f) => {
      if (f?.used) {
        f.finish(this.shared !== undefined);
        fontDict[f.name] = f.ref;
      }
    });
    // the shared fonts come as bytes serialized once, numbered as they would have been written here
    const blocks: SerializedObjects[] = [];
    if (this.shared)
      for (const face of [...this.usedShared].sort((a, b) => a - b)) {
        const block = this.shared.fonts.objects(face, ctx.largestObjectNumber + 1);
        for (let i = 0; i < block.offsets.length; i++) ctx.nextRef();
        fontDict[this.shared.fonts.name(face)] = PDFRef.of(block.first);
        blocks.push(block);
      }
    const xobjectDict: Record<string, PDFRef> = {};
    [...this.xobjects.values()].forEach((ref, i) => (xobjectDict[`X${i + 1}`] = ref));
    ctx.assign(this.fontDictRef, ctx.obj(fontDict));
    ctx.assign(this.xobjectDictRef, ctx.obj(xobjectDict));
    ctx.assign(this.pagesRef, ctx.obj({ Type: 'Pages', Kids: this.pageRefs, Count: this.pageRefs.length }));
    const catalog = ctx.register(ctx.obj({ Type: 'Catalog', Pages: this.pagesRef }));
    const info = ctx.register(
      ctx.obj({ Title: PDFHexString.fromText(title), Producer: PDFString.of('siprint'), Creator: PDFString.of('siprint') }),
    );
    for (const [ref, obj] of ctx.enumerateIndirectObjects().sort((a, b) => a[0].objectNumber - b[0].objectNumber)) {
      while (blocks[0] && blocks[0].first < ref.objectNumber) this.out.copy(blocks.shift() as SerializedObjects);
      this.out.write(ref, obj);
    }
    for (const block of blocks) this.out.copy(block);
    const id = createHash('sha256').update(idSeed).digest('hex').slice(0, 32);
    return this.out.end(ctx.largestObjectNumber + 1, catalog, info, id);
  }
}

/** Collects one content stream: graphics first (rules, boxes, barcodes), then all text in one BT block. */
export class ContentWriter {
  private g = SCALE;
  private t = '';
  private font = '';
  private size = -1;
  /** draws a glyph of the document's own subsets (its CIDs are this document's) */
  ownGlyphs = false;
  /** the faces whose shared subsets it draws from */
  readonly sharedFaces = new Set<number>();

  constructor(
    private readonly pdf: PdfBuilder,
    private readonly heightMm: number,
  ) {}

  /** Draws `text` with its left end at (x, baseline y), in mm from the top-left. */
  text(x: number, y: number, size: number, style: Style, text: string): this {
    let px = x * MM;
    const py = n((this.heightMm - y) * MM);
    for (const seg of this.pdf.runs(text, style)) {
      if (seg.shared) this.sharedFaces.add(seg.face);
      else this.ownGlyphs = true;
      if (seg.font !== this.font || size !== this.size) {
        this.font = seg.font;
        this.size = size;
        this.t += `/${seg.font} ${n(size)} Tf\n`;
      }
      this.t += `1 0 0 1 ${n(px)} ${py} Tm <${seg.hex}> Tj\n`;
      px += (seg.advance / 1000) * size;
    }
    return this;
  }

  line(x1: number, y1: number, x2: number, y2: number, widthPt: number, gray: number): this {
    const H = this.heightMm;
    this.g += `${c(gray)} G ${n(widthPt)} w ${n(x1 * MM)} ${n((H - y1) * MM)} m ${n(x2 * MM)} ${n((H - y2) * MM)} l S\n`;
    return this;
  }

  rect(x: number, y: number, w: number, h: number, widthPt: number, gray: number): this {
    this.g += `${c(gray)} G ${n(widthPt)} w ${n(x * MM)} ${n((this.heightMm - y - h) * MM)} ${n(w * MM)} ${n(h * MM)} re S\n`;
    return this;
  }

  /** A stroked rectangle in CMYK (the envelope's red postcode boxes). */
  rectCmyk(x: number, y: number, w: number, h: number, widthPt: number, cmyk: readonly number[]): this {
    this.g += `q ${cmyk.map(c).join(' ')} K ${n(widthPt)} w ${n(x * MM)} ${n((this.heightMm - y - h) * MM)} ${n(w * MM)} ${n(h * MM)} re S Q\n`;
    return this;
  }

  /**
   * A 2D barcode as filled vector rectangles, `size` mm square: drawn in module units under a `cm`
   * (y down), one rectangle per run of dark modules in a row — short operators, small streams.
   */
  matrix(x: number, y: number, size: number, m: Matrix): this {
    const mod = (size / Math.max(m.width, m.height)) * MM * 100;
    const k = String(Math.round(mod * 1000) / 1000);
    let out = `q ${k} 0 0 -${k} ${n(x * MM)} ${n((this.heightMm - y) * MM)} cm 0 g\n`;
    const { width, height, bits } = m;
    for (let row = 0; row < height; row++) {
      let col = 0;
      while (col < width) {
        if (bits[row * width + col] === 0) {
          col++;
          continue;
        }
        const start = col;
        while (col < width && bits[row * width + col] === 1) col++;
        out += `${start} ${row} ${col - start} 1 re\n`;
      }
    }
    this.g += `${out}f Q\n`;
    return this;
  }

  /** Draws a Form XObject (the fixed page parts) under everything else. */
  form(name: string): this {
    this.g = `q /${name} Do Q\n${this.g}`;
    return this;
  }

  toString(): string {
    return this.t === '' ? this.g : `${this.g}BT\n${this.t}ET\n`;
  }
}

/** PDFString.of takes the literal's inside as is: escape what would end or break it. */
function escapeLiteral(s: string): string {
  return s.replace(/[\\()]/g, (ch) => `\\${ch}`);
}
