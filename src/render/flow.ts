/**
 * The statement's flow: sections placed top to bottom in the content area, tables split row by row
 * onto further pages under a repeated heading 「（续）」. Produces drawing operations in mm; the
 * same pass answers "how many pages" (statementPages) and "does every value fit" (DOES_NOT_FIT).
 */
import type { FontSet, Style } from './fonts';
import type { Fit, Section, StatementLayout, TextItem } from './layout-schema';
import { fill, isPresent, lookup, type Scope } from './view';

export const PT_MM = 25.4 / 72;
/** Text inset inside a table cell, mm. */
export const PAD = 1.2;

export interface TextOp {
  t: 'text';
  x: number;
  y: number;
  size: number;
  style: Style;
  text: string;
  /** the template or field it came from: named in DOES_NOT_FIT / UNPRINTABLE_CHARACTER messages */
  src?: string;
  /** the same on every statement with this structure (headings, labels, headers, notes): drawn once per document */
  fixed?: boolean;
}
export interface LineOp {
  t: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  gray: number;
  fixed?: boolean;
}
export type Op = TextOp | LineOp;

/** Called with the template (field path) of a value that does not fit its box even after wrap/shrink. */
export type MisfitSink = (field: string) => void;

type Fitted = { lines: string[]; size: number } | null;

export class Fitter {
  /** Wrapped/shrunk results of long texts: labels and common values recur on every statement. */
  private readonly memo = new Map<string, Fitted>();

  constructor(readonly fonts: FontSet) {}

  /** Wraps/shrinks `text` into `width` mm: at most `lines` lines, size from `size` down to `minSize`. */
  fit(text: string, width: number, size: number, style: Style, fit: Fit | undefined, minSize: number): Fitted {
    if (this.fonts.width(text, style, size) <= width) return { lines: [text], size };
    const key = `${width}|${size}|${style}|${fit?.lines ?? 1}|${fit?.minSize ?? minSize}|${text}`;
    let r = this.memo.get(key);
    if (r === undefined) {
      if (this.memo.size > 20000) this.memo.clear(); // bounded: names and addresses rarely repeat
      r = this.fitSlow(text, width, size, style, fit, minSize);
      this.memo.set(key, r);
    }
    return r;
  }

  /** Exactly `fit(...) !== null`, without allocating the common single-line answer (the printability probe). */
  fits(text: string, width: number, size: number, style: Style, fit: Fit | undefined, minSize: number): boolean {
    if (this.fonts.width(text, style, size) <= width) return true;
    return this.fit(text, width, size, style, fit, minSize) !== null;
  }

  private fitSlow(text: string, width: number, size: number, style: Style, fit: Fit | undefined, minSize: number): Fitted {
    const maxLines = fit?.lines ?? 1;
    const floor = Math.min(size, fit?.minSize ?? minSize);
    for (let s = size; s >= floor - 1e-9; s -= 0.5) {
      const lines = this.wrap(text, width, s, style, maxLines);
      if (lines) return { lines, size: s };
    }
    return null;
  }

  /** Greedy wrap (CJK text may break between any two characters); null when it needs more lines. */
  private wrap(text: string, width: number, size: number, style: Style, maxLines: number): string[] | null {
    const lines: string[] = [];
    let line = '';
    for (const ch of text) {
      if (line !== '' && this.fonts.width(line + ch, style, size) > width) {
        lines.push(line);
        if (lines.length >= maxLines) return null;
        line = ch.trim() === '' ? '' : ch;
      } else line += ch;
    }
    lines.push(line);
    return lines;
  }

  /** Left x of a line aligned within [x, x + width]. */
  alignX(text: string, x: number, width: number, size: number, style: Style, align: string | undefined): number {
    if (align === 'right') return x + width - this.fonts.width(text, style, size);
    if (align === 'center') return x + (width - this.fonts.width(text, style, size)) / 2;
    return x;
  }
}

export interface TextDefaults {
  size: number;
  minSize: number;
  lineHeight: number;
}
/** A positioned item with its filled text, not yet fitted (footer, envelope). */
export interface ItemText {
  item: TextItem;
  text: string;
  defaults: TextDefaults;
}

/** A single positioned text item (frame, footer, envelope): fitted into its width if it has one. */
export function placeText(fitter: Fitter, item: TextItem, text: string, defaults: TextDefaults, misfit: MisfitSink): TextOp[] {
  const size = item.size ?? defaults.size;
  const style = item.style ?? 'regular';
  let lines = [text];
  let s = size;
  if (item.width !== undefined) {
    const f = fitter.fit(text, item.width, size, style, item.fit, defaults.minSize);
    if (!f) {
      misfit(item.text);
      return [];
    }
    lines = f.lines;
    s = f.size;
  }
  return lines.map((line, i) => {
    let x = item.x;
    const w = fitter.fonts.width(line, style, s);
    if (item.align === 'right') x = item.x - w;
    else if (item.align === 'center') x = item.x - w / 2;
    return { t: 'text', x, y: item.y + i * defaults.lineHeight * (s / size), size: s, style, text: line, src: item.text };
  });
}

interface Cell {
  x: number;
  width: number;
  text: string;
  template: string;
  style: Style;
  align?: string | undefined;
  fit?: Fit | undefined;
  size?: number;
  fixed?: boolean;
}

export function layoutFlow(layout: StatementLayout, scopes: readonly Scope[], fitter: Fitter, misfit: MisfitSink): Op[][] {
  const body = layout.body;
  const left = layout.frame.left;
  const right = layout.page.width - layout.frame.right;
  const pages: Op[][] = [[]];
  let ops = pages[0] as Op[];
  let y = layout.frame.contentTop;
  const bottom = layout.frame.contentBottom;

  const newPage = (): void => {
    ops = [];
    pages.push(ops);
    y = layout.frame.contentTop;
  };
  const rule = (at: number, width = body.ruleWidth, gray = body.ruleGray): void => {
    ops.push({ t: 'line', x1: left, y1: at, x2: right, y2: at, width, gray, fixed: true });
  };
  const headingHeight = body.headingSize * PT_MM + 3.2;
  const heading = (title: string, legend?: string): void => {
    ops.push({ t: 'text', x: left, y: y + body.headingSize * PT_MM + 0.8, size: body.headingSize, style: 'bold', text: title, fixed: true });
    if (legend) {
      const w = fitter.fonts.width(legend, 'regular', body.minSize);
      ops.push({ t: 'text', x: right - w, y: y + body.headingSize * PT_MM + 0.8, size: body.minSize, style: 'regular', text: legend, fixed: true });
    }
    y += headingHeight;
    rule(y - 0.6, body.ruleWidth * 2, 0.35);
  };

  /** Fits the cells of one row; returns its height and a function that draws it at the current y. */
  const row = (cells: Cell[], ruled = true): { height: number; draw: () => void } => {
    const fitted = cells.map((c) => {
      const size = c.size ?? body.size;
      const f = fitter.fit(c.text, c.width - 2 * PAD, size, c.style, c.fit, body.minSize);
      if (!f) misfit(c.template);
      return { c, f: f ?? { lines: [c.text], size } };
    });
    const lines = Math.max(1, ...fitted.map((x) => x.f.lines.length));
    const height = lines * body.lineHeight + body.rowPadding;
    const draw = (): void => {
      for (const { c, f } of fitted) {
        f.lines.forEach((line, i) => {
          const x = fitter.alignX(line, c.x + PAD, c.width - 2 * PAD, f.size, c.style, c.align);
          const baseline = y + body.rowPadding / 2 + i * body.lineHeight + body.lineHeight * 0.74;
          ops.push({ t: 'text', x, y: baseline, size: f.size, style: c.style, text: line, src: c.template, fixed: c.fixed });
        });
      }
      y += height;
      if (ruled) rule(y);
    };
    return { height, draw };
  };

  const placeRows = (title: string, header: Cell[] | null, rows: Cell[][], legend?: string): void => {
    const head = header ? row(header) : null;
    const built = rows.map((r) => row(r));
    const first = built[0]?.height ?? 0;
    if (y + headingHeight + (head?.height ?? 0) + first > bottom) newPage();
    heading(title, legend);
    head?.draw();
    for (const r of built) {
      if (y + r.height > bottom) {
        newPage();
        heading(`${title}（续）`, legend);
        head?.draw();
      }
      r.draw();
    }
    y += body.sectionGap;
  };

  const sectionOf = (s: Section): void => {
    if (s.when !== undefined && !isPresent(lookup(s.when, scopes))) return;
    switch (s.type) {
      case 'fields': {
        const pair = s.labelWidth + s.valueWidth;
        const rows: Cell[][] = [];
        let current: Cell[] = [];
        let slot = 0;
        for (const item of s.items) {
          if (item.when !== undefined && !isPresent(lookup(item.when, scopes))) continue;
          const span = Math.min(item.span ?? 1, s.pairs);
          if (slot + span > s.pairs) {
            rows.push(current);
            current = [];
            slot = 0;
          }
          const x = left + slot * pair;
          current.push({ x, width: s.labelWidth, text: item.label, template: `label ${item.label}`, style: 'regular', size: body.minSize, fit: { lines: 2 }, fixed: true });
          current.push({ x: x + s.labelWidth, width: span * pair - s.labelWidth, text: fill(item.value, scopes), template: item.value, style: item.style ?? 'regular', align: item.align, fit: item.fit });
          slot += span;
        }
        if (current.length > 0) rows.push(current);
        placeRows(s.title, null, rows);
        return;
      }
      case 'table': {
        const list = lookup(s.rows, scopes);
        const items = Array.isArray(list) ? (list as Scope[]) : [];
        const xs = columnsX(left, s.columns.map((c) => c.width));
        const header: Cell[] = s.columns.map((c, i) => ({ x: xs[i] ?? left, width: c.width, text: c.header.replace(/\n/g, ''), template: `header ${c.header}`, style: 'regular', align: c.align, size: body.minSize, fit: { lines: Math.max(2, c.header.split('\n').length) }, fixed: true }));
        const rows = items.map((item) => s.columns.map((c, i) => ({ x: xs[i] ?? left, width: c.width, text: fill(c.value, [item, ...scopes]), template: c.value, style: c.style ?? 'regular', align: c.align, fit: c.fit })));
        placeRows(s.title, header, rows);
        return;
      }
      case 'monthGrid': {
        const list = lookup(s.rows, scopes);
        const items = Array.isArray(list) ? (list as Scope[]) : [];
        const widths = [s.labelWidth, ...Array.from({ length: 12 }, () => s.cellWidth)];
        const xs = columnsX(left, widths);
        const cell = (i: number, text: string, template: string, fixed = false): Cell => ({ x: xs[i] ?? left, width: widths[i] ?? 0, text, template, style: 'regular', align: i === 0 ? 'left' : 'center', fixed });
        const header = [cell(0, '险种', 'month header', true), ...Array.from({ length: 12 }, (_, m) => cell(m + 1, String(m + 1).padStart(2, '0'), 'month header', true))];
        const rows = items.map((item) => {
          const cells = Array.isArray(item.cells) ? (item.cells as string[]) : [];
          return [cell(0, fill('{label}', [item]), `${s.rows}.label`), ...Array.from({ length: 12 }, (_, m) => cell(m + 1, cells[m] ?? '–', `${s.rows}.cells`))];
        });
        placeRows(s.title, header, rows, s.legend);
        return;
      }
      case 'notes': {
        const rows = s.lines.map((line): Cell[] => [{ x: left, width: s.width, text: fill(line, scopes), template: `note ${line.slice(0, 12)}`, style: 'regular', fit: { lines: 3 }, fixed: !line.includes('{') }]);
        const built = rows.map((r) => row(r, false));
        const total = headingHeight + built.reduce((a, r) => a + r.height, 0);
        if (y + total > bottom) newPage();
        heading(s.title);
        for (const r of built) r.draw();
        return;
      }
    }
  };

  for (const s of layout.sections) sectionOf(s);
  return pages;
}

function columnsX(left: number, widths: number[]): number[] {
  const xs: number[] = [];
  let x = left;
  for (const w of widths) {
    xs.push(x);
    x += w;
  }
  return xs;
}

