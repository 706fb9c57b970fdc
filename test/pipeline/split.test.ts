import type { BatchCode, InsuredRecord, Piece, Recipient } from '../../src/domain/types';
import type { Keyed } from '../../src/pipeline/external-sort';
import { PartSplitter, batchOrder, partIdOf, pieceIdOf, sortEntry, type Part } from '../../src/pipeline/split';

const recipient = { role: 'self', name: 'x', address: { postcode: '100000', province: 'p', line: 'l' } } as Recipient;
const entry = (batch: BatchCode, id: string, electronic = false): Keyed => sortEntry(id, batch, electronic, `code-${id}`, { recordId: id } as InsuredRecord, recipient);

function split(piecesPerFile: number, entries: Keyed[]): Part[] {
  const s = new PartSplitter(piecesPerFile);
  const parts: Part[] = [];
  for (const e of entries) {
    const done = s.push(e);
    if (done) parts.push(done);
  }
  const last = s.flush();
  if (last) parts.push(last);
  expect(s.flush()).toBeNull();
  return parts;
}

describe('part splitting', () => {
  it('derives IDs from batch and position only', () => {
    expect(partIdOf('E', 3)).toBe('E-0003');
    expect(partIdOf('S-pension', 12)).toBe('S-pension-0012');
    expect(pieceIdOf('E', 1, 1, 5000)).toBe('E00000001');
    expect(pieceIdOf('R', 3, 7, 5000)).toBe('R00010007');
    expect(pieceIdOf('S-maternity', 1, 2, 10)).toBe('SB00000002');
  });

  it('cuts each batch into parts of at most piecesPerFile, never mixing batches', () => {
    const parts = split(2, [entry('E', 'a'), entry('E', 'b'), entry('E', 'c'), entry('R', 'd'), entry('R', 'e'), entry('E', 'f', true)]);
    expect(parts.map((p) => p.ref)).toEqual([
      { partId: 'E-0001', batch: 'E', part: 1, pieces: 2 },
      { partId: 'E-0002', batch: 'E', part: 2, pieces: 1 },
      { partId: 'R-0001', batch: 'R', part: 1, pieces: 2 },
      { partId: 'EL-E-0001', batch: 'E', part: 1, pieces: 1, electronic: true },
    ]);
    const pieces = parts.flatMap((p) => p.texts.map((t) => JSON.parse(t.toString()) as Piece & { verificationCode: string }));
    expect(pieces.map((p) => `${p.pieceId}:${p.seq}:${p.record.recordId}:${p.verificationCode}`)).toEqual(['E00000001:1:a:code-a', 'E00000002:2:b:code-b', 'E00000003:1:c:code-c', 'R00000001:1:d:code-d', 'R00000002:2:e:code-e', 'ELE00000001:1:f:code-f']);
  });

  it("writes each piece's text as JSON.stringify of the piece and its code, byte for byte", () => {
    // quotes, backslashes, a TAB, a newline, U+2028 and a lone surrogate: what JSON escapes, or not
    const record = { recordId: 'R"1\\', line: 7, person: { name: '张\t伟\n', note: '\u2028\ud800' }, amounts: [1, -0, 2.5], nothing: undefined } as unknown as InsuredRecord;
    const via = { ...recipient, via: { code: 'C\t1', name: '某公司' } } as Recipient;
    for (const electronic of [false, true]) {
      const [part] = split(5000, [sortEntry('k', 'S-pension', electronic, 'AB-12', record, via)]);
      const piece: Piece = { pieceId: pieceIdOf('S-pension', 1, 1, 5000, electronic), batch: 'S-pension', part: 1, seq: 1, record, recipient: via, ...(electronic ? { electronic: true as const } : {}) };
      expect(part?.texts.map(String)).toEqual([JSON.stringify({ ...piece, verificationCode: 'AB-12' })]);
    }
  });

  it('orders batches E, R or by the ticket schemes', () => {
    expect(batchOrder('annual')).toEqual(['E', 'R']);
    expect(batchOrder('scheme', ['medical', 'pension'])).toEqual(['S-medical', 'S-pension']);
  });
});
