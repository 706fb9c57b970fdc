/**
 * A small, synchronous PDF builder over pdf-lib's low-level object model: content streams are
 * written as strings and deflated with node's zlib, fixed page parts become Form XObjects, and the
 * file is serialized here (pdf-lib's own writer is async) with fixed IDs and no dates, so the same
 * input gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFContext, PDFDict, PDFHexString, PDFName, PDFObject, PDFRef, PDFString } from 'pdf-lib';
import { DocFont, FontSet, Style } from './fonts';
import type { Matrix } from './barcodes';

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
  hex: string;
  /** advance in 1000-unit text space */
  advance: number;
}

/** Deflate level for page content: level 3 is about twice as fast as the default 6 and only a few percent larger. */
const ZLIB = { level: 3 };

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

  constructor(
    readonly fontSet: FontSet,
    private readonly widthMm: number,
    private readonly heightMm: number,
  ) {
    this.fonts = fontSet.faces.map(() => undefined);
    this.pagesRef = this.context.nextRef();
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
    segs = [];
    let face = -1;
    let cur: Segment | undefined;
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      const r = this.fontSet.resolve(cp, style);
      // the printable check holds such records before rendering; refuse rather than print a blank box
      if (r === null) throw new Error(`character U+${cp.toString(16).toUpperCase()} is in no font of the chain`);
      if (r.face !== face || !cur) {
        face = r.face;
        this.usedFonts.add(face);
        cur = { font: this.docFont(face).name, hex: '', advance: 0 };
        segs.push(cur);
      }
      cur.hex += this.docFont(face).hex(cp, r);
      cur.advance += r.adv;
    }
    this.segments.set(key, segs);
    return segs;
  }

  /** A fresh content stream for a page or a form. */
  writer(): ContentWriter {
    return new ContentWriter(this, this.heightMm);
  }

  /** @internal used by ContentWriter */
  runs(text: string, style: Style): Segment[] {
    return this.segmentsOf(text, style);
  }

  /** A Form XObject drawn once per document (the page's fixed parts); returns its resource name. */
  formXObject(key: string, content: ContentWriter): string {
    const name = `X${this.xobjects.size + 1}`;
    const ref = this.context.register(
      this.context.stream(deflateSync(content.toString(), ZLIB), {
        Type: 'XObject',
        Subtype: 'Form',
        BBox: [0, 0, this.widthMm * MM, this.heightMm * MM].map((v) => Math.round(v * 100) / 100),
        Resources: this.fontResourcesPlaceholder(),
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

  /** The named Form XObject, drawn from `draw()` the first time a document needs it. */
  form(key: string, draw: () => ContentWriter): string {
    return this.xobjectName(key) ?? this.formXObject(key, draw());
  }

  private resourceDicts: PDFDict[] = [];
  /** Resources are filled in at the end, when the fonts the document used are known. */
  private fontResourcesPlaceholder(): PDFDict {
    const d = this.context.obj({});
    this.resourceDicts.push(d);
    return d;
  }

  addPage(content: ContentWriter, info: PageInfo): void {
    const contents = this.context.register(this.context.stream(deflateSync(content.toString(), ZLIB), { Filter: 'FlateDecode' }));
    const piece = this.context.obj({
      siprint: {
        LastModified: PDFString.of(FIXED_PDF_DATE),
        Private: { Piece: PDFString.of(escapeLiteral(info.pieceId)), Page: info.page, Of: info.of },
      },
    });
    const page = this.context.obj({
      Type: 'Page',
      Parent: this.pagesRef,
      MediaBox: [0, 0, this.widthMm * MM, this.heightMm * MM].map((v) => Math.round(v * 100) / 100),
      Resources: this.fontResourcesPlaceholder(),
      Contents: contents,
      PieceInfo: piece,
    });
    this.pageRefs.push(this.context.register(page));
  }

  get pageCount(): number {
    return this.pageRefs.length;
  }

  /** Writes fonts, page tree, catalog and info, and serializes the file. `idSeed` fixes the file ID. */
  finish(title: string, idSeed: string): Uint8Array {
    const ctx = this.context;
    const fontDict: Record<string, PDFRef> = {};
    this.fonts.forEach((f) => {
      if (f?.used) {
        f.finish();
        fontDict[f.name] = f.ref;
      }
    });
    const xobjectDict: Record<string, PDFRef> = {};
    [...this.xobjects.values()].forEach((ref, i) => (xobjectDict[`X${i + 1}`] = ref));
    const fonts = ctx.register(ctx.obj(fontDict));
    const xobjects = ctx.register(ctx.obj(xobjectDict));
    for (const d of this.resourceDicts) {
      d.set(PDFName.of('Font'), fonts);
      d.set(PDFName.of('XObject'), xobjects);
    }
    ctx.assign(
      this.pagesRef,
      ctx.obj({ Type: 'Pages', Kids: this.pageRefs, Count: this.pageRefs.length }),
    );
    const catalog = ctx.register(ctx.obj({ Type: 'Catalog', Pages: this.pagesRef }));
    const info = ctx.register(
      ctx.obj({ Title: PDFHexString.fromText(title), Producer: PDFString.of('siprint'), Creator: PDFString.of('siprint') }),
    );
    const id = createHash('sha256').update(idSeed).digest('hex').slice(0, 32);
    return serialize(ctx, catalog, info, id);
  }
}

/** Collects one content stream: graphics first (rules, boxes, barcodes), then all text in one BT block. */
export class ContentWriter {
  private g = SCALE;
  private t = '';
  private font = '';
  private size = -1;

  constructor(
    private readonly pdf: PdfBuilder,
    private readonly heightMm: number,
  ) {}

  /** Draws `text` with its left end at (x, baseline y), in mm from the top-left. */
  text(x: number, y: number, size: number, style: Style, text: string): this {
    let px = x * MM;
    const py = n((this.heightMm - y) * MM);
    for (const seg of this.pdf.runs(text, style)) {
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

/** Classic xref-table serialization (no object streams): simple, fast, and every reader takes it. */
function serialize(ctx: PDFContext, root: PDFRef, info: PDFRef, id: string): Uint8Array {
  const chunks: Buffer[] = [];
  let offset = 0;
  const push = (b: Buffer): void => {
    chunks.push(b);
    offset += b.length;
  };
  push(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
  const objects = ctx.enumerateIndirectObjects().sort((a, b) => a[0].objectNumber - b[0].objectNumber);
  const size = (objects[objects.length - 1]?.[0].objectNumber ?? 0) + 1;
  const offsets = new Array<number>(size).fill(-1);
  for (const [ref, obj] of objects) {
    offsets[ref.objectNumber] = offset;
    push(Buffer.from(`${ref.objectNumber} 0 obj\n`, 'latin1'));
    push(bytesOf(obj));
    push(Buffer.from('\nendobj\n', 'latin1'));
  }
  const xref = offset;
  let table = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let i = 1; i < size; i++) {
    const o = offsets[i] ?? -1;
    table += o < 0 ? '0000000000 65535 f \n' : `${String(o).padStart(10, '0')} 00000 n \n`;
  }
  const trailer = `trailer\n<< /Size ${size} /Root ${root.toString()} /Info ${info.toString()} /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  push(Buffer.from(table + trailer, 'latin1'));
  return Buffer.concat(chunks, offset);
}

function bytesOf(obj: PDFObject): Buffer {
  const buf = Buffer.alloc(obj.sizeInBytes());
  obj.copyBytesInto(buf, 0);
  return buf;
}

