/** `siprint dispatch` on a real run: by package and by piece, unknown units, a malformed row, the same file twice, at risk. */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliEnv, realFixture, siprint, tempDir } from '../reliability/helpers';

describe('siprint dispatch', () => {
  let dir: string;
  let runDir: string;
  const env = cliEnv({ USER: 'op.li' });
  const packages: { file: string; ids: string[] }[] = [];

  beforeAll(() => {
    dir = tempDir('dispatch');
    const fx = realFixture(dir, 30, 12);
    const r = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'dsp', '--concurrency', '1'], env);
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    runDir = path.join(dir, 'dsp');
    for (const part of readdirSync(path.join(runDir, 'parts')).filter((p) => !p.includes('.') && !p.startsWith('EL-')).sort()) {
      const marker = JSON.parse(readFileSync(path.join(runDir, 'parts', part, 'packaged.json'), 'utf8')) as { path: string };
      const ids = readFileSync(path.join(runDir, 'parts', part, 'mailing.csv'), 'utf8').trim().split('\r\n').slice(1).map((l) => l.split(',')[0]!);
      packages.push({ file: path.basename(marker.path), ids });
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a package dispatches all its pieces, a piece itself; unknown units reported; past the dispatch date the rest is at risk', () => {
    const [first, second] = packages;
    const file = path.join(dir, 'd1.csv');
    writeFileSync(file, `unit,dispatchedOn,receipt\n${first!.file},2026-03-01,\n]d2dsp|${second!.ids[0]}|1/1,2026-03-02,XA0001\nnot-a-package.zip,2026-03-02,\n`);
    const r = siprint(['dispatch', runDir, '--file', file], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1); // the business year 2025's dispatch date (2026-03-24) has passed: the rest is at risk
    expect(r.stdout).toContain('1 package(s) and 1 piece(s) dispatched (tracking/dispatch-1.json)');
    expect(r.stdout).toContain('unknown: 1 unit(s) neither a package nor a piece of this run: not-a-package.zip');
    const total = packages.reduce((a, p) => a + p.ids.length, 0);
    const dispatched = first!.ids.length + 1;
    expect(r.stdout).toContain(`AT RISK: ${total - dispatched} piece(s) not dispatched by 2026-03-24`);
    expect(r.stdout).toContain(`${second!.file} ${second!.ids.length - 1}`);
    const st = JSON.parse(siprint(['status', runDir, '--json'], env).stdout) as { tracking: { counts: Record<string, number>; dispatchBy: string; lastDispatchOn: string } };
    expect(st.tracking.counts.dispatched).toBe(dispatched);
    expect(st.tracking.dispatchBy).toBe('2026-03-24');
    expect(st.tracking.lastDispatchOn).toBe('2026-03-02');
    const again = siprint(['dispatch', runDir, '--file', file], env);
    expect(again.stdout).toContain('was taken in before (tracking/dispatch-1.json): nothing changed');
    expect(siprint(['verify', runDir], env).stdout).toMatch(/^OK dsp/);
  });

  it('a malformed row records nothing and names the row (exit 2)', () => {
    const file = path.join(dir, 'd2.csv');
    writeFileSync(file, `unit,dispatchedOn\n${packages[2]!.file},2026-03-05\n${packages[1]!.file},5 March\n`);
    const before = readFileSync(path.join(runDir, 'tracking', 'pieces.bin'));
    const r = siprint(['dispatch', runDir, '--file', file], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('line 3: field "dispatchedOn" is "5 March", not a date YYYY-MM-DD; nothing of this file was recorded');
    expect(readFileSync(path.join(runDir, 'tracking', 'pieces.bin')).equals(before)).toBe(true);
  });
});
