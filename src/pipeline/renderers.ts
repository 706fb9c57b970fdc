/**
 * One renderer per thread and assets root: fonts are parsed once. The renderer (pdf-lib, fontkit) is
 * loaded by the threads that render or check printability, not by a run's main thread.
 */
import { loadRenderAssets } from '../assets';
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
