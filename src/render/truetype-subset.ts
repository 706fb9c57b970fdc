/**
 * TrueType subsets, byte for byte what fontkit 2's `TTFSubset.encode()` writes, at a fraction of its
 * cost: fontkit decodes every glyph's outline again on each encode (≈ 50 µs a glyph here, most of a
 * small PDF's time); a GlyphStore asks fontkit once per glyph and process (the same calls its subsetter
 * makes) and a subset only assembles the kept bytes. The fixed tables (head, hhea, maxp, prep, …) are
 * fontkit's own, taken from a one-glyph subset of the face. test/render/truetype-subset.test.ts compares
 * the bytes with fontkit's.
 */
import type * as fontkit from 'fontkit';

interface StoredGlyph {
  /** the glyph's glyf record as in the face (component glyph IDs patched per subset) */
  data: Uint8Array;
  /** components of a composite glyph: [byte position of its glyph ID, glyph ID] pairs */
  components: number[];
  advance: number;
  bearing: number;
}

interface FixedTable {
  tag: string;
  bytes: Uint8Array;
}

/** Per face and process: each glyph's bytes and metrics, read through fontkit once. */
export class GlyphStore {
  private readonly glyphs = new Map<number, StoredGlyph>();
  /** fontkit's table order and its encoding of the tables a subset does not change (hhea, maxp: counts patched) */
  private readonly tables: FixedTable[];
  private readonly header: Uint8Array;
  private readonly longLoca: boolean;

  constructor(private readonly font: fontkit.Font) {
    const one = font.createSubset().encode();
    const view = new DataView(one.buffer, one.byteOffset, one.byteLength);
    const count = view.getUint16(4);
    this.header = one.slice(0, 12);
    this.tables = [];
    for (let i = 0; i < count; i++) {
      const at = 12 + i * 16;
      const tag = String.fromCharCode(...one.subarray(at, at + 4));
      const offset = view.getUint32(at + 8);
      this.tables.push({ tag, bytes: one.slice(offset, offset + view.getUint32(at + 12)) });
    }
    this.longLoca = font.loca.version === 1;
    if (font._variationProcessor) throw new Error(`${font.postscriptName}: a variable font (fontkit re-encodes its glyphs): use a static instance`);
  }

  private glyph(gid: number): StoredGlyph {
    let g = this.glyphs.get(gid);
    if (g) return g;
    const glyph = this.font.getGlyph(gid);
    const header = glyph._decode();
    const start = this.font.loca.offsets[gid] ?? 0;
    const end = this.font.loca.offsets[gid + 1] ?? start;
    const stream = this.font._getTableStream('glyf');
    const data = Uint8Array.from(stream.buffer.subarray(stream.pos + start, stream.pos + end));
    const components: number[] = [];
    if (header && header.numberOfContours < 0) for (const c of header.components ?? []) components.push(c.pos, c.glyphID);
    g = { data, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
    this.glyphs.set(gid, g);
    return g;
  }

  /** The font program of `gids` (in CID order; composite glyphs' components are appended as fontkit does). */
  encode(gids: readonly number[]): Uint8Array {
    const order = [...gids];
    const index = new Map<number, number>();
    order.forEach((gid, i) => index.set(gid, i));
    const include = (gid: number): number => {
      let i = index.get(gid);
      if (i === undefined) {
        i = order.length;
        order.push(gid);
        index.set(gid, i);
      }
      return i;
    };
    const records: Uint8Array[] = [];
    const metrics: StoredGlyph[] = [];
    for (let i = 0; i < order.length; i++) {
      const g = this.glyph(order[i] ?? 0);
      let data = g.data;
      if (g.components.length > 0) {
        data = Uint8Array.from(data);
        const view = new DataView(data.buffer);
        for (let k = 0; k < g.components.length; k += 2) view.setUint16(g.components[k] ?? 0, include(g.components[k + 1] ?? 0));
      }
      records.push(data);
      metrics.push(g);
    }
    const n = records.length;
    let glyfLength = 0;
    for (const r of records) glyfLength += r.length;
    const loca = new Uint8Array((n + 1) * (this.longLoca ? 4 : 2));
    const locaView = new DataView(loca.buffer);
    let offset = 0;
    for (let i = 0; i <= n; i++) {
      // fontkit halves short offsets (it assumes even record lengths, as the format does)
      if (this.longLoca) locaView.setUint32(i * 4, offset);
      else locaView.setUint16(i * 2, offset >>> 1);
      offset += records[i]?.length ?? 0;
    }
    const hmtx = new Uint8Array(n * 4);
    const hmtxView = new DataView(hmtx.buffer);
    metrics.forEach((g, i) => {
      hmtxView.setUint16(i * 4, g.advance);
      hmtxView.setInt16(i * 4 + 2, g.bearing);
    });
    const parts = this.tables.map(({ tag, bytes }): Uint8Array | Uint8Array[] => {
      switch (tag) {
        case 'hhea':
          return patch16(bytes, 34, n); // numberOfMetrics
        case 'maxp':
          return patch16(bytes, 4, n); // numGlyphs
        case 'loca':
          return loca;
        case 'glyf':
          return records;
        case 'hmtx':
          return hmtx;
        default:
          return bytes;
      }
    });
    const lengths = parts.map((p) => (Array.isArray(p) ? glyfLength : p.length));
    const dirSize = 12 + 16 * parts.length;
    const out = new Uint8Array(dirSize + lengths.reduce((a, b) => a + b, 0));
    const view = new DataView(out.buffer);
    out.set(this.header, 0);
    let at = dirSize;
    this.tables.forEach(({ tag }, i) => {
      const entry = 12 + i * 16;
      for (let k = 0; k < 4; k++) out[entry + k] = tag.charCodeAt(k);
      // checksums left 0, as fontkit leaves them (PDF readers do not check them)
      view.setUint32(entry + 8, at);
      view.setUint32(entry + 12, lengths[i] ?? 0);
      const p = parts[i] ?? [];
      if (Array.isArray(p)) {
        for (const r of p) {
          out.set(r, at);
          at += r.length;
        }
      } else {
        out.set(p, at);
        at += p.length;
      }
    });
    return out;
  }
}

function patch16(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  new DataView(copy.buffer).setUint16(at, value);
  return copy;
}
