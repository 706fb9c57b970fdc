/**
 * `siprint results` on a real run (the built CLI): jammed, damaged, outsorted, duplicate, unknown and
 * prefixed rows give the right counts; a malformed row records nothing; the same file twice is a
 * no-op; SIGKILL while a large file is being taken in, then again: the same counts as an undisturbed run.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliEnv, realFixture, siprint, auditOf, killWhileReading, tempDir } from '../reliability/helpers';

interface Summary {
  k: number;
  rows: number;
  counts: Record<string, number>;
  duplicates: { count: number; pieces: string[] };
  unknown: { count: number; codes: string[] };
  unreported: { count: number };
}
const summary = (runDir: string, k: number) => JSON.parse(readFileSync(path.join(runDir, 'tracking', `results-${k}.json`), 'utf8')) as Summary;

describe('siprint results', () => {
  let dir: string;
  let runDir: string;
  let pristine: string;
  const env = cliEnv({ USER: 'op.li' });
  const ids: string[] = [];

  beforeAll(() => {
    dir = tempDir('results');
    const fx = realFixture(dir, 40, 12);
    const r = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'res', '--concurrency', '1'], env);
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    runDir = path.join(dir, 'res');
    pristine = path.join(dir, 'pristine');
    cpSync(runDir, pristine, { recursive: true });
    // every piece ID of the run, from the packages' mailing lists as rendered
    for (const part of readdirSync(path.join(runDir, 'parts')).filter((p) => !p.includes('.') && !p.startsWith('EL-')).sort()) {
      const csv = readFileSync(path.join(runDir, 'parts', part, 'mailing.csv'), 'utf8').trim().split('\n');
      const col = csv[0]!.split(',').indexOf('pieceId');
      for (const line of csv.slice(1)) ids.push(line.split(',')[col]!);
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts every kind of row: prefixed or not, full code or bare ID, latest wins, duplicates and unknown reported', () => {
    const [a, b, c, d, e, f] = ids;
    const rows = [
      'piece,status,time,station',
      `]d2res|${a}|1/1,ok,2026-02-01T08:00:00+08:00,INS-1`,
      `res|${b}|1/2,jammed,,INS-1`,
      `${c},damaged,,`,
      `]d2${d},outsorted,,`,
      `res|${e}|1/1,missing,,`,
      `res|${e}|1/1,ok,,INS-2`, // e: jammed first, then ok: latest wins
      `${a},ok,,INS-2`, // a second ok: a duplicate
      `res|${f}|2/2,ok,,`,
      'res|E99999999|1/1,ok,,', // not a piece of this run
      'other-run|E00000001|1/1,ok,,', // another run's code
      'garbage,ok,,',
    ];
    const file = path.join(dir, 'results-1.csv');
    writeFileSync(file, `${rows.join('\r\n')}\r\n`);
    const r = siprint(['results', runDir, '--file', file], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1); // pieces failed, one duplicate
    const s = summary(runDir, 1);
    expect(s.rows).toBe(11);
    expect(s.counts).toEqual({ ok: 7, outsorted: 1, damaged: 1, jammed: 1, missing: 1 });
    expect(s.duplicates).toEqual({ count: 1, pieces: [a] });
    expect(s.unknown).toEqual({ count: 3, codes: ['res|E99999999|1/1', 'other-run|E00000001|1/1', 'garbage'] });
    expect(r.stdout).toContain(`duplicates: 1 piece(s) reported ok twice, someone may get two envelopes: ${a}`);
    expect(r.stdout).toContain('3 piece(s) not ok');
    const st = JSON.parse(siprint(['status', runDir, '--json'], env).stdout) as { tracking: { counts: Record<string, number> } };
    expect(st.tracking.counts).toMatchObject({ produced: 3, failed: 3, notDelivered: ids.length - 6 });
    const ev = auditOf(runDir).filter((l) => l.action === 'results.recorded');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.details).toMatchObject({ k: 1, rows: 11, duplicates: 1, unknown: 3 });
    expect(JSON.stringify(ev[0])).not.toMatch(/INS-|garbage/);
  });

  it('the same file twice changes nothing', () => {
    const before = readFileSync(path.join(runDir, 'tracking', 'pieces.bin'));
    const r = siprint(['results', runDir, '--file', path.join(dir, 'results-1.csv')], env);
    expect(r.stdout).toContain('was taken in before (tracking/results-1.json): nothing changed');
    expect(readFileSync(path.join(runDir, 'tracking', 'pieces.bin')).equals(before)).toBe(true);
    expect(auditOf(runDir).filter((l) => l.action === 'results.recorded')).toHaveLength(1);
    expect(existsSync(path.join(runDir, 'tracking', 'results-2.json'))).toBe(false);
  });

  it.each([
    ['a bad status', `${ids[7]},ok\n${ids[8]},torn\n`, 'line 3: field "status" is "torn", expected one of ok, outsorted, damaged, jammed, missing'],
    ['an empty piece', `${ids[7]},ok\n,ok\n`, 'line 3: field "piece" is empty'],
    ['a row with too many fields', `${ids[7]},ok\n${ids[8]},ok,x\n`, 'line 3: 3 fields, the header has 2'],
    ['a bad time', `${ids[7]},ok\n`, ''],
  ])('a file with %s records nothing and names the row (exit 2)', (_what, body, message) => {
    const file = path.join(dir, `bad-${message.length}.csv`);
    const header = message ? 'piece,status\n' : 'piece,status,time\n';
    writeFileSync(file, message ? header + body : `${header}${ids[7]},ok,2026-02-01\n${ids[8]},ok,yesterday\n`);
    const before = readFileSync(path.join(runDir, 'tracking', 'pieces.bin'));
    const r = siprint(['results', runDir, '--file', file], env);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message || 'line 3: field "time" is "yesterday", not a date-time');
    expect(r.stderr).toContain('nothing of this file was recorded');
    expect(readFileSync(path.join(runDir, 'tracking', 'pieces.bin')).equals(before)).toBe(true);
  });

  it('a wrong header or a missing file: one line, exit 2', () => {
    const file = path.join(dir, 'header.csv');
    writeFileSync(file, 'id,result\nE00000001,ok\n');
    const r = siprint(['results', runDir, '--file', file], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('line 1: the header is "id,result", expected piece,status[,time[,station]]');
    const m = siprint(['results', runDir, '--file', path.join(dir, 'nope.csv')], env);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/--file .*nope\.csv does not exist/);
  });

  it('SIGKILL while a large file is taken in, then again: the same counts as without the crash', async () => {
    // 600,000 rows over the run's pieces (many duplicates, some failures): a few seconds to read
    const statuses = ['ok', 'ok', 'ok', 'jammed', 'ok', 'damaged', 'ok'];
    const lines = ['piece,status'];
    for (let i = 0; i < 600_000; i++) lines.push(`]d2res|${ids[i % ids.length]}|1/1,${statuses[i % statuses.length]}`);
    const file = path.join(dir, 'big.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const calm = path.join(dir, 'calm');
    cpSync(pristine, calm, { recursive: true });
    expect(siprint(['results', calm, '--file', file], env).stderr).toBe('');

    const crashed = path.join(dir, 'crashed');
    cpSync(pristine, crashed, { recursive: true });
    const { killedAt, result: killed } = await killWhileReading(['results', crashed, '--file', file], env, file);
    expect(killedAt).toBeGreaterThan(0);
    expect(killed.status).toBeNull();
    expect(existsSync(path.join(crashed, 'tracking', 'pieces.bin'))).toBe(false);
    const again = siprint(['results', crashed, '--file', file], env);
    expect(again.stderr).toBe('');
    const a = summary(calm, 1);
    const b = summary(crashed, 1);
    expect({ ...b, time: '' }).toEqual({ ...a, time: '' });
    expect(b.rows).toBe(600_000);
    expect(b.duplicates.count).toBeGreaterThan(100_000);
    expect(readFileSync(path.join(crashed, 'tracking', 'pieces.bin')).equals(readFileSync(path.join(calm, 'tracking', 'pieces.bin')))).toBe(true);
    expect(auditOf(crashed).filter((l) => l.action === 'results.recorded')).toHaveLength(1);
  }, 180_000);
});
