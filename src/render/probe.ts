/**
 * The printability probe: a fast, conservative screen in front of the full-layout printability
 * check. It fills every box a statement layout can print (without placing anything on pages) and
 * asks two questions per text: are all its characters drawable in BOTH styles, and does it fit its
 * box under the box's own wrap/shrink rule (the same Fitter, the same parameters as layoutFlow)?
 * "clean" must imply that the full check finds nothing; anything else (an uncovered character, a
 * misfit, a layout whose constant texts already fail) goes to the full check, which gives the
 * verdict and the message. So the probe can only ever cost speed, never change a verdict.
 */
import type { BatchCode, Distribution, InsuredRecord } from '../domain/types';
import type { FontSet, Style } from './fonts';
import { PAD, type Fitter, type ItemText } from './flow';
import type { Fit, StatementLayout, TextItem } from './layout-schema';
import { type DocValues, fill, lookup, type Scope, statementView } from './view';

interface Box {
  template: string;
  width: number; // inner width (cell width minus padding), as layoutFlow passes it to the Fitter
  size: number;
  style: Style;
  fit: Fit | undefined;
  /** a lone amount or count: any integer below `below` in magnitude fits (checked once, widest digits) */
  numeric?: { path: string; below: number };
  /** verdicts of recent texts: agency names, dates, labels and statuses recur on most statements */
  memo: Map<string, boolean>;
}
interface Part {
  /** boxes filled against the view */
  boxes: Box[];
  /** table sections: boxes filled against each row of the list, then the view */
  tables: { rows: string; boxes: Box[] }[];
  /** month grids: the row label and twelve cells */
  grids: { rows: string; label: Box; cell: Box }[];
}

/** Texts layoutFlow draws that are not in the layout file (month grid header, continuation mark). */
/** Entries per box in the text-verdict memo (bounded: names and addresses rarely repeat). */
const MEMO = 4096;

const FLOW_CONSTANTS = '（续）险种0123456789–—';

/** The footer and envelope texts of a record (filled, not yet fitted). */
export type ExtraTexts = (record: InsuredRecord, view: Scope, distribution: Distribution) => ItemText[];

/** Per code unit: 0 not yet looked up, 1 drawable in both styles, 2 not (or a layout control). */
export class Coverage {
  private readonly bmp = new Uint8Array(0x10000);
  private readonly astral = new Map<number, boolean>();
  constructor(private readonly fonts: FontSet) {}

  covered(text: string): boolean {
    const bmp = this.bmp;
    for (let i = 0; i < text.length; i++) {
      const u = text.charCodeAt(i);
      if (u >= 0xd800 && u <= 0xdfff) {
        const cp = text.codePointAt(i) ?? 0;
        if (cp < 0x10000) return false; // a lone surrogate: let the full check name it
        let ok = this.astral.get(cp);
        if (ok === undefined) this.astral.set(cp, (ok = this.both(String.fromCodePoint(cp))));
        if (!ok) return false;
        i++;
        continue;
      }
      let c = bmp[u] ?? 0;
      if (c === 0) bmp[u] = c = this.both(String.fromCharCode(u)) && u !== 10 && u !== 13 && u !== 9 ? 1 : 2;
      if (c !== 1) return false;
    }
    return true;
  }

  private both(ch: string): boolean {
    return this.fonts.missing(ch, 'regular') === null && this.fonts.missing(ch, 'bold') === null;
  }
}

export class PrintabilityProbe {
  private readonly parts = new Map<StatementLayout, Part | null>();
  private readonly itemMemo = new Map<TextItem, Map<string, boolean>>();

  constructor(
    private readonly fitter: Fitter,
    private readonly coverage: Coverage,
    private readonly extra: ExtraTexts,
    /** the document values the full check uses */
    private readonly doc: DocValues,
  ) {}

  /** True only when the full check would find nothing; false means "ask the full check". */
  clean(record: InsuredRecord, batch: BatchCode, layout: StatementLayout, distribution: Distribution = 'home'): boolean {
    const part = this.partOf(layout);
    if (!part) return false;
    const view = statementView(record, batch, this.doc);
    const scopes = [view];
    const min = layout.body.minSize;
    const ok = (b: Box, text: string): boolean => {
      let v = b.memo.get(text);
      if (v === undefined) {
        v = this.coverage.covered(text) && this.fitter.fits(text, b.width, b.size, b.style, b.fit, min);
        if (b.memo.size >= MEMO) b.memo.clear();
        b.memo.set(text, v);
      }
      return v;
    };
    const boxOk = (b: Box, s: Scope[]): boolean => {
      if (b.numeric) {
        const v = lookup(b.numeric.path, s);
        if (typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) < b.numeric.below) return true;
      }
      return ok(b, fill(b.template, s));
    };
    for (const b of part.boxes) if (!boxOk(b, scopes)) return false;
    // (constant boxes, e.g. note lines without a field, were checked once in compile)
    for (const t of part.tables) {
      const list = lookup(t.rows, scopes);
      if (!Array.isArray(list)) continue;
      for (const item of list as Scope[]) {
        const rowScopes = [item, view];
        for (const b of t.boxes) if (!boxOk(b, rowScopes)) return false;
      }
    }
    for (const g of part.grids) {
      const list = lookup(g.rows, scopes);
      if (!Array.isArray(list)) continue;
      for (const item of list as Scope[]) {
        if (!ok(g.label, fill('{label}', [item]))) return false;
        const cells = Array.isArray(item.cells) ? (item.cells as string[]) : [];
        for (let m = 0; m < 12; m++) if (!ok(g.cell, cells[m] ?? '–')) return false;
      }
    }
    // as placeText: only items with a width are fitted; agency texts recur, hence the memo per item
    for (const { item, text, defaults } of this.extra(record, view, distribution)) {
      let memo = this.itemMemo.get(item);
      if (!memo) this.itemMemo.set(item, (memo = new Map<string, boolean>()));
      let v = memo.get(text);
      if (v === undefined) {
        v = this.coverage.covered(text) && (item.width === undefined || this.fitter.fits(text, item.width, item.size ?? defaults.size, item.style ?? 'regular', item.fit, defaults.minSize));
        if (memo.size >= MEMO) memo.clear();
        memo.set(text, v);
      }
      if (!v) return false;
    }
    return true;
  }

  /**
   * The layout's boxes, compiled once. `when` conditions are ignored on purpose: checking a box the
   * statement would hide only makes the probe stricter. Null when a constant text (label, header,
   * any string of the layout file) already fails: then every record takes the full check.
   */
  private partOf(layout: StatementLayout): Part | null {
    let part = this.parts.get(layout);
    if (part !== undefined) return part;
    part = this.compile(layout);
    this.parts.set(layout, part);
    return part;
  }

  private compile(layout: StatementLayout): Part | null {
    const body = layout.body;
    const f = this.fitter;
    const strings: string[] = [FLOW_CONSTANTS];
    collectStrings(layout, strings);
    if (!strings.every((s) => this.coverage.covered(s))) return null;
    const constantFits = (text: string, width: number, size: number, fit: Fit | undefined): boolean => f.fits(text, width - 2 * PAD, size, 'regular', fit, body.minSize);
    const part: Part = { boxes: [], tables: [], grids: [] };
    const box = (template: string, width: number, style: Style | undefined, fit: Fit | undefined): Box => {
      const b: Box = { template, width: width - 2 * PAD, size: body.size, style: style ?? 'regular', fit, memo: new Map<string, boolean>() };
      const numeric = this.numericBound(b);
      if (numeric) b.numeric = numeric;
      return b;
    };
    for (const s of layout.sections) {
      switch (s.type) {
        case 'fields': {
          const pair = s.labelWidth + s.valueWidth;
          for (const item of s.items) {
            if (!constantFits(item.label, s.labelWidth, body.minSize, { lines: 2 })) return null;
            const span = Math.min(item.span ?? 1, s.pairs);
            part.boxes.push(box(item.value, span * pair - s.labelWidth, item.style, item.fit));
          }
          break;
        }
        case 'table': {
          for (const c of s.columns) {
            if (!constantFits(c.header.replace(/\n/g, ''), c.width, body.minSize, { lines: Math.max(2, c.header.split('\n').length) })) return null;
          }
          part.tables.push({ rows: s.rows, boxes: s.columns.map((c) => box(c.value, c.width, c.style, c.fit)) });
          break;
        }
        case 'monthGrid': {
          if (!constantFits('险种', s.labelWidth, body.size, undefined)) return null;
          for (let m = 1; m <= 12; m++) if (!constantFits(String(m).padStart(2, '0'), s.cellWidth, body.size, undefined)) return null;
          part.grids.push({ rows: s.rows, label: box('{label}', s.labelWidth, 'regular', undefined), cell: box('', s.cellWidth, 'regular', undefined) });
          break;
        }
        case 'notes':
          for (const line of s.lines) {
            const b = box(line, s.width, 'regular', { lines: 3 });
            if (line.includes('{')) part.boxes.push(b);
            else if (!f.fits(line, b.width, b.size, b.style, b.fit, body.minSize)) return null;
          }
          break;
      }
    }
    return part;
  }
  /**
   * For a box that prints one number alone (`{x|money}`, `{x|count}`, `{x}`): the magnitude below which
   * every integer fits on one line, measured once with the widest digit in every position (so it holds
   * for proportional digits too). Undefined when not such a box or when not even one digit fits.
   */
  private numericBound(b: Box): { path: string; below: number } | undefined {
    const m = /^\{([a-zA-Z0-9_.]+)(?:\|(money|count))?\}$/.exec(b.template);
    if (!m || !this.coverage.covered('-,.0123456789')) return undefined;
    const fonts = this.fitter.fonts;
    const digits = [...'0123456789'];
    const wide = digits.reduce((w, d) => (fonts.width(d, b.style, b.size) > fonts.width(w, b.style, b.size) ? d : w), '0');
    const money = m[2] === 'money';
    for (let k = 15; k >= 1; k--) {
      // k integer digits (of yuan for money), sign, separators and two decimals as formatMoney prints them
      const int = wide.repeat(k);
      const worst = money ? `-${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${wide}${wide}` : `-${int}`;
      if (fonts.width(worst, b.style, b.size) <= b.width) return { path: m[1] ?? '', below: 10 ** (money ? k + 2 : k) };
    }
    return undefined;
  }
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out);
}
