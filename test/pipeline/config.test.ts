import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError, UsageError } from '../../src/domain/errors';
import { loadTicket, resolveRunConfig, resolveVerificationKey, toStored, verificationKeyId } from '../../src/pipeline/config';

describe('tickets and run config', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-cfg-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const ticket = (body: unknown) => {
    const f = path.join(dir, 't.json');
    writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
    return f;
  };
  const KEY = 'k'.repeat(32);

  it('loads the repository tickets', () => {
    for (const name of ['annual-2025', 'scheme-2025', 'reprint-2025']) {
      expect(loadTicket(path.join(__dirname, '../../jobs', `${name}.json`)).year).toBe(2025);
    }
  });

  it('accepts a ticket with a UTF-8 byte-order mark, like an extract (issue 16 item 15)', () => {
    const file = path.join(dir, 'bom.json');
    writeFileSync(file, '\uFEFF' + readFileSync(path.join(__dirname, '../../jobs/annual-2025.json'), 'utf8'));
    expect(loadTicket(file).postagePermit).toBe('京邮资许可证第2025-0107号');
  });

  it('names the bad field of a ticket (exit 2)', () => {
    expect(() => loadTicket(ticket({ mode: 'annual', piecesPerFile: 0 }))).toThrow(/field "piecesPerFile"/);
    expect(() => loadTicket(ticket({ mode: 'annual', piecesPerFile: 0 }))).toThrow(InputError);
    expect(() => loadTicket(ticket({ mode: 'weekly' }))).toThrow(/field "mode"/);
    expect(() => loadTicket(ticket({ mode: 'annual', pieces: 3 }))).toThrow(/unknown field "pieces"/);
    expect(() => loadTicket(ticket({ mode: 'annual', printDate: '2026-02-30' }))).toThrow(/field "printDate"/);
    expect(() => loadTicket(ticket('{oops'))).toThrow(/not valid JSON/);
    expect(() => loadTicket(path.join(dir, 'missing.json'))).toThrow(/cannot be read \(ENOENT\)/);
  });

  it('resolves relative paths against the ticket and lets options override it', () => {
    const t = loadTicket(ticket({ mode: 'annual', year: 2024, extract: 'x.jsonl', printDate: '2026-01-15', piecesPerFile: 100, postagePermit: '京邮资许可证第2025-0107号' }));
    expect(t.extract).toBe(path.join(dir, 'x.jsonl'));
    const c = resolveRunConfig({ ticket: t, year: 2025, runId: 'r1', env: { SIPRINT_VERIFY_KEY: KEY } });
    expect(c).toMatchObject({ year: 2025, runId: 'r1', piecesPerFile: 100, leadDays: 15, encoding: 'utf8', extract: path.join(dir, 'x.jsonl') });
  });

  it('refuses missing year, extract, key, scheme list, bad run IDs and reprint tickets', () => {
    const env = { SIPRINT_VERIFY_KEY: KEY };
    expect(() => resolveRunConfig({ extract: 'x', env })).toThrow(/no year/);
    expect(() => resolveRunConfig({ year: 2025, env })).toThrow(/no extract/);
    expect(() => resolveRunConfig({ year: 2025, extract: 'x', env: {} })).toThrow(/no verification key/);
    expect(() => resolveRunConfig({ year: 2025, extract: 'x', env, runId: '../etc' })).toThrow(UsageError);
    const scheme = loadTicket(ticket({ mode: 'scheme', year: 2025 }));
    expect(() => resolveRunConfig({ ticket: scheme, extract: 'x', env })).toThrow(/field "schemes"/);
    const reprint = loadTicket(ticket({ mode: 'reprint', year: 2025 }));
    expect(() => resolveRunConfig({ ticket: reprint, extract: 'x', env })).toThrow(/siprint reprint/);
  });

  it('never stores the key, only an id that later proves the same key', () => {
    const c = resolveRunConfig({ year: 2025, extract: 'x', postagePermit: 'P-1', env: { SIPRINT_VERIFY_KEY: KEY }, now: new Date('2026-01-10T08:00:00Z') });
    expect(c.runId).toBe('2025-annual-20260110T080000Z');
    expect(c.printDate).toBe('2026-01-10');
    const stored = toStored(c, { deadline: '2026-03-31', handoffBy: '2026-03-16' });
    expect(JSON.stringify(stored)).not.toContain(KEY);
    expect(stored.verificationKeyId).toBe(verificationKeyId(KEY));
    expect(resolveVerificationKey(stored, undefined, { SIPRINT_VERIFY_KEY: KEY })).toBe(KEY);
    expect(() => resolveVerificationKey(stored, undefined, { SIPRINT_VERIFY_KEY: 'x'.repeat(32) })).toThrow(/not the run's key/);
    expect(() => resolveVerificationKey(stored, undefined, {})).toThrow(/no verification key/);
  });

  describe('wrong paper refused (issue 16 items 5 and 6)', () => {
    const env = { SIPRINT_VERIFY_KEY: KEY };
    const base = { extract: 'x', postagePermit: 'P-1', env };

    it('refuses a business year that has not ended in China; a proof may look at it', () => {
      // 15:59 UTC on 31 Dec is 23:59 in China: 2025 still open; a minute later it has ended
      expect(() => resolveRunConfig({ ...base, year: 2025, now: new Date('2025-12-31T15:59:00Z') })).toThrow(
        '--year 2025: business year 2025 has not ended (today is 2025-12-31, China time): its statements are made from 2026-01-01 (siprint check and siprint proof may look at it now)',
      );
      expect(() => resolveRunConfig({ ...base, year: 2025, now: new Date('2025-12-31T15:59:00Z') })).toThrow(UsageError);
      expect(() => resolveRunConfig({ ...base, year: 2030 })).toThrow(/business year 2030 has not ended/);
      expect(resolveRunConfig({ ...base, year: 2025, now: new Date('2025-12-31T16:00:00Z') }).printDate).toBe('2026-01-01'); // China's date, not UTC's
      expect(resolveRunConfig({ ...base, year: 2030, purpose: 'proof' }).year).toBe(2030);
    });

    it('refuses a ticket printDate on or before the year\'s end, naming the ticket and field', () => {
      const t = loadTicket(ticket({ mode: 'annual', year: 2025, printDate: '2025-12-31', postagePermit: 'P-1' }));
      expect(() => resolveRunConfig({ ticket: t, extract: 'x', env })).toThrow(`ticket ${t.file}: field "printDate": 2025-12-31 is not after the end of business year 2025: give a date from 2026-01-01`);
      expect(() => resolveRunConfig({ ticket: t, extract: 'x', env })).toThrow(InputError);
      expect(() => resolveRunConfig({ ticket: t, extract: 'x', env, purpose: 'proof' })).toThrow(/field "printDate"/);
      const ok = loadTicket(ticket({ mode: 'annual', year: 2025, printDate: '2026-01-01', postagePermit: 'P-1' }));
      expect(resolveRunConfig({ ticket: ok, extract: 'x', env }).printDate).toBe('2026-01-01');
    });

    it('needs a postage permit, from the ticket or --postage-permit (which wins); a proof goes without', () => {
      expect(() => resolveRunConfig({ year: 2025, extract: 'x', env })).toThrow(
        'no postage permit: give --postage-permit TEXT, or "postagePermit" in the ticket (as in jobs/annual-2025.json): the envelopes print it after 邮资已付',
      );
      const none = loadTicket(ticket({ mode: 'annual', year: 2025 }));
      expect(() => resolveRunConfig({ ticket: none, extract: 'x', env })).toThrow(/no postage permit/);
      expect(resolveRunConfig({ ticket: none, extract: 'x', env, postagePermit: '京邮资许可证第9号' }).postagePermit).toBe('京邮资许可证第9号');
      const annual = loadTicket(path.join(__dirname, '../../jobs/annual-2025.json'));
      expect(resolveRunConfig({ ticket: annual, extract: 'x', env }).postagePermit).toBe('京邮资许可证第2025-0107号');
      expect(resolveRunConfig({ ticket: annual, extract: 'x', env, postagePermit: 'P-2' }).postagePermit).toBe('P-2');
      expect(() => resolveRunConfig({ ...base, year: 2025, postagePermit: '  ' })).toThrow(/--postage-permit " {2}": give the permit as printed/);
      expect(() => loadTicket(ticket({ mode: 'annual', postagePermit: ' ' }))).toThrow(/field "postagePermit": must not be blank/);
      expect(resolveRunConfig({ year: 2025, extract: 'x', env, purpose: 'proof' }).postagePermit).toBe('');
    });
  });
});
