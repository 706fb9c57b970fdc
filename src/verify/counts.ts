/** The counts: exceptions.jsonl against reconciliation.json against manifest.json. */
import { promises as fsp } from 'node:fs';
import { z } from 'zod';
import { FULL_SSN, KNOWN_REASONS, SUPPRESSION, normalizeReconciliation, zodProblem, type RunManifestRead } from './schemas';

/** Counts lines of exceptions.jsonl per reason; flags lines that are not JSON or carry a full ssn. */
export async function tallyExceptions(file: string, problems: string[]): Promise<{ lines: number; byReason: Map<string, number> } | null> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    problems.push(`exceptions.jsonl: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)}); a finished run always writes it (empty when nothing was held)`);
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
      if (reported++ < 3) problems.push(`exceptions.jsonl line ${i + 1}: not JSON`);
      return;
    }
    if (typeof reason !== 'string' || !KNOWN_REASONS.has(reason)) {
      if (reported++ < 3) problems.push(`exceptions.jsonl line ${i + 1}: unknown reason ${JSON.stringify(reason)}`);
    } else byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    if (FULL_SSN.test(line) && reported++ < 3) problems.push(`exceptions.jsonl line ${i + 1}: holds what looks like a full ssn; only the masked form is allowed`);
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
  const scope = o.outOfScope > 0 ? ` + out of scope ${o.outOfScope}` : '';
  if (o.input !== o.printed + o.electronic + o.exceptions + o.suppressed + o.outOfScope)
    problems.push(`${file}: does not balance: input ${o.input} ≠ printed ${o.printed} + electronic ${o.electronic} + exceptions ${o.exceptions} + suppressed ${o.suppressed}${scope}`);
  const reasonSum = Object.values(r.byReason).reduce((a, b) => a + b, 0);
  if (reasonSum !== o.exceptions + o.suppressed) problems.push(`${file}: the reason counts sum to ${reasonSum}, but exceptions + suppressed = ${o.exceptions + o.suppressed}`);
  const held = Object.entries(r.byReason).reduce((a, [k, v]) => a + (SUPPRESSION.has(k) ? 0 : v), 0);
  if (held !== o.exceptions) problems.push(`${file}: the reason codes count ${held} held records, but exceptions says ${o.exceptions}`);
  let notPrinted = r.unbatched;
  let bPrinted = 0;
  let bElectronic = 0;
  for (const [b, v] of r.batches) {
    const bal = v.balance;
    if (bal && bal.input !== bal.printed + v.electronic + bal.exceptions + bal.suppressed)
      problems.push(`${file}: batch ${b} does not balance: input ${bal.input} ≠ printed ${bal.printed} + electronic ${v.electronic} + exceptions ${bal.exceptions} + suppressed ${bal.suppressed}`);
    notPrinted += v.notPrinted;
    bPrinted += v.printed;
    bElectronic += v.electronic;
  }
  if (notPrinted !== o.exceptions + o.suppressed)
    problems.push(`${file}: the batches hold ${notPrinted} held or suppressed records, but exceptions + suppressed = ${o.exceptions + o.suppressed}`);
  if (bPrinted < o.printed) problems.push(`${file}: the batches print ${bPrinted} pieces, fewer than the ${o.printed} records printed`);
  if (bElectronic < o.electronic) problems.push(`${file}: the batches make ${bElectronic} electronic statements, fewer than the ${o.electronic} records given them`);
  if (manifest) {
    const c = { ...manifest.counts, electronic: manifest.counts.electronic ?? 0 };
    for (const k of ['input', 'printed', 'electronic', 'exceptions', 'suppressed'] as const)
      if (c[k] !== o[k]) problems.push(`${file}: ${k} ${o[k]} differs from manifest.json counts.${k} ${c[k]}`);
    const batches = new Set([...r.batches.keys(), ...Object.keys(c.byBatch)]);
    for (const b of [...batches].sort()) {
      const rp = r.batches.get(b)?.printed ?? 0;
      const mp = c.byBatch[b] ?? 0;
      if (rp !== mp) problems.push(`${file}: batch ${b} printed ${rp}, manifest.json counts.byBatch says ${mp}`);
      const re = r.batches.get(b)?.electronic ?? 0;
      const me = c.electronicByBatch?.[b] ?? 0;
      if (re !== me) problems.push(`${file}: batch ${b} made ${re} electronic statements, manifest.json counts.electronicByBatch says ${me}`);
    }
  }
  if (exceptions) {
    if (exceptions.lines !== o.exceptions + o.suppressed)
      problems.push(`exceptions.jsonl: ${exceptions.lines} lines, but reconciliation.json counts ${o.exceptions} exceptions + ${o.suppressed} suppressed`);
    const codes = new Set([...Object.keys(r.byReason), ...exceptions.byReason.keys()]);
    for (const code of [...codes].sort()) {
      const inFile = exceptions.byReason.get(code) ?? 0;
      const counted = r.byReason[code] ?? 0;
      if (inFile !== counted) problems.push(`exceptions.jsonl: ${inFile} lines with reason ${code}, reconciliation.json counts ${counted}`);
    }
  }
}

