/** What the renderer is given: the layouts and fonts (values, read and checked by src/assets). */
import type { FontFile, Style } from './fonts';
import type { Layout } from './layout-schema';
import type { Distribution, FontRef, LayoutRef } from '../domain/types';

export interface RenderAssets {
  layouts: { file: string; sha256: string; layout: Layout }[];
  fonts: { files: FontFile[]; fallback: Record<Style, string[]> };
}

/**
 * What a package's manifest says it was drawn with: each layout and font file by its hash. The bundle
 * layout (交接清单, parcel label) only in runs that distribute through employers: the others never draw it.
 */
export function assetRefs(assets: RenderAssets, distribution: Distribution = 'home'): { layouts: LayoutRef[]; fonts: FontRef[] } {
  return {
    layouts: assets.layouts.filter((l) => l.layout.type !== 'bundle' || distribution === 'employer').map((l) => ({ id: l.layout.id, version: l.layout.version, sha256: l.sha256 })),
    fonts: assets.fonts.files.map((f) => ({ file: f.file, sha256: f.sha256 })),
  };
}
