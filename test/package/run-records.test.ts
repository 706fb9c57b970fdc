import type { ExceptionEntry } from '../../src/domain/types';
import { buildReconciliation, buildRunManifest, ReconciliationError } from '../../src/package';
import { notPrintedOf } from './fixtures';

const exceptions: Pick<ExceptionEntry, 'reason' | 'batch'>[] = [
  { reason: 'PARSE_ERROR' },
  { reason: 'MINOR_WITHOUT_GUARDIAN', batch: 'E' },
  { reason: 'DELIVERY_HOLD', batch: 'R' },
  { reason: 'DELIVERY_HOLD', batch: 'R' },
];

describe('buildReconciliation', () => {
  it('balances overall, per batch and per reason code', () => {
    const r = buildReconciliation({ runId: 'R1', input: 14, printedByBatch: { R: 4, E: 6 }, notPrinted: notPrintedOf(exceptions) });
    expect(r.overall).toEqual({ input: 14, printed: 10, electronic: 0, exceptions: 2, suppressed: 2, outOfScope: 0 });
    expect(Object.keys(r.byBatch)).toEqual(['E', 'R']);
    expect(r.byBatch.E).toEqual({ input: 7, printed: 6, electronic: 0, exceptions: 1, suppressed: 0, byReason: { MINOR_WITHOUT_GUARDIAN: 1 } });
    expect(r.byBatch.R).toEqual({ input: 6, printed: 4, electronic: 0, exceptions: 0, suppressed: 2, byReason: { DELIVERY_HOLD: 2 } });
    // DELIVERY_ELECTRONIC is no longer a reason of a run: those records get electronic statements
    expect(r.byReason).not.toHaveProperty('DELIVERY_ELECTRONIC');
    expect(r.unbatched).toEqual({ exceptions: 1, suppressed: 0, byReason: { PARSE_ERROR: 1 } });
    expect(r.byReason.PARSE_ERROR).toBe(1);
    expect(r.byReason.DOES_NOT_FIT).toBe(0);
    expect(Object.values(r.byReason).reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('throws loudly when a record is unaccounted for or counted twice', () => {
    expect(() => buildReconciliation({ runId: 'R1', input: 15, printedByBatch: { E: 6, R: 4 }, notPrinted: notPrintedOf(exceptions) })).toThrow(
      new ReconciliationError(
        'reconciliation does not balance: input 15 ≠ printed 10 + electronic 0 + held 2 + suppressed 2 (1 record unaccounted for); the run is not finished — check exceptions.jsonl and the parts',
      ),
    );
    expect(() => buildReconciliation({ runId: 'R1', input: 12, printedByBatch: { E: 6, R: 4 }, notPrinted: notPrintedOf(exceptions) })).toThrow(/2 records counted twice/);
  });

  it('throws when the packages do not hold the printed pieces of a batch', () => {
    const packages = [
      { batch: 'E' as const, pieces: 6, path: 'print/a.zip' },
      { batch: 'R' as const, pieces: 3, path: 'print/b.zip' },
    ];
    expect(() => buildReconciliation({ runId: 'R1', input: 14, printedByBatch: { E: 6, R: 4 }, notPrinted: notPrintedOf(exceptions), packages })).toThrow(
      /batch R has 3 pieces in its printed packages but 4 printed/,
    );
  });

  it('counts records, not pieces, when scheme mode gives a record several pieces', () => {
    const r = buildReconciliation({ runId: 'S', input: 6, printedByBatch: { 'S-pension': 3, 'S-medical': 2 }, printedRecords: 3, outOfScope: 1, notPrinted: notPrintedOf([{ reason: 'INVALID_SSN' }, { reason: 'DELIVERY_HOLD' }]) });
    expect(r.overall).toEqual({ input: 6, printed: 3, electronic: 0, exceptions: 1, suppressed: 1, outOfScope: 1 });
    expect(() => buildReconciliation({ runId: 'S', input: 5, printedByBatch: { 'S-pension': 1 }, printedRecords: 3, notPrinted: {} })).toThrow(/3 records printed but only 1 pieces/);
  });

  it('balances electronic statements: input = printed + electronic + held + suppressed, packages per channel', () => {
    const packages = [
      { batch: 'E' as const, pieces: 6, path: 'print/R1-E-p001.zip' },
      { batch: 'R' as const, pieces: 4, path: 'print/R1-R-p001.zip' },
      { batch: 'E' as const, pieces: 2, path: 'print/R1-EL-E-p001.zip', electronic: true },
    ];
    const input = { runId: 'R1', input: 16, printedByBatch: { E: 6, R: 4 }, electronicByBatch: { E: 2 }, notPrinted: notPrintedOf(exceptions), packages };
    const r = buildReconciliation(input);
    expect(r.overall).toEqual({ input: 16, printed: 10, electronic: 2, exceptions: 2, suppressed: 2, outOfScope: 0 });
    expect(r.byBatch.E).toEqual({ input: 9, printed: 6, electronic: 2, exceptions: 1, suppressed: 0, byReason: { MINOR_WITHOUT_GUARDIAN: 1 } });
    expect(() => buildReconciliation({ ...input, input: 14 })).toThrow(/input 14 ≠ printed 10 \+ electronic 2 \+ held 2 \+ suppressed 2 \(2 records counted twice\)/);
    expect(() => buildReconciliation({ ...input, electronicByBatch: { E: 3 }, input: 17 })).toThrow(/batch E has 2 pieces in its electronic packages but 3 electronic/);
  });
});

describe('buildRunManifest', () => {
  const reconciliation = buildReconciliation({ runId: 'R1', input: 14, printedByBatch: { E: 6, R: 4 }, notPrinted: notPrintedOf(exceptions) });
  const base = {
    runId: 'R1',
    year: 2025,
    mode: 'annual' as const,
    deadline: '2026-03-31',
    handoffBy: '2026-03-16',
    finishedOn: '2026-03-16',
    reconciliation,
    guardianAddressed: 2,
    packages: [
      { path: 'print/R1-R-p001.zip', sha256: 'b'.repeat(64), bytes: 10, batch: 'R' as const, part: 1, pieces: 4, statementPages: 4, envelopePages: 4 },
      { path: 'print/R1-E-p001.zip', sha256: 'a'.repeat(64), bytes: 10, batch: 'E' as const, part: 1, pieces: 6, statementPages: 7, envelopePages: 6 },
    ],
    layouts: [],
    fonts: [],
  };

  it('takes its counts from the reconciliation and sorts packages by path', () => {
    const m = buildRunManifest(base);
    expect(m.counts).toEqual({ input: 14, printed: 10, electronic: 0, exceptions: 2, suppressed: 2, outOfScope: 0, guardianAddressed: 2, byBatch: { E: 6, R: 4 }, electronicByBatch: {} });
    expect(m.packages.map((p) => p.path)).toEqual(['print/R1-E-p001.zip', 'print/R1-R-p001.zip']);
    expect(m.finishedLate).toBe(false);
  });

  it('says finishedLate after handoffBy, and refuses bad dates and paths', () => {
    expect(buildRunManifest({ ...base, finishedOn: '2026-03-17' }).finishedLate).toBe(true);
    expect(() => buildRunManifest({ ...base, handoffBy: '16.3.2026' })).toThrow(/handoffBy "16.3.2026" must be YYYY-MM-DD/);
    expect(() => buildRunManifest({ ...base, packages: [{ ...base.packages[0]!, path: '../x.zip' }] })).toThrow(/must be relative to the run directory/);
  });
});
