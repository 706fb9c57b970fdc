import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assetRefs } from '../../src/render/assets';
import { loadRenderAssets, parseLayout } from '../../src/assets/load';
import { InputError } from '../../src/domain/errors';
import { PACKAGE_ROOT } from '../../src/version';
import { tmpDir } from './tools';

const employeeJson = (): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'layouts/statement-employee.json'), 'utf8')) as Record<string, unknown>;

describe('layouts are validated on load', () => {
  it('loads the shipped layouts with id, version and hash: of the two envelopes the newest, or a run’s own', () => {
    const assets = loadRenderAssets();
    expect(assets.layouts.map((l) => l.layout.id)).toEqual(['employer-bundle', 'envelope-dl-2021', 'statement-employee', 'statement-resident', 'statement-scheme']);
    // an old run (its manifest names envelope-dl) reprints on the envelope it was made with
    const old = loadRenderAssets(undefined, ['envelope-dl', 'statement-employee', 'statement-resident', 'statement-scheme']);
    expect(old.layouts.map((l) => `${l.layout.id} ${l.layout.version}`)).toContain('envelope-dl 1.0.0');
    expect(old.layouts.map((l) => l.layout.id)).not.toContain('envelope-dl-2021');
    expect(() => loadRenderAssets(undefined, ['envelope-c5'])).toThrow(/none of the installed envelope layouts \(envelope-dl-2021, envelope-dl\) is the run's \(envelope-c5\)/);
    for (const l of assets.layouts) {
      expect(l.layout.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(l.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(assets.fonts.files.map((f) => f.file)).toEqual(['fonts/NotoSansSC-Regular.ttf', 'fonts/NotoSansSC-Bold.ttf', 'fonts/NotoSerifSC-Regular.ttf']);
  });

  it('keeps the bundle layout’s envelope name line out of the post’s reading zone, and lists the bundle layout only in runs through employers', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'siprint-layouts-'));
    try {
      cpSync(path.join(PACKAGE_ROOT, 'layouts'), path.join(root, 'layouts'), { recursive: true });
      symlinkSync(path.join(PACKAGE_ROOT, 'fonts'), path.join(root, 'fonts'));
      const file = path.join(root, 'layouts', 'employer-bundle.json');
      const bundle = JSON.parse(readFileSync(file, 'utf8')) as { envelopeName: { x: number; y: number } };
      expect(assetRefs(loadRenderAssets(root)).layouts.map((l) => l.id)).not.toContain('employer-bundle');
      expect(assetRefs(loadRenderAssets(root), 'employer').layouts.map((l) => l.id)).toContain('employer-bundle');
      writeFileSync(file, JSON.stringify({ ...bundle, envelopeName: { ...bundle.envelopeName, x: 40, y: 20 } }));
      expect(() => loadRenderAssets(root)).toThrow(/^layout layouts\/employer-bundle.json: field envelopeName: lies in the reading zone .* of envelope-dl-2021/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('names the file and the field of a broken layout', () => {
    const bad = employeeJson();
    (bad.body as Record<string, unknown>).size = 7;
    expect(() => parseLayout('layouts/x.json', JSON.stringify(bad))).toThrow(InputError);
    expect(() => parseLayout('layouts/x.json', JSON.stringify(bad))).toThrow(/^layout layouts\/x.json: field body.size: .*9 pt/);
    const noTitle = employeeJson();
    delete (noTitle.frame as Record<string, unknown>).title;
    expect(() => parseLayout('layouts/y.json', JSON.stringify(noTitle))).toThrow(/layouts\/y.json: field frame.title/);
    expect(() => parseLayout('layouts/z.json', '{ "id": ')).toThrow(/layouts\/z.json: not valid JSON/);
  });

  it('refuses tables wider than the page and unknown formats', () => {
    const wide = employeeJson();
    const sections = wide.sections as { type: string; columns?: { width: number; value: string }[] }[];
    const table = sections.find((s) => s.type === 'table');
    if (!table?.columns?.[0]) throw new Error('fixture layout has no table');
    table.columns[0].width = 100;
    expect(() => parseLayout('layouts/w.json', JSON.stringify(wide))).toThrow(/field sections\[2\].columns: widths add up to 264 mm/);
    table.columns[0].width = 16;
    table.columns[0].value = '{label|euro}';
    expect(() => parseLayout('layouts/w.json', JSON.stringify(wide))).toThrow(/unknown format "euro"/);
  });

  it('keeps the envelope clear zones clear', () => {
    const env = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'layouts/envelope-dl.json'), 'utf8')) as { pieceCode: { x: number } };
    env.pieceCode.x = 70;
    expect(() => parseLayout('layouts/envelope-dl.json', JSON.stringify(env))).toThrow(/field pieceCode: lies in the post barcode strip/);
  });

  it('reports a broken layout in a package directory as InputError naming the file', () => {
    const t = tmpDir();
    try {
      cpSync(path.join(PACKAGE_ROOT, 'layouts'), path.join(t.dir, 'layouts'), { recursive: true });
      mkdirSync(path.join(t.dir, 'fonts'));
      const bad = employeeJson();
      bad.version = 'one';
      writeFileSync(path.join(t.dir, 'layouts/statement-employee.json'), JSON.stringify(bad));
      expect(() => loadRenderAssets(t.dir)).toThrow(/layout layouts\/statement-employee.json: field version/);
    } finally {
      t.done();
    }
  });
});
