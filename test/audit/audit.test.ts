import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { appendAudit, GENESIS_HASH, verifyAuditChain } from '../../src/audit';
import type { AuditLine } from '../../src/audit';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'siprint-audit-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function freshLog(name: string, n: number): Promise<string> {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  for (let i = 1; i <= n; i++) {
    await appendAudit(dir, { action: 'package.sealed', details: { part: i, sha256: 'ab'.repeat(32) } }, new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
  }
  return path.join(dir, 'audit.jsonl');
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').trimEnd().split('\n');
}

describe('appendAudit', () => {
  it('writes chained lines: time, operator, action, masked ssn, details, prev', async () => {
    const dir = path.join(tmp, 'basic');
    mkdirSync(dir);
    await appendAudit(dir, { action: 'run.start' }, new Date('2026-01-05T08:00:00Z'));
    await appendAudit(dir, { action: 'reprint.request', operator: 'op-li', ssnMasked: '340524********001X', details: { reason: '遗失' } });
    const [a, b] = lines(path.join(dir, 'audit.jsonl'));
    expect(JSON.parse(a!)).toEqual({ seq: 1, time: '2026-01-05T08:00:00.000Z', operator: 'system', action: 'run.start', prev: GENESIS_HASH });
    const second = JSON.parse(b!) as AuditLine;
    expect(second).toMatchObject({ seq: 2, operator: 'op-li', ssnMasked: '340524********001X', details: { reason: '遗失' } });
    expect(second.prev).toBe(createHash('sha256').update(a!).digest('hex'));
    expect(await verifyAuditChain(path.join(dir, 'audit.jsonl'))).toEqual([]);
  });

  it('refuses a full ssn or a name anywhere in the event', async () => {
    await expect(appendAudit(tmp, { action: 'reprint.request', ssnMasked: '34052419800101001X' })).rejects.toThrow(/ssnMasked must be masked/);
    await expect(appendAudit(tmp, { action: 'x', details: { note: 'for 34052419800101001X' } })).rejects.toThrow(/details\.note holds what looks like a full ssn/);
    await expect(appendAudit(tmp, { action: 'x', details: { who: { recipientName: '张伟' } } })).rejects.toThrow(/details\.who\.recipientName would log personal data/);
  });

  it('keeps the chain valid with several processes appending at once', async () => {
    const dir = path.join(tmp, 'concurrent');
    mkdirSync(dir);
    // the children run the same module, compiled (jest runs TypeScript in-process only)
    const js = path.join(__dirname, '../../dist/audit/log.js');
    const per = 25;
    const children = [1, 2, 3, 4].map(
      (w) =>
        new Promise<number>((resolve, reject) => {
          const code = `const a=require(${JSON.stringify(js)});(async()=>{for(let i=0;i<${per};i++)await a.appendAudit(${JSON.stringify(dir)},{action:'part.rendered',operator:'worker-${w}',details:{i}})})().catch(e=>{console.error(e);process.exit(1)})`;
          const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'inherit'] });
          child.on('error', reject);
          child.on('exit', (c) => resolve(c ?? 1));
        }),
    );
    expect(await Promise.all(children)).toEqual([0, 0, 0, 0]);
    const file = path.join(dir, 'audit.jsonl');
    const all = lines(file).map((l) => JSON.parse(l) as AuditLine);
    expect(all).toHaveLength(4 * per);
    expect(all.map((l) => l.seq)).toEqual(Array.from({ length: 4 * per }, (_, i) => i + 1));
    expect(new Set(all.map((l) => l.operator)).size).toBe(4);
    expect(await verifyAuditChain(file)).toEqual([]);
  });

  it('breaks a lock left behind by a dead process', async () => {
    const dir = path.join(tmp, 'stale');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'audit.jsonl.lock'), `${hostname()} 999999999 0 x`);
    await appendAudit(dir, { action: 'run.start' });
    expect(lines(path.join(dir, 'audit.jsonl'))).toHaveLength(1);
  });
});

describe('verifyAuditChain', () => {
  it('detects an edited line', async () => {
    const file = await freshLog('edit', 5);
    const l = lines(file);
    l[1] = l[1]!.replace('"part":2', '"part":9');
    writeFileSync(file, l.join('\n') + '\n');
    expect(await verifyAuditChain(file)).toEqual(['audit.jsonl line 2: edited (its SHA-256 no longer matches the prev of line 3)']);
  });

  it('detects a deleted line, also the first', async () => {
    const file = await freshLog('delete', 5);
    const l = lines(file);
    writeFileSync(file, [l[0], l[1], l[3], l[4]].join('\n') + '\n');
    expect(await verifyAuditChain(file)).toEqual(['audit.jsonl line 3: 1 line missing before it (seq 3 deleted)']);
    writeFileSync(file, l.slice(1).join('\n') + '\n');
    expect(await verifyAuditChain(file)).toEqual(['audit.jsonl line 1: 1 line missing before it (seq 1 deleted)']);
  });

  it('detects an inserted line', async () => {
    const file = await freshLog('insert', 4);
    const l = lines(file);
    const forged = JSON.stringify({ ...(JSON.parse(l[2]!) as AuditLine), details: { part: 99 } });
    writeFileSync(file, [l[0], l[1], forged, l[2], l[3]].join('\n') + '\n');
    expect(await verifyAuditChain(file)).toEqual(['audit.jsonl line 4: seq 3 twice; line 3 before it was inserted (both claim to follow line 2)']);
  });

  it('detects reordered lines', async () => {
    const file = await freshLog('reorder', 5);
    const l = lines(file);
    writeFileSync(file, [l[0], l[2], l[1], l[3], l[4]].join('\n') + '\n');
    const problems = await verifyAuditChain(file);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => /out of order/.test(p))).toBe(true);
    expect(problems[0]).toMatch(/^audit\.jsonl line 2: out of order/);
  });

  it('detects a line rewritten with a recomputed seq but not the hashes, and a missing file', async () => {
    const file = await freshLog('seq', 3);
    const l = lines(file);
    l[2] = l[2]!.replace('"seq":3', '"seq":7');
    writeFileSync(file, l.join('\n') + '\n');
    expect(await verifyAuditChain(file)).toEqual(['audit.jsonl line 3: seq 7 after 2 although the hashes link (seq edited)']);
    const forged = path.join(tmp, 'seq', 'forged.jsonl');
    writeFileSync(forged, JSON.stringify({ seq: 1, time: 'yesterday', action: 'run.start', ssnMasked: '34052419800101001X', prev: GENESIS_HASH }) + '\n');
    expect(await verifyAuditChain(forged)).toEqual(['forged.jsonl line 1: missing or invalid time, operator, ssnMasked (must be masked)']);
    expect(await verifyAuditChain(path.join(tmp, 'nope', 'audit.jsonl'))).toEqual([expect.stringMatching(/^audit\.jsonl: cannot read \(ENOENT\)/)]);
  });
});
