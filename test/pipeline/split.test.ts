import type { BatchCode, InsuredRecord, Recipient } from '../../src/domain/types';
import { PartSplitter, batchOrder, partIdOf, partRefOf, pieceIdOf, type SortEntry } from '../../src/pipeline/split';

const recipient = { role: 'self', name: 'x', address: { postcode: '100000', province: 'p', line: 'l' } } as Recipient;
const entry = (batch: BatchCode, id: string): SortEntry => ({ batch, record: { recordId: id } as InsuredRecord, recipient });

describe('part splitting', () => {
  it('derives IDs from batch and position only', () => {
    expect(partIdOf('E', 3)).toBe('E-0003');
    expect(partIdOf('S-pension', 12)).toBe('S-pension-0012');
    expect(pieceIdOf('E', 1, 1, 5000)).toBe('E00000001');
    expect(pieceIdOf('R', 3, 7, 5000)).toBe('R00010007');
    expect(pieceIdOf('S-maternity', 1, 2, 10)).toBe('SB00000002');
  });

  it('cuts each batch into parts of at most piecesPerFile, never mixing batches', () => {
    const s = new PartSplitter(2);
    const parts = [];
    for (const e of [entry('E', 'a'), entry('E', 'b'), entry('E', 'c'), entry('R', 'd'), entry('R', 'e')]) {
      const done = s.push(e);
      if (done) parts.push(done);
    }
    const last = s.flush();
    if (last) parts.push(last);
    expect(parts.map(partRefOf).map((p) => [p.partId, p.pieces])).toEqual([
      ['E-0001', 2],
      ['E-0002', 1],
      ['R-0001', 2],
    ]);
    expect(parts.flat().map((p) => `${p.pieceId}:${p.seq}`)).toEqual(['E00000001:1', 'E00000002:2', 'E00000003:1', 'R00000001:1', 'R00000002:2']);
    expect(s.flush()).toBeNull();
  });

  it('orders batches E, R or by the ticket schemes', () => {
    expect(batchOrder('annual')).toEqual(['E', 'R']);
    expect(batchOrder('scheme', ['medical', 'pension'])).toEqual(['S-medical', 'S-pension']);
  });
});
