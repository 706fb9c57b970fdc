/**
 * Lets pdf-lib's own font embedding (`embedFont(..., { subset: true })`) use upstream fontkit 2
 * instead of @pdf-lib/fontkit, whose TrueType subsetter blanks most CJK glyphs (docs/architecture.md).
 * pdf-lib asks the subset for `encodeStream()`; fontkit 2 only has `encode()`. Our fast renderer
 * does not need this (it writes the font objects itself); the plain pdf-lib path in bench/ does.
 */
import { EventEmitter } from 'node:events';
import * as fontkit from 'fontkit';
import type { Fontkit } from 'pdf-lib/cjs/types/fontkit';

export function fontkitForPdfLib(): Fontkit {
  const adapter = {
    create(data: Uint8Array, postscriptName?: string): fontkit.Font {
      const font = fontkit.create(data, postscriptName);
      const createSubset = font.createSubset.bind(font);
      font.createSubset = () => {
        const subset = createSubset() as fontkit.Subset & { encodeStream?: () => EventEmitter };
        subset.encodeStream = () => {
          const stream = new EventEmitter();
          // emit after pdf-lib has attached its listeners
          setImmediate(() => {
            try {
              stream.emit('data', subset.encode());
              stream.emit('end');
            } catch (err) {
              stream.emit('error', err);
            }
          });
          return stream;
        };
        return subset;
      };
      return font;
    },
  };
  return adapter as unknown as Fontkit;
}
