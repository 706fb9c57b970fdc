/**
 * Warnings end to end: `check --ticket` and `run --ticket` write the same warnings.jsonl; the summary,
 * status and report.html count them; the seal covers the file; nothing is held for a warning.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KEY, writeExtract } from '../pipeline/fixture';
import { makeSsn } from '../../src/generate/generate';

const root = path.join(__dirname, '../..');
const bin = path.join(root, 'bin/siprint.js');
const env = { ...process.env, SIPRINT_VERIFY_KEY: KEY, REDIS_URL: '' };
const siprint = (args: string[]) => spawnSync('node', [bin, ...args], { cwd: root, env, encoding: 'utf8' });

describe('warnings in check and run', () => {
  let tmp: string;
  beforeAll(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-warn-'))));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the same warnings.jsonl from check and run; counted in the summary, status and report; sealed; the balance as without them', async () => {
    const extract = path.join(tmp, 'x.jsonl');
    // lines 4 and 8: a person born in 1915 (over 105 at the end of 2025); same gender, same area
    const people = await writeExtract(extract, 40, {
      edit: (rec, i) => {
        if (i !== 3 && i !== 7) return;
        const p = rec.person as { ssn: string; birthDate?: string };
        p.ssn = makeSsn(p.ssn.slice(0, 6), '19150101', Number(p.ssn.slice(14, 17)));
        if (p.birthDate) p.birthDate = '1915-01-01';
      },
    });
    const ticket = JSON.parse(readFileSync(path.join(root, 'jobs/annual-2025.json'), 'utf8')) as Record<string, unknown>;
    // the generator's pension rates are 8 % / 16 %; medical employer is 9.5 %, so 9 % warns on every employee with medical
    ticket.rates = { pension: { personal: 8, employer: 16 }, medical: { personal: 2, employer: 9 } };
    ticket.interestRate = 2.62;
    const ticketFile = path.join(tmp, 'ticket.json');
    writeFileSync(ticketFile, JSON.stringify(ticket));

    const check = siprint(['check', '--extract', extract, '--year', '2025', '--ticket', ticketFile, '--out', path.join(tmp, 'check')]);
    if (check.status !== 0) throw new Error(`check exited ${check.status}: ${check.stderr}`);
    const fromCheck = readFileSync(path.join(tmp, 'check', 'warnings.jsonl'), 'utf8');
    const lines = fromCheck.trim().split('\n').map((l) => JSON.parse(l) as { recordId: string; line: number; warning: string; message: string });
    expect(lines.filter((l) => l.warning === 'AGE_OVER_105').map((l) => l.line)).toEqual([4, 8]);
    const rate = lines.filter((l) => l.warning === 'CONTRIBUTION_RATE');
    expect(rate.length).toBeGreaterThan(3);
    expect(rate.every((l) => l.message.startsWith('schemes.medical.employerContribution'))).toBe(true);
    expect(check.stdout).toMatch(/AGE_OVER_105 a person over 105 +2\n/);
    expect(check.stdout).toMatch(/\nheld[^\n]* 0\n/); // nothing held for a warning
    for (const s of people.ssns) expect(fromCheck).not.toContain(s);

    const run = siprint(['run', '--extract', extract, '--out', tmp, '--run-id', 'warn', '--ticket', ticketFile, '--concurrency', '1']);
    if (run.status !== 0) throw new Error(`run exited ${run.status}: ${run.stderr}`);
    const runDir = path.join(tmp, 'warn');
    expect(readFileSync(path.join(runDir, 'warnings.jsonl'), 'utf8')).toBe(fromCheck);
    expect(run.stdout).toContain(`warnings (printed all the same, for the core system): ${lines.length} — `);
    expect(run.stdout).toMatch(/held 0, suppressed 0/);
    expect(siprint(['status', runDir]).stdout).toContain(`AGE_OVER_105 2`);
    const report = readFileSync(path.join(runDir, 'report.html'), 'utf8');
    expect(report).toContain(`data-figure="warnings.AGE_OVER_105">2<`);
    expect(siprint(['verify', runDir]).status).toBe(0);
    appendFileSync(path.join(runDir, 'warnings.jsonl'), '{}\n');
    const v = siprint(['verify', runDir]);
    expect(v.status).toBe(1);
    expect(v.stdout + v.stderr).toContain('warnings.jsonl: changed after the run sealed it');
  });

  it('a bad rate in the ticket is exit 2 naming the field', () => {
    const ticket = JSON.parse(readFileSync(path.join(root, 'jobs/annual-2025.json'), 'utf8')) as Record<string, unknown>;
    ticket.rates = { pension: { personal: 8.00001 } };
    const f = path.join(tmp, 'bad.json');
    writeFileSync(f, JSON.stringify(ticket));
    const r = siprint(['check', '--extract', path.join(tmp, 'x.jsonl'), '--year', '2025', '--ticket', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('field "rates.pension.personal": at most three decimals');
  });
});
