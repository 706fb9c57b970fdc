/**
 * The glyph store's subsets are fontkit's own bytes: the same glyph lists through fontkit 2's
 * TTFSubset and through GlyphStore.encode must give identical font programs — for the pinned Noto
 * faces (simple glyphs, long loca) and for DejaVu Sans (composite glyphs, hinting tables), the case
 * where component IDs are renumbered.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { GlyphStore } from '../../src/render/truetype-subset';
import { describeWhen } from '../prerequisites';

const root = path.resolve(__dirname, '../..');
// DejaVu is a test fixture only (composite glyphs, which the pinned Noto faces lack), from Debian's fonts-dejavu-core
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const dejavuMissing = existsSync(DEJAVU) ? null : `${DEJAVU} not found: install fonts-dejavu-core (scripts/test-tools.sh does, as root)`;
const faces = [path.join(root, 'fonts/NotoSansSC-Regular.ttf'), path.join(root, 'fonts/NotoSerifSC-Regular.ttf'), ...(dejavuMissing ? [] : [DEJAVU])];

/** A fixed pseudo-random sequence (the same lists on every run). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe.each(faces)('%s', (file) => {
  const font = fontkit.create(readFileSync(file));
  const store = new GlyphStore(font);
  const fontkitBytes = (gids: number[]): Buffer => {
    const s = font.createSubset();
    for (const g of gids) s.includeGlyph(g);
    return Buffer.from(s.encode());
  };

  it('encodes 40 glyph lists of 1–400 glyphs exactly as fontkit does', () => {
    const next = lcg(20);
    for (let t = 0; t < 40; t++) {
      const gids = [0];
      const n = 1 + Math.floor(next() * 400);
      for (let i = 0; i < n; i++) {
        const g = Math.floor(next() * font.numGlyphs);
        if (!gids.includes(g)) gids.push(g);
      }
      expect(Buffer.from(store.encode(gids)).equals(fontkitBytes(gids))).toBe(true);
    }
  });

  it('gives the same bytes on a second encode (the store does not change what it keeps)', () => {
    const gids = [0, 5, 40, 7, 300];
    const first = Buffer.from(store.encode(gids));
    expect(Buffer.from(store.encode(gids)).equals(first)).toBe(true);
    expect(first.equals(fontkitBytes(gids))).toBe(true);
  });
});

describeWhen(dejavuMissing, 'DejaVu Sans', () => {
  it('has composite glyphs, so the renumbering of components is exercised', () => {
    const font = fontkit.create(readFileSync(DEJAVU));
    const composite = font.getGlyph(font.glyphForCodePoint(0xe9).id)._decode(); // é: e + acute
    expect(composite?.numberOfContours).toBeLessThan(0);
    expect(composite?.components?.length).toBeGreaterThan(1);
  });
});
