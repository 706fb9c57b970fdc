/**
 * Issue 16 item 2: one operator rule everywhere. An approval-gated run needs a named operator (not
 * "system"/"unknown", not an empty $USER); an approver must be named and differ from the creator that
 * the audit log records (release.json could be edited); purge and run default alike ($USER).
 * Item 3: a run pending release is not reprinted.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isNamedOperator } from '../../src/domain/operator';
import { cliEnv, realFixture, siprint, tempDir, auditOf } from '../reliability/helpers';


describe('operators and the release gate', () => {
  let dir: string;
  let gatedTicket: string;
  let fx: { extract: string; ticket: string };
  beforeAll(() => {
    dir = tempDir('operator');
    fx = realFixture(dir, 30, 15);
    gatedTicket = path.join(dir, 'gated.json');
    writeFileSync(gatedTicket, JSON.stringify({ ...(JSON.parse(readFileSync(fx.ticket, 'utf8')) as object), requireApproval: true }));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names nobody: system, unknown (any case); a malformed ID is not an operator either', () => {
    expect(['system', 'SYSTEM', 'unknown', 'bad id', '', undefined].map(isNamedOperator)).toEqual([false, false, false, false, false, false]);
    expect(['wang.li', 'op-7'].map(isNamedOperator)).toEqual([true, true]);
  });

  it.each([
    ['an empty $USER', { USER: '' }, []],
    ['$USER=system', { USER: 'system' }, []],
    ['--operator unknown', { USER: 'wang.li' }, ['--operator', 'unknown']],
  ])('refuses an approval-gated run started by %s (exit 2, one line, no run directory)', (_what, env, extra) => {
    const r = siprint(['run', '--extract', fx.extract, '--ticket', gatedTicket, '--out', dir, '--run-id', 'nobody', ...extra], cliEnv(env));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^siprint: ticket .*gated\.json sets requireApproval: give the operator who starts the run \(--operator ID, or \$USER\)/);
    expect(() => readFileSync(path.join(dir, 'nobody', 'run.json'))).toThrow();
  });

  it('refuses "system" as approver, and the creator of the audit log even when release.json names another', () => {
    const r = siprint(['run', '--extract', fx.extract, '--ticket', gatedTicket, '--out', dir, '--run-id', 'gated', '--concurrency', '1'], cliEnv({ USER: 'wang.li' }));
    expect(r.status).toBe(0);
    const runDir = path.join(dir, 'gated');
    const sys = siprint(['release', runDir, '--approved-by', 'system'], cliEnv({ USER: 'zhao.min' }));
    expect(`${sys.status} ${sys.stderr}`).toBe('2 siprint: --approved-by system names nobody: a release needs the ID of the second operator who approves it\n');
    const rel = path.join(runDir, 'release.json');
    const before = readFileSync(rel, 'utf8');
    writeFileSync(rel, before.replace('"startedBy": "wang.li"', '"startedBy": "someone.else"'));
    const self = siprint(['release', runDir, '--approved-by', 'WANG.LI'], cliEnv({ USER: 'wang.li' }));
    expect(`${self.status} ${self.stderr}`).toBe('2 siprint: run gated was started by wang.li: a release needs a second operator (--approved-by someone else)\n');
    const selfZh = siprint(['--lang', 'zh-CN', 'release', runDir, '--approved-by', 'WANG.LI'], cliEnv({ USER: 'wang.li' }));
    expect(`${selfZh.status} ${selfZh.stderr}`).toBe('2 siprint: 批次 gated 由 wang.li 发起：放行须由另一名操作员审批（--approved-by 其他人）\n');
    writeFileSync(rel, before);
    expect(auditOf(runDir).filter((l) => l.action === 'release.approved')).toEqual([]);
    // item 3: no reprint of a run still pending release
    const ssn = (JSON.parse(readFileSync(fx.extract, 'utf8').split('\n')[0]!) as { person: { ssn: string } }).person.ssn;
    const reprint = ['reprint', '--run', runDir, '--ssn', ssn, '--reason', '遗失', '--requested-by', 'chen.jie', '--relation', 'self', '--out', path.join(dir, 'rp')];
    const early = siprint(reprint);
    expect(`${early.status} ${early.stderr}`).toBe(`2 siprint: run gated is pending approval: nothing of it is reprinted until a second operator releases it (siprint release ${runDir} --approved-by OP)\n`);
    const earlyZh = siprint(['--lang', 'zh-CN', ...reprint]);
    expect(`${earlyZh.status} ${earlyZh.stderr}`).toBe(`2 siprint: 批次 gated 待审批：在第二名操作员放行之前不补打其中任何一份（siprint release ${runDir} --approved-by 操作员）\n`);
    expect(siprint(['release', runDir, '--approved-by', 'zhao.min']).status).toBe(0);
    expect(siprint(reprint).status).toBe(0);
  }, 120_000);

  it('purge defaults to $USER like run does', () => {
    const r = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'plain', '--concurrency', '1'], cliEnv({ USER: 'li.na' }));
    expect(r.status).toBe(0);
    const runDir = path.join(dir, 'plain');
    expect(siprint(['purge', runDir, '--keep-audit'], cliEnv({ USER: 'li.na' })).status).toBe(0);
    const lines = auditOf(runDir);
    expect([lines.find((l) => l.action === 'run.created')?.operator, lines.find((l) => l.action === 'run.purged')?.operator]).toEqual(['li.na', 'li.na']);
  }, 120_000);
});
