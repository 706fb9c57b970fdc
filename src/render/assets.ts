/** What the renderer is given: the layouts and fonts (values, read and checked by src/assets). */
import type { FontFile, Style } from './fonts';
import type { Layout } from './layout-schema';
import type { FontRef, LayoutRef } from '../domain/types';

export interface RenderAssets {
  layouts: { file: string; sha256: string; layout: Layout }[];
  fonts: { files: FontFile[]; fallback: Record<Style, string[]> };
}

/** What a package's manifest says it was drawn with: each layout and font file by its hash. */
export function assetRefs(assets: RenderAssets): { layouts: LayoutRef[]; fonts: FontRef[] } {
  return {
    layouts: assets.layouts.map((l) => ({ id: l.layout.id, version: l.layout.version, sha256: l.sha256 })),
    fonts: assets.fonts.files.map((f) => ({ file: f.file, sha256: f.sha256 })),
  };
}
