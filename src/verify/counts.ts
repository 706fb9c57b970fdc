/** The counts: exceptions.jsonl against reconciliation.json against manifest.json. */
import { promises as fsp } from 'node:fs';
import { FULL_SSN_IN_TEXT } from '../domain/ssn';
import { z } from 'zod';
import { t } from '../i18n';
import { KNOWN_REASONS, SUPPRESSION, normalizeReconciliation, zodProblem, type RunManifestRead } from './schemas';

/** Counts lines of exceptions.jsonl per reason; flags lines that are not JSON or carry a full ssn. */
export async function tallyExceptions(file: string, problems: string[]): Promise<{ lines: number; byReason: Map<string, number> } | null> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    problems.push(t('verify.exceptionsUnreadable', { code: (err as NodeJS.ErrnoException).code ?? String(err) }));
    return null;
  }
  const byReason = new Map<string, number>();
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  let reported = 0;
  lines.forEach((line, i) => {
    let reason: unknown;
    try {
      reason = (JSON.parse(line) as { reason?: unknown }).reason;
    } catch {
      if (reported++ < 3) problems.push(t('verify.lineNotJson', { file: 'exceptions.jsonl', line: i + 1 }));
      return;
    }
    if (typeof reason !== 'string' || !KNOWN_REASONS.has(reason)) {
      if (reported++ < 3) problems.push(t('verify.unknownReason', { line: i + 1, reason: JSON.stringify(reason) }));
    } else byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    if (FULL_SSN_IN_TEXT.test(line) && reported++ < 3) problems.push(t('verify.fullSsn', { line: i + 1 }));
  });
  return { lines: lines.length, byReason };
}

export function checkReconciliation(
  data: unknown,
  manifest: RunManifestRead | null,
  exceptions: { lines: number; byReason: Map<string, number> } | null,
  problems: string[],
): void {
  const file = 'reconciliation.json';
  const r = normalizeReconciliation(data);
  if (r instanceof z.ZodError) {
    problems.push(zodProblem(file, r));
    return;
  }
  const o = r.overall;
  if (o.input !== o.printed + o.electronic + o.exceptions + o.suppressed + o.outOfScope)
    problems.push(t('verify.noBalance', { file, input: o.input, printed: o.printed, electronic: o.electronic, exceptions: o.exceptions, suppressed: o.suppressed, outOfScope: o.outOfScope }));
  const reasonSum = Object.values(r.byReason).reduce((a, b) => a + b, 0);
  if (reasonSum !== o.exceptions + o.suppressed) problems.push(t('verify.reasonSum', { file, n: reasonSum, want: o.exceptions + o.suppressed }));
  const held = Object.entries(r.byReason).reduce((a, [k, v]) => a + (SUPPRESSION.has(k) ? 0 : v), 0);
  if (held !== o.exceptions) problems.push(t('verify.reasonHeld', { file, n: held, want: o.exceptions }));
  let notPrinted = r.unbatched;
  let bPrinted = 0;
  let bElectronic = 0;
  for (const [b, v] of r.batches) {
    const bal = v.balance;
    if (bal && bal.input !== bal.printed + v.electronic + bal.exceptions + bal.suppressed)
      problems.push(t('verify.noBalance', { file, batch: b, input: bal.input, printed: bal.printed, electronic: v.electronic, exceptions: bal.exceptions, suppressed: bal.suppressed, outOfScope: 0 }));
    notPrinted += v.notPrinted;
    bPrinted += v.printed;
    bElectronic += v.electronic;
  }
  if (notPrinted !== o.exceptions + o.suppressed)
    problems.push(t('verify.batchesNotPrinted', { file, n: notPrinted, want: o.exceptions + o.suppressed }));
  if (bPrinted < o.printed) problems.push(t('verify.batchesPrinted', { file, n: bPrinted, want: o.printed }));
  if (bElectronic < o.electronic) problems.push(t('verify.batchesElectronic', { file, n: bElectronic, want: o.electronic }));
  if (manifest) {
    const c = { ...manifest.counts, electronic: manifest.counts.electronic ?? 0 };
    for (const k of ['input', 'printed', 'electronic', 'exceptions', 'suppressed'] as const)
      if (c[k] !== o[k]) problems.push(t('verify.countDiffers', { file, key: k, n: o[k], want: c[k] }));
    const batches = new Set([...r.batches.keys(), ...Object.keys(c.byBatch)]);
    for (const b of [...batches].sort()) {
      const rp = r.batches.get(b)?.printed ?? 0;
      const mp = c.byBatch[b] ?? 0;
      if (rp !== mp) problems.push(t('verify.batchPrinted', { file, batch: b, n: rp, want: mp }));
      const re = r.batches.get(b)?.electronic ?? 0;
      const me = c.electronicByBatch?.[b] ?? 0;
      if (re !== me) problems.push(t('verify.batchMadeElectronic', { file, batch: b, n: re, want: me }));
    }
  }
  if (exceptions) {
    if (exceptions.lines !== o.exceptions + o.suppressed)
      problems.push(t('verify.exceptionsLines', { lines: exceptions.lines, exceptions: o.exceptions, suppressed: o.suppressed }));
    const codes = new Set([...Object.keys(r.byReason), ...exceptions.byReason.keys()]);
    for (const code of [...codes].sort()) {
      const inFile = exceptions.byReason.get(code) ?? 0;
      const counted = r.byReason[code] ?? 0;
      if (inFile !== counted) problems.push(t('verify.exceptionsReason', { code, n: inFile, want: counted }));
    }
  }
}

