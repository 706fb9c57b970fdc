/** The shapes `verify` reads: the run manifest, a package's own manifest, the reconciliation (either form it was written in). */
import { z } from 'zod';
import { t } from '../i18n';
import { FORMER_SUPPRESSION_CODES, REASON_CODES, SUPPRESSION_CODES } from '../domain/types';

const count = z.number().int().nonnegative();
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const batchCode = z.string().regex(/^(E|R|S-[a-z]+)$/);
const countsMap = z.record(z.string(), count);

const packageEntrySchema = z.object({
  path: z.string().min(1),
  sha256: hex64,
  bytes: count,
  batch: batchCode,
  part: z.number().int().positive(),
  pieces: count,
  statementPages: count,
  envelopePages: count,
  encrypted: z.boolean().optional(),
  electronic: z.boolean().optional(),
  status: z.enum(['pending', 'released']).optional(),
});
export const runManifestSchema = z.object({
  runId: z.string().min(1),
  year: z.number().int(),
  mode: z.string(),
  deadline: z.string(),
  handoffBy: z.string(),
  finishedOn: z.string().optional(),
  finishedLate: z.boolean().optional(),
  counts: z.object({
    input: count,
    printed: count,
    electronic: count.optional(),
    exceptions: count,
    suppressed: count,
    guardianAddressed: count,
    byBatch: countsMap,
    electronicByBatch: countsMap.optional(),
  }),
  packages: z.array(packageEntrySchema),
  layouts: z.array(z.object({ id: z.string(), version: z.string(), sha256: z.string() })),
  fonts: z.array(z.object({ file: z.string(), sha256: z.string() })),
});
export type RunManifestRead = z.infer<typeof runManifestSchema>;
export type PackageEntryRead = z.infer<typeof packageEntrySchema>;

const fileRef = z.object({ sha256: hex64, bytes: count });
export const partManifestSchema = z.object({
  runId: z.string().optional(),
  batch: batchCode,
  part: z.number().int().positive(),
  pieces: count,
  statementPages: count,
  envelopePages: count,
  files: z.object({ 'statements.pdf': fileRef, 'envelopes.pdf': fileRef, 'mailing.csv': fileRef, 'bundles.pdf': fileRef.optional() }),
  bundles: count.optional(),
  bundlePages: count.optional(),
});
export const electronicManifestSchema = z.object({
  format: z.literal('siprint-electronic/1'),
  runId: z.string(),
  batch: batchCode,
  part: z.number().int().positive(),
  pieces: count,
  statementPages: count,
  files: z.object({ 'index.csv': fileRef }),
});

/**
 * reconciliation.json as buildReconciliation writes it (`overall`, per-batch balances, `byReason`) or
 * in the flat shape (top-level counts, `heldByReason` + `suppressedByReason`, `byBatch` {pieces,
 * exceptions}) — verify checks whichever the finalize stage wrote.
 */
const balanceSchema = z.object({ input: count, printed: count, electronic: count.optional(), exceptions: count, suppressed: count, byReason: countsMap });
const overallSchema = z.object({ input: count, printed: count, electronic: count.optional(), exceptions: count, suppressed: count, outOfScope: count.optional() });
const nestedReconciliationSchema = z.object({
  overall: overallSchema,
  byBatch: z.record(z.string(), balanceSchema),
  unbatched: z.object({ exceptions: count, suppressed: count, byReason: countsMap }).optional(),
  byReason: countsMap,
});
const flatReconciliationSchema = overallSchema.extend({
  heldByReason: countsMap,
  suppressedByReason: countsMap,
  byBatch: z.record(z.string(), z.object({ pieces: count, exceptions: count })),
});

export interface NormalizedReconciliation {
  /** `electronic` 0 for runs before electronic statements. */
  overall: { input: number; printed: number; electronic: number; exceptions: number; suppressed: number; outOfScope: number };
  byReason: Record<string, number>;
  /** batch → printed and electronic pieces, records held + suppressed in it, and (nested shape) its own input. */
  batches: Map<string, { printed: number; electronic: number; notPrinted: number; balance?: z.infer<typeof balanceSchema> }>;
  /** held + suppressed outside any batch (nested shape; the flat one keeps them as a batch key). */
  unbatched: number;
}

export function normalizeReconciliation(data: unknown): NormalizedReconciliation | z.ZodError {
  const isNested = typeof data === 'object' && data !== null && 'overall' in data;
  if (isNested) {
    const r = nestedReconciliationSchema.safeParse(data);
    if (!r.success) return r.error;
    const batches: NormalizedReconciliation['batches'] = new Map();
    for (const [b, v] of Object.entries(r.data.byBatch)) batches.set(b, { printed: v.printed, electronic: v.electronic ?? 0, notPrinted: v.exceptions + v.suppressed, balance: v });
    return {
      overall: { ...r.data.overall, electronic: r.data.overall.electronic ?? 0, outOfScope: r.data.overall.outOfScope ?? 0 },
      byReason: r.data.byReason,
      batches,
      unbatched: (r.data.unbatched?.exceptions ?? 0) + (r.data.unbatched?.suppressed ?? 0),
    };
  }
  const r = flatReconciliationSchema.safeParse(data);
  if (!r.success) return r.error;
  const { heldByReason, suppressedByReason, byBatch, ...overall } = r.data;
  const batches: NormalizedReconciliation['batches'] = new Map();
  for (const [b, v] of Object.entries(byBatch)) batches.set(b, { printed: v.pieces, electronic: 0, notPrinted: v.exceptions });
  return { overall: { ...overall, electronic: overall.electronic ?? 0, outOfScope: overall.outOfScope ?? 0 }, byReason: { ...heldByReason, ...suppressedByReason }, batches, unbatched: 0 };
}

export const SUPPRESSION = new Set<string>([...SUPPRESSION_CODES, ...FORMER_SUPPRESSION_CODES]);
export const KNOWN_REASONS = new Set<string>([...REASON_CODES, ...SUPPRESSION]);

/** A schema failure as one problem line naming the file and the field. */
export function zodProblem(file: string, err: z.ZodError): string {
  const issue = err.issues[0];
  const at = issue && issue.path.length > 0 ? issue.path.join('.') : t('verify.topLevel');
  return t('verify.schema', { file, at, message: issue?.message ?? t('verify.invalid') });
}
