/**
 * Issue 16 item 14, over a real (small) run made by the built CLI: 第N次 counts that person's written
 * reprints (not the run's counter); a reprint that fails is audited as failed and not numbered; a
 * second reprint of the same person within a day needs a second operator, and three at once cannot all
 * get through without one. Runs dist/: `npm run build` first when run alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readZip } from '../../src/package';
import { readArchive, type ArchivedPiece } from '../../src/run-dir/archive';
import { siprint, spawnSiprint, tempDir } from '../reliability/helpers';

let tmp: string;
let runDir: string;
let people: ArchivedPiece[];

beforeAll(async () => {
  tmp = tempDir('reprint-count');
  const extract = path.join(tmp, 'extract.jsonl');
  expect(siprint(['generate', '--count', '12', '--year', '2025', '--seed', 'nth', '--out', extract]).status).toBe(0);
  const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', tmp, '--run-id', 'NTH', '--concurrency', '1']);
  expect([r.status, r.stderr]).toEqual([0, expect.stringContaining('run finalized')]);
  runDir = path.join(tmp, 'NTH');
  people = [];
  for await (const a of readArchive(runDir)) if (a.recipient.role === 'self') people.push(a);
  expect(people.length).toBeGreaterThanOrEqual(4);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const out = () => mkdtempSync(path.join(tmp, 'out-'));
const args = (a: ArchivedPiece, ...more: string[]) => ['reprint', '--run', runDir, '--ssn', a.record.person.ssn, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'self', '--date', '2026-03-05', ...more];
const packageOf = (stdout: string): string => /^package (\S+) sha256 [0-9a-f]{64}$/m.exec(stdout)?.[1] ?? '';
/** The 补打 mark on the reprinted statement, read back with pdftotext. */
function markOf(stdout: string): string {
  const pdf = readZip(readFileSync(packageOf(stdout))).find((e) => e.name === 'statements.pdf')!;
  const file = path.join(mkdtempSync(path.join(tmp, 'pdf-')), 'statements.pdf');
  writeFileSync(file, pdf.data);
  return /补打（[^）]*）/.exec(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }))?.[0] ?? '';
}
const audit = () => readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { action: string; operator: string; details?: Record<string, unknown> });

describe('第N次 of a reprint', () => {
  it("counts that person's reprints, not the run's", () => {
    const [a, b] = people;
    const first = siprint(args(a!, '--out', out()));
    expect([first.status, first.stderr]).toEqual([0, '']);
    expect(markOf(first.stdout)).toBe('补打（2026年3月5日，第1次）');
    // another person next: their first reprint, though the run's second (before: 第2次)
    const other = siprint(args(b!, '--out', out()));
    expect([other.status, other.stderr]).toEqual([0, '']);
    expect(other.stdout).toMatch(/as RP-000002 /);
    expect(markOf(other.stdout)).toBe('补打（2026年3月5日，第1次）');
    // the first person again (a second operator approves: within a day)
    const again = siprint(args(a!, '--approved-by', 'op.wang', '--out', out()));
    expect([again.status, again.stderr]).toEqual([0, '']);
    expect(markOf(again.stdout)).toBe('补打（2026年3月5日，第2次）');
    const manifest = JSON.parse(Buffer.from(readZip(readFileSync(packageOf(again.stdout))).find((e) => e.name === 'manifest.json')!.data).toString('utf8')) as { reprints: { seq: number; nth: number }[] };
    expect(manifest.reprints).toEqual([expect.objectContaining({ seq: 3, nth: 2 })]);
  });

  it('a reprint that is not written is audited as failed and not numbered', () => {
    const c = people[2]!;
    const blocked = path.join(tmp, 'a-file');
    writeFileSync(blocked, 'in the way');
    const before = audit().length;
    const failed = siprint(args(c, '--out', blocked));
    expect(failed.status).not.toBe(0);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    const added = audit().slice(before);
    expect(added.map((l) => l.action)).toEqual(['reprint.requested', 'reprint.failed']);
    expect(added[1]).toMatchObject({ operator: 'op.li', details: { recordIds: [c.record.recordId], error: expect.stringMatching(/^E[A-Z]+$/) } });
    // the next one is this person's first (before: 第2次), and the failed one's number is not skipped
    const ok = siprint(args(c, '--out', out()));
    expect([ok.status, ok.stderr]).toEqual([0, '']);
    expect(markOf(ok.stdout)).toBe('补打（2026年3月5日，第1次）');
    expect(ok.stdout).toMatch(/as RP-000004 /);
  });
});

describe('a second reprint of the same person within a day', () => {
  it('needs a second operator: refused without one (exit 2, one line, audited), the same operator is no second one', () => {
    const a = people[0]!; // reprinted above, minutes ago
    const before = audit().length;
    const alone = siprint(args(a, '--out', out()));
    expect(alone.status).toBe(2);
    expect(alone.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^siprint: --ssn: ssn \d{6}\*{8}\d{3}[\dX] was reprinted at \S+ \(RP-000003\): a second reprint of the same person within a day needs --approved-by, a second operator$/)]);
    const self = siprint(args(a, '--approved-by', 'OP.LI', '--out', out()));
    expect(self.status).toBe(2);
    expect(self.stderr).toMatch(/is the requesting operator: a second, different operator must approve/);
    expect(audit().slice(before).map((l) => l.action)).toEqual(['reprint.refused', 'reprint.refused']);
  });

  it('three at once without approval: one is reprinted, the other two refused', async () => {
    const d = people[3]!;
    const runs = [0, 1, 2].map(() => spawnSiprint(args(d, '--out', out())).done);
    const results = await Promise.all(runs);
    expect(results.map((r) => r.status).sort()).toEqual([0, 2, 2]);
    for (const r of results.filter((x) => x.status === 2)) expect(r.stderr).toMatch(/within a day needs --approved-by/);
    const packaged = audit().filter((l) => l.action === 'reprint.packaged' && JSON.stringify(l.details).includes(d.record.recordId));
    expect(packaged).toHaveLength(1);
    const verify = siprint(['verify', runDir]); // refusals and the failed attempt keep the run verifiable
    expect([verify.status, verify.stdout]).toEqual([0, expect.not.stringMatching(/FAIL|problem/)]);
  });
});
