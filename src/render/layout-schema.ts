/**
 * The shape of a layout file (layouts/*.json): data, not code. Units are millimetres from the
 * top-left corner of the page; font sizes are points. Text templates bind record fields as
 * `{path}` or `{path|format}` (formats: money, date, month, count); see render/view.ts for the paths.
 */
import { z } from 'zod';

const mm = z.number().min(0).max(400);
const pt = z.number().min(5).max(40);
const style = z.enum(['regular', 'bold']);
const align = z.enum(['left', 'center', 'right']);

/** How a value that is too wide for its box is made to fit: wrap to `lines`, then shrink down to `minSize`. */
const fit = z.strictObject({ lines: z.number().int().min(1).max(4).default(1), minSize: pt.optional() });

const textItem = z.strictObject({
  text: z.string().min(1),
  x: mm,
  y: mm, // baseline
  size: pt.optional(),
  style: style.optional(),
  align: align.optional(),
  width: mm.optional(), // box width for fitting; right/center alignment are relative to x
  fit: fit.optional(),
});

const rule = z.strictObject({ x1: mm, y1: mm, x2: mm, y2: mm, width: z.number().min(0.1).max(3).optional() });

const kvItem = z.strictObject({
  label: z.string().min(1),
  value: z.string().min(1),
  span: z.number().int().min(1).max(4).optional(), // how many label/value pairs of the row it takes
  style: style.optional(),
  align: align.optional(),
  fit: fit.optional(),
  when: z.string().optional(),
});

const column = z.strictObject({
  header: z.string().min(1), // `\n` breaks a long header over two lines
  value: z.string().min(1),
  width: mm,
  align: align.optional(),
  style: style.optional(),
  fit: fit.optional(),
});

const sectionBase = { title: z.string().min(1), when: z.string().optional() };

const section = z.discriminatedUnion('type', [
  z.strictObject({
    ...sectionBase,
    type: z.literal('fields'),
    labelWidth: mm,
    valueWidth: mm,
    pairs: z.number().int().min(1).max(4),
    items: z.array(kvItem).min(1),
  }),
  z.strictObject({
    ...sectionBase,
    type: z.literal('table'),
    rows: z.string().min(1), // a list in the view, e.g. `schemes`, `benefits`
    columns: z.array(column).min(1),
  }),
  z.strictObject({
    ...sectionBase,
    type: z.literal('monthGrid'),
    rows: z.string().min(1),
    labelWidth: mm,
    cellWidth: mm,
    legend: z.string(),
  }),
  z.strictObject({ ...sectionBase, type: z.literal('notes'), lines: z.array(z.string().min(1)).min(1), width: mm }),
]);

const statementLayout = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  type: z.literal('statement'),
  batches: z.array(z.string().regex(/^(E|R|S-[a-z]+)$/)).min(1),
  page: z.strictObject({ width: mm, height: mm, duplex: z.boolean() }),
  body: z.strictObject({
    size: pt.refine((v) => v >= 9, 'body text must be at least 9 pt'),
    minSize: pt.refine((v) => v >= 9, 'body text must be at least 9 pt'),
    lineHeight: mm,
    rowPadding: mm,
    sectionGap: mm,
    headingSize: pt,
    ruleWidth: z.number().min(0.1).max(2),
    ruleGray: z.number().min(0).max(1),
  }),
  frame: z.strictObject({
    left: mm,
    right: mm,
    title: z.strictObject({ text: z.string().min(1), y: mm, size: pt, continued: z.string().min(1) }),
    fixed: z.array(textItem), // texts on every page; may use {year} only (document-wide values)
    rules: z.array(rule),
    verification: z.strictObject({ text: textItem, qr: z.strictObject({ x: mm, y: mm, size: mm }) }),
    reprint: textItem,
    contentTop: mm,
    contentBottom: mm,
    footer: z.array(textItem).min(1),
    dataMatrix: z.strictObject({ x: mm, y: mm, size: mm }),
  }),
  sections: z.array(section).min(1),
});

const envelopeLayout = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  type: z.literal('envelope'),
  page: z.strictObject({ width: mm, height: mm }),
  postcodeBoxes: z.strictObject({
    x: mm,
    y: mm,
    width: mm,
    height: mm,
    gap: mm,
    lineWidth: z.number().min(0.1).max(3),
    cmyk: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    digitSize: pt,
  }),
  /** Areas that must stay empty (the post's reading zone and barcode strip); checked on load. */
  keepClear: z.array(z.strictObject({ name: z.string(), x: mm, y: mm, width: mm, height: mm })),
  postage: z.strictObject({ x: mm, y: mm, width: mm, height: mm, lines: z.array(textItem).min(1) }),
  recipient: z.strictObject({ address: textItem, name: textItem, selfSuffix: z.string(), guardianSuffix: z.string() }),
  fixed: z.array(textItem),
  sender: z.array(textItem).min(1),
  pieceCode: z.strictObject({ x: mm, y: mm, size: mm, text: textItem }),
});

/**
 * Distribution through employers (domain.md): the envelope's name line 「<单位名称>转 <姓名> 收」 (in
 * place of the envelope layout's `recipient.name`), the 交接清单 leading each bundle and its parcel label.
 * Templates bind the bundle: {employer.name|address|postcode}, {count}, {bundleId}, {agency.*}, {runId},
 * {page}, {pages}; a list entry {n}, {pieceId}, {name} (masked). Never an ssn or an amount.
 */
const bundleLayout = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  type: z.literal('bundle'),
  envelopeName: textItem,
  list: z.strictObject({
    page: z.strictObject({ width: mm, height: mm }),
    /** on every page: title, labels, the bundle's values */
    texts: z.array(textItem).min(1),
    rules: z.array(rule),
    /** the pieces: `columns` side by side, `rows` each, `rowHeight` apart from `y` (the first baseline) */
    table: z.strictObject({
      x: mm,
      y: mm,
      rows: z.number().int().min(1).max(60),
      rowHeight: mm,
      columns: z.number().int().min(1).max(4),
      columnWidth: mm,
      header: z.array(textItem).min(1), // x relative to the column
      cells: z.array(textItem).min(1), // x relative to the column, y ignored (the row's)
    }),
    /** on the last page only: the hand-over's signatures */
    lastPage: z.array(textItem),
  }),
  label: z.strictObject({
    page: z.strictObject({ width: mm, height: mm }),
    texts: z.array(textItem).min(1),
    rules: z.array(rule),
    /** a DataMatrix of `<runId>|<bundleId>` for the parcel scanner */
    code: z.strictObject({ x: mm, y: mm, size: mm }),
  }),
});

export const layoutSchema = z.discriminatedUnion('type', [statementLayout, envelopeLayout, bundleLayout]);
export type Layout = z.infer<typeof layoutSchema>;
export type StatementLayout = z.infer<typeof statementLayout>;
export type EnvelopeLayout = z.infer<typeof envelopeLayout>;
export type BundleLayout = z.infer<typeof bundleLayout>;
export type TextItem = z.infer<typeof textItem>;
export type Section = z.infer<typeof section>;
export type Fit = z.infer<typeof fit>;
