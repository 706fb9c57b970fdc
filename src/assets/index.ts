/** Assets from disk: layouts/*.json and fonts/ (the pinned TTFs), the postcode table — checked so the renderer and the rules can trust them. */
export { loadRenderAssets, shareFontFiles, adoptFontFiles, parseLayout } from './load';
export { loadPostcodeTable, parsePostcodeTable, POSTCODE_TABLE_FILE, type LoadedPostcodeTable } from './postcodes';
