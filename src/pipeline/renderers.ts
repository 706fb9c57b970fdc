/**
 * One renderer per thread and assets root: fonts are parsed once. The renderer (pdf-lib, fontkit) is
 * loaded by the threads that render or check printability, not by a run's main thread.
 */
import { loadRenderAssets } from '../assets';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import type { Renderer } from '../render';

const renderers = new Map<string, Renderer>();

export function rendererFor(assetsRoot: string | undefined): Renderer {
  const key = assetsRoot ?? '';
  let r = renderers.get(key);
  if (!r) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createRenderer } = require('../render') as typeof import('../render');
    r = createRenderer(loadRenderAssets(assetsRoot));
    renderers.set(key, r);
  }
  return r;
}

/** Lets a renderer be collected (fonts and glyph caches are large) once this thread has no more use for it. */
export function releaseRenderer(assetsRoot: string | undefined): void {
  renderers.delete(assetsRoot ?? '');
}

/** What a run manifest says it was drawn with. */
export interface RunAssets {
  layouts?: { id: string; version: string; sha256: string }[];
  fonts?: { file: string; sha256: string }[];
}

/**
 * The installed layouts and fonts must be the ones the run used (same SHA-256), or a reprint or make-up
 * piece would not be the same statement.
 */
export function checkSameAssets(runId: string, manifest: RunAssets, renderer: Renderer): void {
  const now = new Map([...renderer.layouts, ...renderer.bundleLayouts].map((l) => [l.id, l]));
  for (const l of manifest.layouts ?? []) {
    const have = now.get(l.id);
    if (!have || have.sha256 !== l.sha256) {
      const installed = have ? { installed: have.version, installedSha256: have.sha256.slice(0, 12) } : {};
      throw new InputError(t('assets.layoutChanged', { runId, id: l.id, version: l.version, sha256: l.sha256.slice(0, 12), ...installed }));
    }
  }
  const fonts = new Map(renderer.fonts.map((f) => [f.file, f.sha256]));
  for (const f of manifest.fonts ?? []) {
    if (fonts.get(f.file) !== f.sha256) throw new InputError(t('assets.fontChanged', { runId, file: f.file, sha256: f.sha256.slice(0, 12) }));
  }
}
