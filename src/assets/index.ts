/** Render assets from disk: layouts/*.json and fonts/ (the pinned TTFs), checked so the renderer can trust them. */
export { loadRenderAssets, shareFontFiles, adoptFontFiles, parseLayout } from './load';
