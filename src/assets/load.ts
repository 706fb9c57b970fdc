/**
 * Reads the render assets from disk: layouts/*.json and fonts/ (fonts.json + the
 * pinned TTFs). Everything is checked here, so the renderer can trust what it is given.
 * A broken layout or font set is an InputError (exit 2) naming the file and the field.
 */
import { sha256 } from '../run-dir/hash';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import { layoutSchema, type Layout } from '../render/layout-schema';
import type { RenderAssets } from '../render/assets';
import { PACKAGE_ROOT } from '../version';

const fontsManifest = z.strictObject({
  version: z.string(),
  note: z.string().optional(),
  faces: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        family: z.string().min(1),
        style: z.string().min(1),
        file: z.string().regex(/^[A-Za-z0-9._-]+\.ttf$/),
        source: z.string().min(1),
        licence: z.string().min(1),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
      }),
    )
    .min(1),
  fallback: z.strictObject({ regular: z.array(z.string()).min(1), bold: z.array(z.string()).min(1) }),
});

/** The command that installs the pinned fonts (scripts/install-fonts.js). */
const FONTS_COMMAND = 'npm run fonts';

function issuePath(p: readonly PropertyKey[]): string {
  return p.length === 0 ? t('err.topLevel') : p.map((k) => (typeof k === 'number' ? `[${k}]` : String(k))).join('.').replace(/\.\[/g, '[');
}

/** A clear zone of an envelope as its messages show it: its name and its extent in mm. */
function zoneAt(zone: { name: string; x: number; y: number; width: number; height: number }) {
  return { zone: zone.name, x0: zone.x, x1: zone.x + zone.width, y0: zone.y, y1: zone.y + zone.height };
}

/** Parses and validates one layout file's text; exported for tests of broken layouts. */
export function parseLayout(file: string, text: string): Layout {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(t('layout.notJson', { file, error: (err as Error).message }));
  }
  const parsed = layoutSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(t('layout.field', { file, field: issuePath(issue?.path ?? []), problem: issue?.message ?? t('err.invalid') }));
  }
  checkLayout(file, parsed.data);
  return parsed.data;
}

/** Checks that the schema cannot express: boxes inside the page, known formats, clear zones. */
function checkLayout(file: string, l: Layout): void {
  const fail = (field: string, why: string): never => {
    throw new InputError(t('layout.field', { file, field, problem: why }));
  };
  const templates: [string, string][] = [];
  if (l.type === 'statement') {
    const width = l.page.width - l.frame.left - l.frame.right;
    l.sections.forEach((s, i) => {
      if (s.type === 'table') {
        const sum = s.columns.reduce((a, c) => a + c.width, 0);
        if (sum > width + 0.01) fail(`sections[${i}].columns`, t('layout.columnWidths', { sum, width }));
        s.columns.forEach((c, j) => templates.push([`sections[${i}].columns[${j}].value`, c.value]));
      } else if (s.type === 'fields') {
        const sum = s.pairs * (s.labelWidth + s.valueWidth);
        if (sum > width + 0.01) fail(`sections[${i}]`, t('layout.pairsWidth', { sum, width }));
        s.items.forEach((it, j) => templates.push([`sections[${i}].items[${j}].value`, it.value]));
      } else if (s.type === 'monthGrid') {
        const sum = s.labelWidth + 12 * s.cellWidth;
        if (sum > width + 0.01) fail(`sections[${i}]`, t('layout.gridWidth', { sum, width }));
      }
    });
    if (l.frame.contentBottom <= l.frame.contentTop) fail('frame.contentBottom', t('layout.aboveTop'));
    if (l.frame.contentBottom > l.page.height) fail('frame.contentBottom', t('layout.belowPage'));
    l.frame.footer.forEach((f, i) => templates.push([`frame.footer[${i}].text`, f.text]));
  } else if (l.type === 'bundle') {
    const inside = (field: string, items: readonly { x: number; y: number }[], page: { width: number; height: number }) =>
      items.forEach((item, i) => {
        if (item.x > page.width || item.y > page.height) fail(`${field}[${i}]`, t('layout.offPage', { width: page.width, height: page.height }));
      });
    inside('list.texts', l.list.texts, l.list.page);
    inside('list.lastPage', l.list.lastPage, l.list.page);
    inside('label.texts', l.label.texts, l.label.page);
    if (l.list.table.columns * l.list.table.columnWidth + l.list.table.x > l.list.page.width) fail('list.table', t('layout.columnsOffPage'));
    templates.push(['envelopeName.text', l.envelopeName.text]);
  } else {
    // nothing but the postcode boxes may sit in the post's clear zones
    const points: [string, number, number][] = [
      ['recipient.address', l.recipient.address.x, l.recipient.address.y],
      ['recipient.name', l.recipient.name.x, l.recipient.name.y],
      ['postage', l.postage.x, l.postage.y],
      ['pieceCode', l.pieceCode.x + l.pieceCode.size, l.pieceCode.y + l.pieceCode.size],
      ['pieceCode.text', l.pieceCode.text.x + (l.pieceCode.text.width ?? 0), l.pieceCode.text.y],
      ...l.fixed.map((f, i): [string, number, number] => [`fixed[${i}]`, f.x, f.y]),
      ...l.sender.map((f, i): [string, number, number] => [`sender[${i}]`, f.x, f.y]),
    ];
    for (const [field, x, y] of points) {
      for (const zone of l.keepClear) {
        if (x >= zone.x && x <= zone.x + zone.width && y >= zone.y && y <= zone.y + zone.height) {
          fail(field, t('layout.inClearZone', zoneAt(zone)));
        }
      }
    }
    templates.push(['recipient.name.text', l.recipient.name.text], ['recipient.address.text', l.recipient.address.text]);
  }
  for (const [field, template] of templates) {
    for (const m of template.matchAll(/\{[a-zA-Z0-9_.]+\|([a-z]+)\}/g)) {
      if (!['money', 'date', 'month', 'count'].includes(m[1] ?? '')) fail(field, t('layout.unknownFormat', { format: String(m[1]) }));
    }
  }
}

/**
 * Font files in memory, by absolute path, in SharedArrayBuffers: the worker threads of a run are
 * handed the main thread's copy (shareFontFiles → adoptFontFiles) instead of each reading its own 35 MB.
 */
const fontFiles = new Map<string, Uint8Array>();

function fontBytes(file: string): Uint8Array {
  let bytes = fontFiles.get(file);
  if (!bytes) {
    const read = readFileSync(file);
    bytes = new Uint8Array(new SharedArrayBuffer(read.byteLength));
    bytes.set(read);
    fontFiles.set(file, bytes);
  }
  return bytes;
}

/** The font files of `root`, read once here, for worker threads to adopt (their checksums are still checked there). */
export function shareFontFiles(root: string = PACKAGE_ROOT): Record<string, SharedArrayBuffer> {
  loadRenderAssets(root);
  const out: Record<string, SharedArrayBuffer> = {};
  for (const [file, bytes] of fontFiles) if (bytes.buffer instanceof SharedArrayBuffer) out[file] = bytes.buffer;
  return out;
}

/** In a worker thread: use the font files another thread has read (see shareFontFiles). */
export function adoptFontFiles(files: Record<string, SharedArrayBuffer> | undefined): void {
  for (const [file, buffer] of Object.entries(files ?? {})) if (!fontFiles.has(file)) fontFiles.set(file, new Uint8Array(buffer));
}

/** `1.10.0` after `1.9.0`. */
function newer(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return false;
}

/**
 * One envelope layout of those installed (layouts/ may keep several versions, so that an old run
 * reprints on the envelope it was made with): the one among `usedBy` (a run manifest's layout IDs)
 * when given, else the newest version.
 */
function oneEnvelope(layouts: RenderAssets['layouts'], usedBy: readonly string[] | undefined): RenderAssets['layouts'] {
  const envelopes = layouts.filter((l) => l.layout.type === 'envelope');
  if (envelopes.length <= 1) return layouts;
  let chosen = usedBy ? envelopes.find((l) => usedBy.includes(l.layout.id)) : undefined;
  if (usedBy && !chosen) throw new InputError(t('layouts.notTheRuns', { installed: envelopes.map((l) => l.layout.id).join(', '), used: usedBy.join(', ') }));
  chosen ??= envelopes.reduce((a, b) => (newer(b.layout.version, a.layout.version) ? b : a));
  return layouts.filter((l) => l.layout.type !== 'envelope' || l === chosen);
}

/**
 * Reads layouts/*.json and fonts/ under `root` (the package root by default). Of several envelope
 * layouts, the newest is used — or, given a run's layout IDs (`usedBy`), the run's own.
 */
export function loadRenderAssets(root: string = PACKAGE_ROOT, usedBy?: readonly string[]): RenderAssets {
  const layoutDir = path.join(root, 'layouts');
  if (!existsSync(layoutDir)) throw new InputError(t('layouts.noDir', { dir: layoutDir }));
  const layouts = readdirSync(layoutDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const bytes = readFileSync(path.join(layoutDir, f));
      const layout = parseLayout(`layouts/${f}`, bytes.toString('utf8'));
      if (`${layout.id}.json` !== f) throw new InputError(t('layout.field', { file: `layouts/${f}`, field: 'id', problem: t('layout.idNotFileName', { id: layout.id }) }));
      return { file: `layouts/${f}`, sha256: sha256(bytes), layout };
    });

  const fontsDir = path.join(root, 'fonts');
  const manifestFile = path.join(fontsDir, 'fonts.json');
  if (!existsSync(manifestFile)) throw new InputError(t('fonts.noManifest', { root }));
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw new InputError(t('fonts.notJson', { error: (err as Error).message }));
  }
  const parsed = fontsManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(t('fonts.field', { field: issuePath(issue?.path ?? []), problem: issue?.message ?? t('err.invalid') }));
  }
  const m = parsed.data;
  const ids = new Set(m.faces.map((f) => f.id));
  for (const style of ['regular', 'bold'] as const) {
    m.fallback[style].forEach((id, i) => {
      if (!ids.has(id)) throw new InputError(t('fonts.field', { field: `fallback.${style}[${i}]`, problem: t('fonts.notInFaces', { id }) }));
    });
  }
  const files = m.faces.map((face) => {
    const file = path.join(fontsDir, face.file);
    if (!existsSync(file)) throw new InputError(t('fonts.missing', { file: face.file, command: FONTS_COMMAND }));
    const bytes = fontBytes(file);
    const got = sha256(bytes);
    if (got !== face.sha256) throw new InputError(t('fonts.otherFile', { file: face.file, got, pinned: face.sha256, command: FONTS_COMMAND }));
    return { id: face.id, family: face.family, style: face.style, file: `fonts/${face.file}`, sha256: got, bytes };
  });
  const chosen = oneEnvelope(layouts, usedBy);
  // the bundle layout's name line sits on the envelope: the post's clear zones bind it too
  const envelope = chosen.find((l) => l.layout.type === 'envelope')?.layout;
  for (const b of chosen) {
    if (b.layout.type !== 'bundle' || envelope?.type !== 'envelope') continue;
    const n = b.layout.envelopeName;
    for (const zone of envelope.keepClear) {
      if (n.x >= zone.x && n.x <= zone.x + zone.width && n.y >= zone.y && n.y <= zone.y + zone.height)
        throw new InputError(t('layout.field', { file: b.file, field: 'envelopeName', problem: t('layout.inEnvelopeZone', { ...zoneAt(zone), envelope: envelope.id }) }));
    }
  }
  return { layouts: chosen, fonts: { files, fallback: m.fallback } };
}
