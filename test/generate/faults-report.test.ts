/**
 * Issue 16 item 15: `generate --faults` reports the faults `check` then finds, reason code by reason
 * code (it claimed DOES_NOT_FIT for address lines that fit their box, and one record per duplicate
 * fault where check holds both). Built CLI, both formats.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REASON_CODES } from '../../src/domain/types';
import { siprint, tempDir } from '../reliability/helpers';

describe('generate --faults reports what check holds', () => {
  let dir: string;
  beforeAll(() => (dir = tempDir('faults')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['demo', '2000', '0.02', 'jsonl'],
    ['many', '700', '0.3', 'csv'],
  ])('seed %s, %s records, faults %s, %s', (seed, count, faults, format) => {
    const extract = path.join(dir, `${seed}.${format}`);
    const g = siprint(['generate', '--count', count, '--year', '2025', '--seed', seed, '--faults', faults, '--out', extract]);
    expect(g.status).toBe(0);
    const said = /; faults \(records siprint check will hold\): (.*)$/m.exec(g.stdout)?.[1] ?? '';
    const reported: Record<string, number> = Object.fromEntries(said.split(', ').map((kv): [string, number] => [kv.split(' ')[0] ?? '', Number(kv.split(' ')[1])]));
    // every code injected at least once, but ADDRESS_RETURNED: it needs last year's returned mail (--returned)
    expect(Object.keys(reported).sort()).toEqual(REASON_CODES.filter((c) => c !== 'ADDRESS_RETURNED').sort());

    const out = path.join(dir, `check-${seed}`);
    const c = siprint(['check', '--extract', extract, '--year', '2025', '--out', out]);
    expect(c.status).toBe(0);
    const held: Record<string, number> = {};
    for (const line of readFileSync(path.join(out, 'exceptions.jsonl'), 'utf8').trim().split('\n')) {
      const { reason } = JSON.parse(line) as { reason: string };
      if ((REASON_CODES as readonly string[]).includes(reason)) held[reason] = (held[reason] ?? 0) + 1;
    }
    expect(held).toEqual(reported);
  }, 180_000);
});
