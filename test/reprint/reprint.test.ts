/**
 * `siprint reprint` and `verify` over a real (small) run made by the built CLI, with its archive
 * sealed by SIPRINT_ARCHIVE_KEY. Runs dist/: `npm test` builds first; alone, `npm run build` before.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readArchive, type ArchivedPiece } from '../../src/run-dir/archive';
import { checkSsn, ssnCheckChar } from '../../src/domain/ssn';
import { formatVerificationCode } from '../../src/render';
import { readZip } from '../../src/package';
import { allocateReprintSeqs } from '../../src/reprint';
import { dmtx, rasterize } from '../render/tools';

const root = path.join(__dirname, '../..');
const bin = path.join(root, 'bin/siprint.js');
const KEY = 'test-verification-key-0123456789';
const ARCHIVE_KEY = 'a1'.repeat(32);
const env = { ...process.env, SIPRINT_VERIFY_KEY: KEY, SIPRINT_ARCHIVE_KEY: ARCHIVE_KEY, REDIS_URL: '' };

function siprint(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('node', [bin, ...args], { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const pdfText = (file: string, first?: number, last?: number): string =>
  execFileSync('pdftotext', ['-layout', ...(first ? ['-f', String(first), '-l', String(last ?? first)] : []), file, '-'], { encoding: 'utf8' });

let tmp: string;
let runDir: string;
let extractLines: Record<string, unknown>[];
let archived: ArchivedPiece[];
const out = () => mkdtempSync(path.join(tmp, 'out-'));

/** Unzips a reprint package into a fresh directory; returns the paths of its files. */
function unpack(zipFile: string): Record<string, string> {
  const dir = mkdtempSync(path.join(tmp, 'unz-'));
  const files: Record<string, string> = {};
  for (const e of readZip(readFileSync(zipFile))) {
    files[e.name] = path.join(dir, e.name);
    writeFileSync(files[e.name]!, e.data);
  }
  return files;
}
const packageOf = (stdout: string): string => /^package (\S+) sha256 [0-9a-f]{64}$/m.exec(stdout)?.[1] ?? '';
const auditLines = (dir = runDir) => readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; operator: string; action: string; ssnMasked?: string; details?: Record<string, unknown> });
const adult = () => archived.find((a) => a.recipient.role === 'self' && a.batch === 'E' && a.seq === 1)!;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-reprint-'));
  const extract = path.join(tmp, 'extract.jsonl');
  // seed b: 30 records, some held, two minors with a guardian (checked below)
  expect(siprint(['generate', '--count', '30', '--year', '2025', '--seed', 'b', '--faults', '0.4', '--out', extract]).status).toBe(0);
  const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', tmp, '--run-id', 'RP1', '--concurrency', '1']);
  expect([r.status, r.stderr]).toEqual([0, expect.stringContaining('run finalized')]);
  runDir = path.join(tmp, 'RP1');
  extractLines = readFileSync(extract, 'utf8').split('\n').filter(Boolean).map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      return {};
    }
  });
  process.env.SIPRINT_ARCHIVE_KEY = ARCHIVE_KEY;
  archived = [];
  for await (const a of readArchive(runDir)) archived.push(a);
}, 120000);
afterAll(() => {
  delete process.env.SIPRINT_ARCHIVE_KEY;
  rmSync(tmp, { recursive: true, force: true });
});

describe('the archive at rest', () => {
  it('is mode 0600, gzip inside AES-256-GCM, naming a key id and never the key', () => {
    const files = readdirSync(path.join(runDir, 'archive'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const file = path.join(runDir, 'archive', f);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const bytes = readFileSync(file);
      expect(bytes.subarray(0, 20).toString('latin1')).toBe('SIPRINT-AES256GCM/1\n');
      expect(() => gunzipSync(bytes)).toThrow();
      expect(bytes.includes(Buffer.from(ARCHIVE_KEY))).toBe(false);
      expect(bytes.includes(Buffer.from(adult().record.person.name))).toBe(false);
    }
    expect(archived.length).toBeGreaterThan(10);
  });

  it('verify-code checks the HMAC in the sealed archive with its key, and says which key is missing without it', () => {
    const code = formatVerificationCode(adult().verificationCode);
    const ok = siprint(['verify-code', code, '--run', runDir]);
    expect(ok.stdout).toContain(`VALID (archive lookup): ${code} is on record in run RP1: piece ${adult().pieceId}`);
    expect(ok.stdout).toMatch(/HMAC: checks under the given key/);
    // the index is not sealed (masked data only): the lookup works, the HMAC cannot be checked
    const noKey = siprint(['verify-code', code, '--run', runDir], { SIPRINT_ARCHIVE_KEY: '' });
    expect(noKey.status).toBe(1);
    expect(noKey.stdout).toContain(`VALID (archive lookup): ${code}`);
    expect(noKey.stdout).toMatch(/HMAC: cannot be checked: .*is encrypted \(key id [0-9a-f]{16}\): set SIPRINT_ARCHIVE_KEY/);
  });
});

describe('siprint reprint', () => {
  it('re-renders the same statement text and code, with the 补打 mark and a new piece ID in the DataMatrix', () => {
    const a = adult();
    const dir = out();
    const r = siprint(['reprint', '--run', runDir, '--ssn', a.record.person.ssn, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'self', '--out', dir, '--date', '2026-03-05']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const seqMatch = /as RP-(\d{6})/.exec(r.stdout);
    expect(seqMatch).not.toBeNull();
    const pieceId = `RP-${seqMatch![1]}`;
    const files = unpack(packageOf(r.stdout));
    expect(Object.keys(files)).toEqual(['statements.pdf', 'envelopes.pdf', 'mailing.csv', 'manifest.json']);

    const orig = unpack(path.join(runDir, 'print', 'RP1-E-p001.zip'));
    const reprinted = pdfText(files['statements.pdf']!);
    const pages = (reprinted.match(/\f/g) ?? []).length;
    const original = pdfText(orig['statements.pdf']!, 1, pages);
    const mark = '补打（2026年3月5日，第1次）'; // this person's first reprint (the run's counter is in the piece ID)
    expect(reprinted).toContain(mark);
    expect(original).not.toContain('补打');
    // same text except the mark and the piece ID in the footer
    const normalize = (t: string) => t.split('\n').filter((l) => !l.includes(mark)).join('\n').replaceAll(pieceId, a.pieceId).replace(/^\n+/, '');
    expect(normalize(reprinted)).toBe(original.replace(/^\n+/, ''));
    expect(reprinted).toContain(formatVerificationCode(a.verificationCode));
    expect(original).toContain(formatVerificationCode(a.verificationCode));

    // the inserter's code sits bottom right (layout frame.dataMatrix): read a crop of it
    const dm = dmtx(rasterize(files['statements.pdf']!, 1, 150, { x: 176, y: 268, w: 22, h: 22 }));
    expect(dm[0]).toMatch(new RegExp(`^RP1\\|${pieceId}\\|1/\\d+$`));
    expect(readFileSync(files['mailing.csv']!, 'utf8').split('\r\n')[1]).toMatch(new RegExp(`^${pieceId},E,${a.record.recordId},[^,]+,self,`));

    const log = auditLines();
    const req = log.find((l) => l.action === 'reprint.requested' && l.ssnMasked === `${a.record.person.ssn.slice(0, 6)}********${a.record.person.ssn.slice(-4)}`);
    expect(req).toMatchObject({ operator: 'op.li', details: { relation: 'self', reason: '遗失' } });
    const pkg = log.find((l) => l.action === 'reprint.packaged' && JSON.stringify(l.details).includes(pieceId));
    expect(pkg?.details?.sha256).toBe(/sha256 ([0-9a-f]{64})/.exec(r.stdout)?.[1]);
    const text = readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8');
    expect(text).not.toContain(a.record.person.ssn);
    expect(text).not.toContain(a.record.person.name);
  });

  it('four eyes: a non-self request without an approver or approved by the requester is refused (exit 2, one line); a second operator passes', () => {
    const a = archived.find((x) => x.recipient.role === 'self' && x !== adult())!;
    const base = ['reprint', '--run', runDir, '--ssn', a.record.person.ssn, '--reason', '代办', '--requested-by', 'op.li', '--relation', 'agent'];
    const before = auditLines().length;
    const missing = siprint([...base, '--out', out()]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^siprint: --ssn: a request by relation "agent" needs --approved-by: a second operator must approve it/)]);
    const same = siprint([...base, '--approved-by', 'OP.LI', '--out', out()]);
    expect(same.status).toBe(2);
    expect(same.stderr.trim().split('\n')).toEqual([expect.stringMatching(/approved-by OP\.LI is the requesting operator: a second, different operator must approve/)]);
    // both refusals registered, nothing reprinted
    expect(auditLines().slice(before).map((l) => l.action)).toEqual(['reprint.refused', 'reprint.refused']);
    const ok = siprint([...base, '--approved-by', 'op.wang', '--out', out()]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const added = auditLines().slice(before + 2);
    expect(added.map((l) => [l.action, l.operator])).toEqual([
      ['reprint.requested', 'op.li'],
      ['reprint.approved', 'op.wang'],
      ['reprint.packaged', 'op.li'],
    ]);
  });

  it('an ssn not in the run is exit 2 naming the run', () => {
    const first17 = '11010519900307123';
    const ssn = first17 + ssnCheckChar(first17);
    expect(archived.some((a) => a.record.person.ssn === ssn)).toBe(false);
    const r = siprint(['reprint', '--run', runDir, '--ssn', ssn, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'self', '--out', out()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^siprint: --ssn: ssn 110105\*{8}\d{3}[\dX] is not in run RP1 \(.*RP1\): no statement of that run was printed for it/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a held person cannot be reprinted: the reason code from exceptions.jsonl', () => {
    const exc = readFileSync(path.join(runDir, 'exceptions.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string; recordId: string });
    const held = exc.find((e) => {
      const ssn = (extractLines[e.line - 1]?.person as { ssn?: string } | undefined)?.ssn;
      return ssn !== undefined && checkSsn(ssn).ok && !archived.some((a) => a.record.person.ssn === ssn);
    });
    expect(held).toBeDefined();
    const ssn = (extractLines[held!.line - 1]!.person as { ssn: string }).ssn;
    const r = siprint(['reprint', '--run', runDir, '--ssn', ssn, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'self', '--out', out()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`was not printed in run RP1, so it cannot be reprinted: (held|suppressed) as ${held!.reason} \\(record ${held!.recordId}, extract line ${held!.line}`));
  });

  it("a minor's reprint goes to the guardian (envelope and mailing.csv)", () => {
    const minor = archived.find((a) => a.recipient.role === 'guardian');
    expect(minor).toBeDefined();
    const r = siprint(['reprint', '--run', runDir, '--ssn', minor!.record.person.ssn, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'guardian', '--approved-by', 'op.wang', '--out', out()]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/to guardian\)/);
    const files = unpack(packageOf(r.stdout));
    const row = readFileSync(files['mailing.csv']!, 'utf8').split('\r\n')[1]!.split(',');
    expect(row[3]).toBe(minor!.record.guardian!.name);
    expect(row[4]).toBe('guardian');
    const envelope = pdfText(files['envelopes.pdf']!).replace(/\s+/g, '');
    expect(envelope).toContain(minor!.record.guardian!.name);
    expect(envelope).toContain('监护人');
    expect(pdfText(files['statements.pdf']!)).toContain(minor!.record.person.name);
  });

  it('--address-json sends the envelope to a new address', () => {
    const a = archived.filter((x) => x.recipient.role === 'self')[3]!;
    const addr = path.join(tmp, 'addr.json');
    writeFileSync(addr, JSON.stringify({ postcode: '200001', province: '上海市', city: '上海市', district: '黄浦区', line: '新址路9号' }));
    const r = siprint(['reprint', '--run', runDir, '--ssn', a.record.person.ssn, '--reason', '地址变更', '--requested-by', 'op.li', '--relation', 'self', '--address-json', addr, '--out', out()]);
    expect(r.status).toBe(0);
    const csv = readFileSync(unpack(packageOf(r.stdout))['mailing.csv']!, 'utf8');
    expect(csv).toContain(',200001,上海市黄浦区新址路9号,');
  });

  it('--list: one line per bad row and nothing done; a good list gives one package of all', () => {
    const [a, b] = archived.filter((x) => x.recipient.role === 'self').slice(4, 6) as [ArchivedPiece, ArchivedPiece];
    const list = path.join(tmp, 'list.csv');
    writeFileSync(list, `ssn,reason,requestedBy,relation,approvedBy\n${a.record.person.ssn},遗失,op.li,self,\n${b.record.person.ssn},代办,op.li,employer,\n123,遗失,op.li,self,\n`);
    const seqsBefore = readdirSync(path.join(runDir, 'reprints')).length;
    const bad = siprint(['reprint', '--run', runDir, '--list', list, '--out', out()]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^siprint: list\.csv row 3: a request by relation "employer" needs --approved-by/),
      expect.stringMatching(/^siprint: list\.csv row 4: ssn is not a valid/),
    ]);
    expect(readdirSync(path.join(runDir, 'reprints'))).toHaveLength(seqsBefore);
    writeFileSync(list, `ssn,reason,requestedBy,relation,approvedBy\n${a.record.person.ssn},遗失,op.li,self,\n${b.record.person.ssn},代办,op.li,employer,op.wang\n`);
    const good = siprint(['reprint', '--run', runDir, '--list', list, '--out', out()]);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    const files = unpack(packageOf(good.stdout));
    const m = JSON.parse(readFileSync(files['manifest.json']!, 'utf8')) as { pieces: number; reprints: { pieceId: string; recordId: string }[] };
    expect(m.pieces).toBe(2);
    expect(m.reprints.map((x) => x.recordId)).toEqual([a.record.recordId, b.record.recordId]);
    expect(new Set(m.reprints.map((x) => x.pieceId)).size).toBe(2);
    const text = pdfText(files['statements.pdf']!);
    for (const x of m.reprints) expect(text).toContain(x.pieceId);
  });

  it('refuses when the installed layout is not the one the run used', () => {
    const copy = path.join(tmp, 'RP1-layout');
    cpSync(runDir, copy, { recursive: true });
    const mf = path.join(copy, 'manifest.json');
    const m = JSON.parse(readFileSync(mf, 'utf8')) as { layouts: { id: string; sha256: string }[] };
    m.layouts[0]!.sha256 = '0'.repeat(64);
    writeFileSync(mf, JSON.stringify(m));
    const r = siprint(['reprint', '--run', copy, '--ssn', adult().record.person.ssn, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'self', '--out', out()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/run RP1 was rendered with layout \S+ version \S+ \(sha256 000000000000…\), installed is version/);
  });

  it('needs the run\'s verification key (the 校验码 must be the same): exit 2 naming the key id', () => {
    const args = ['reprint', '--run', runDir, '--ssn', adult().record.person.ssn, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'self', '--out', out()];
    const none = siprint(args, { SIPRINT_VERIFY_KEY: '' });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^siprint: run RP1: no verification key here: set SIPRINT_VERIFY_KEY .*key id [0-9a-f]{16}/);
    const wrong = siprint(args, { SIPRINT_VERIFY_KEY: 'another-key-0123456789abcdef' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/is not the run's key/);
  });

  it('sequence numbers are unique under concurrent reprints', async () => {
    const dir = mkdtempSync(path.join(tmp, 'seq-'));
    const item = { requestedBy: 'op', recordId: 'R1', originalPieceId: 'E1' };
    const got = (await Promise.all(Array.from({ length: 8 }, () => allocateReprintSeqs(dir, [item, item, item])))).flat();
    expect(new Set(got).size).toBe(24);
    expect(Math.max(...got)).toBe(24);
  });
});

describe('siprint verify over the real run', () => {
  it('passes after the reprints (the chain just grew) and catches an edited, a deleted and a reordered audit line', () => {
    const ok = siprint(['verify', runDir]);
    expect(ok.stdout).toMatch(/^OK RP1: /);
    const cases: [string, (l: string[]) => string[], RegExp][] = [
      ['edit', (l) => l.map((x, i) => (i === 2 ? x.replace('"operator":"system"', '"operator":"mallory"') : x)), /audit\.jsonl line 3: edited/],
      ['delete', (l) => l.filter((_, i) => i !== 2), /audit\.jsonl line 3: 1 line missing before it \(seq 3 deleted\)/],
      ['reorder', (l) => [l[0]!, l[2]!, l[1]!, ...l.slice(3)], /audit\.jsonl line 2: out of order/],
    ];
    for (const [name, change, expected] of cases) {
      const copy = path.join(tmp, `RP1-${name}`);
      cpSync(runDir, copy, { recursive: true });
      const file = path.join(copy, 'audit.jsonl');
      writeFileSync(file, change(readFileSync(file, 'utf8').trimEnd().split('\n')).join('\n') + '\n');
      const r = siprint(['verify', copy]);
      expect([name, r.status]).toEqual([name, 1]);
      expect(r.stdout).toMatch(expected);
    }
  });

  it('the pipeline writes run start, ingest, every package sealed (with its SHA-256) and run end', () => {
    const log = auditLines();
    expect(log[0]?.action).toBe('run.created');
    const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as { packages: { path: string; sha256: string }[] };
    for (const p of manifest.packages) expect(log.some((l) => l.action === 'package.sealed' && l.details?.path === p.path && l.details.sha256 === p.sha256)).toBe(true);
    expect(log.some((l) => l.action === 'run.records')).toBe(true);
  });
});
