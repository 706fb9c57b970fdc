/**
 * Issue 16 items 5 and 6, through the built CLI: a business year that has not ended, a ticket print
 * date inside the year, a reprint date that is no calendar day or outside print date..today, and a
 * run without a postage permit — each exit 2 with one line, before anything is written.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chinaDate } from '../../src/domain/dates';
import { PERMIT, realFixture, siprint, tempDir } from '../reliability/helpers';

const thisYear = Number(chinaDate(new Date()).slice(0, 4));
const today = chinaDate(new Date());

describe('wrong paper: open years, dates, the postage permit', () => {
  let dir: string;
  let fx: { extract: string; ticket: string };
  beforeAll(() => {
    dir = tempDir('paper');
    fx = realFixture(dir, 12, 10);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['in this process', []],
    ['with --redis (refused before Redis is asked)', ['--redis', 'redis://127.0.0.1:1']],
  ])('run --year of a year not ended (this one, 2030) is exit 2, one line, no run directory: %s', (_how, extra) => {
    for (const year of [thisYear, 2030]) {
      const out = path.join(dir, `open-${year}-${extra.length}`);
      const r = siprint(['run', '--extract', fx.extract, '--year', String(year), '--out', out, ...PERMIT, ...extra]);
      expect([r.status, r.stderr]).toEqual([
        2,
        `siprint: --year ${year}: business year ${year} has not ended (today is ${today}, China time): its statements are made from ${year + 1}-01-01 (siprint check and siprint proof may look at it now)\n`,
      ]);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('check and proof still run on a year not ended, and say so', () => {
    const note = `siprint: note: business year ${thisYear} has not ended (today is ${today}, China time): its figures are not final, and siprint run refuses it until ${thisYear + 1}-01-01`;
    const check = siprint(['check', '--extract', fx.extract, '--year', String(thisYear)]);
    expect(check.status).toBe(0);
    expect(check.stderr.split('\n')).toContain(note);
    const proof = siprint(['proof', '--extract', fx.extract, '--year', String(thisYear), '--out', path.join(dir, 'proof')]);
    expect(proof.status).toBe(0);
    expect(proof.stderr.split('\n')).toEqual([
      note,
      'siprint: note: no postage permit (--postage-permit, or "postagePermit" in the ticket): the proof envelopes show none, and siprint run will ask for it',
      '',
    ]);
    expect(readdirSync(path.join(dir, 'proof')).sort()).toEqual([`proof-extract-${thisYear}.json`, `proof-extract-${thisYear}.pdf`]);
    // an ended year says nothing of the kind
    expect(siprint(['check', '--extract', fx.extract, '--year', '2025']).stderr).not.toMatch(/has not ended/);
  }, 120_000);

  it('a ticket printDate inside the business year is exit 2 naming the ticket and the field', () => {
    const ticket = path.join(dir, 'early.json');
    writeFileSync(ticket, JSON.stringify({ ...JSON.parse(readFileSync(fx.ticket, 'utf8')), printDate: '2025-12-20' }));
    const r = siprint(['run', '--extract', fx.extract, '--ticket', ticket, '--out', path.join(dir, 'early')]);
    expect([r.status, r.stderr]).toEqual([2, `siprint: ticket ${ticket}: field "printDate": 2025-12-20 is not after the end of business year 2025: give a date from 2026-01-01\n`]);
    expect(existsSync(path.join(dir, 'early'))).toBe(false);
  });

  it('a run without a postage permit (no ticket, or a ticket without one) is exit 2 saying where to put it; --postage-permit supplies it', () => {
    const ticket = path.join(dir, 'no-permit.json');
    const { postagePermit: _p, ...rest } = JSON.parse(readFileSync(fx.ticket, 'utf8')) as Record<string, unknown>;
    writeFileSync(ticket, JSON.stringify(rest));
    const line = 'siprint: no postage permit: give --postage-permit TEXT, or "postagePermit" in the ticket (as in jobs/annual-2025.json): the envelopes print it after 邮资已付\n';
    for (const args of [['--year', '2025'], ['--ticket', ticket], ['--ticket', ticket, '--redis', 'redis://127.0.0.1:1']]) {
      const r = siprint(['run', '--extract', fx.extract, '--out', path.join(dir, 'np'), ...args]);
      expect([args, r.status, r.stderr]).toEqual([args, 2, line]);
    }
    expect(existsSync(path.join(dir, 'np'))).toBe(false);
    const ok = siprint(['run', '--extract', fx.extract, '--ticket', ticket, '--postage-permit', '京邮资许可证第9号', '--out', path.join(dir, 'np'), '--run-id', 'NP', '--concurrency', '1']);
    expect(ok.status).toBe(0);
    expect((JSON.parse(readFileSync(path.join(dir, 'np', 'NP', 'run.json'), 'utf8')) as { postagePermit: string }).postagePermit).toBe('京邮资许可证第9号');
  }, 120_000);

  it('reprint --date must be a real calendar day from the run\'s print date to today', () => {
    expect(siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'RD', '--concurrency', '1']).status).toBe(0);
    const runDir = path.join(dir, 'RD');
    const ssn = (JSON.parse(readFileSync(fx.extract, 'utf8').split('\n')[0] ?? '{}') as { person: { ssn: string } }).person.ssn;
    const reprint = (date: string) => siprint(['reprint', '--run', runDir, '--ssn', ssn, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'self', '--out', path.join(dir, 'rp'), '--date', date]);
    const audit = readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8');
    expect([reprint('2026-02-30').status, reprint('2026-02-30').stderr]).toEqual([2, 'siprint: --date 2026-02-30 is not a real calendar date YYYY-MM-DD\n']);
    expect(reprint('2026-01-14').stderr).toBe("siprint: --date 2026-01-14 is before run RD's print date 2026-01-15: a reprint is dated from then to today\n");
    expect(reprint('2099-01-01').stderr).toBe(`siprint: --date 2099-01-01 is after today (${today}, China time): a reprint is not dated ahead\n`);
    expect(readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8')).toBe(audit);
    expect(existsSync(path.join(dir, 'rp'))).toBe(false);
  }, 120_000);
});
