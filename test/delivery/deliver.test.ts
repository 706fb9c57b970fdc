/**
 * `siprint deliver` and `siprint acks` against a real OpenSSH server on loopback (test/delivery/sshd.ts):
 * the real CLI, a real run, the remote directory read straight from disk.
 */
import { createHash } from 'node:crypto';
import { cpSync } from 'node:fs';
import { appendAudit } from '../../src/audit';
import { runPage } from '../../src/dashboard/pages';
import { readRunState } from '../../src/pipeline/state';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chownSync } from 'node:fs';
import path from 'node:path';
import { cliEnv, mailedManifestOf, realFixture, siprint, tempDir, auditOf } from '../reliability/helpers';
import { sshdMissing, startSshd, type Sshd } from './sshd';
import { describeWhen } from '../prerequisites';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const remoteMtimes = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(dir + '/' + f).mtimeMs]));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWhen(sshdMissing, 'deliver and acks over SFTP (real sshd)', () => {
  let sshd: Sshd;
  let dir: string;
  let runDir: string;
  const env = cliEnv({ USER: 'op.zhang' });
  const target = () => ['--to', sshd.url, '--identity', sshd.identity, '--known-hosts', sshd.knownHosts];
  const files = () => mailedManifestOf(runDir).packages.map((p) => path.basename(p.path));

  beforeAll(async () => {
    sshd = await startSshd();
    dir = tempDir('deliver');
    const fx = realFixture(dir, 60, 12);
    // the ticket names the print house (its key paths relative to the ticket); acks due within ~2 s
    const ticket = JSON.parse(readFileSync(fx.ticket, 'utf8')) as Record<string, unknown>;
    writeFileSync(fx.ticket, JSON.stringify({ ...ticket, printHouse: { sftp: { url: sshd.url, identityFile: path.relative(dir, sshd.identity), knownHostsFile: sshd.knownHosts }, ackWithinHours: 0.0006 } }));
    const r = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'dlv', '--concurrency', '1'], env);
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    runDir = path.join(dir, 'dlv');
  }, 120_000);
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a host whose key the known-hosts file does not list, or lists another one (exit 2, ssh-keyscan), sending nothing', () => {
    const changed = siprint(['deliver', runDir, '--known-hosts', sshd.wrongKnownHosts], env);
    expect(changed.status).toBe(2);
    expect(changed.stderr.trim().split('\n')).toHaveLength(1);
    expect(changed.stderr).toContain(`host 127.0.0.1:${sshd.port} presented a host key that ${sshd.wrongKnownHosts} does not list`);
    expect(changed.stderr).toContain(`ssh-keyscan -p ${sshd.port} 127.0.0.1`);
    const empty = path.join(dir, 'empty_known_hosts');
    writeFileSync(empty, '# nothing here\n');
    const unknown = siprint(['deliver', runDir, '--known-hosts', empty], env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/has no key in .*empty_known_hosts: nothing sent; .*ssh-keyscan -p \d+ 127\.0\.0\.1 >> /);
    expect(readdirSync(sshd.inbox)).toEqual([]);
    expect(auditOf(runDir).some((l) => l.action === 'package.delivered')).toBe(false);
    // the report says so against the hand-off date
    expect(readFileSync(path.join(runDir, 'report.html'), 'utf8')).toMatch(new RegExp(`0 of ${files().length} packages on the print house(?:&#39;|')s host; hand-off by \\d{4}-\\d{2}-\\d{2}`));
  });

  it('says which key the host refused (one line, exit 1)', () => {
    const r = siprint(['deliver', runDir, '--identity', sshd.strangerIdentity], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^siprint: host 127\\.0\\.0\\.1 refused the key ${sshd.strangerIdentity} for user siprint-sftp \\(authentication refused\\)`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(sshd.inbox)).toEqual([]);
  });

  it('delivers every package and its sidecar from the ticket\'s printHouse: remote SHA-256 = local, nothing partial left', () => {
    const r = siprint(['deliver', runDir], env);
    expect(`${r.status} ${r.stderr}`).toBe('0 ');
    const m = mailedManifestOf(runDir);
    expect(r.stdout).toContain(`delivered dlv to sftp://siprint-sftp@127.0.0.1:${sshd.port}${sshd.inbox}: ${m.packages.length} packages sent`);
    expect(r.stdout).toContain(`delivered ${m.packages.length}/${m.packages.length}`);
    const remote = readdirSync(sshd.inbox).sort();
    expect(remote).toEqual(files().flatMap((f) => [f, `${f}.manifest.json`]).sort());
    for (const p of m.packages) {
      const f = path.basename(p.path);
      expect(sha(path.join(sshd.inbox, f))).toBe(sha(path.join(runDir, p.path)));
      const side = JSON.parse(readFileSync(path.join(sshd.inbox, `${f}.manifest.json`), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(side)).toEqual(['file', 'bytes', 'sha256', 'runId', 'batch', 'part', 'pieces', 'sheets']);
      expect(side).toMatchObject({ file: f, bytes: p.bytes, sha256: p.sha256, runId: 'dlv', pieces: p.pieces });
      expect(side.sheets).toBeGreaterThanOrEqual(p.pieces);
    }
    const delivered = auditOf(runDir).filter((l) => l.action === 'package.delivered');
    expect(delivered.map((l) => l.details)).toEqual(m.packages.map((p) => ({ file: path.basename(p.path), sha256: p.sha256, remote: `sftp://siprint-sftp@127.0.0.1:${sshd.port}${sshd.inbox}/${path.basename(p.path)}` })));
    expect(delivered.every((l) => l.operator === 'op.zhang')).toBe(true);
    expect(siprint(['verify', runDir], env).status).toBe(0);
    const log = readFileSync(path.join(runDir, 'logs', 'siprint.log'), 'utf8');
    expect(log.split('\n').filter((l) => l.includes('"package delivered"'))).toHaveLength(m.packages.length);
    // no personal data in what the hand-off writes: no name or ssn of the extract
    const people = readFileSync(path.join(dir, 'extract.jsonl'), 'utf8').trim().split('\n').flatMap((l) => {
      try {
        const r = JSON.parse(l) as { person?: { name?: unknown; ssn?: unknown } };
        return [r.person?.name, r.person?.ssn].filter((x): x is string => typeof x === 'string' && x.length > 1);
      } catch {
        return [];
      }
    });
    expect(people.length).toBeGreaterThan(50);
    const written = [readFileSync(path.join(runDir, 'delivery', 'events.jsonl'), 'utf8'), log, ...remote.filter((f) => f.endsWith('.manifest.json')).map((f) => readFileSync(path.join(sshd.inbox, f), 'utf8'))].join('\n');
    expect(people.filter((x) => written.includes(x))).toEqual([]);
  });

  it('a second deliver uploads nothing: remote files and their mtimes unchanged', async () => {
    const before = remoteMtimes(sshd.inbox);
    await sleep(1100);
    const r = siprint(['deliver', ...target(), runDir], env);
    expect(`${r.status} ${r.stderr}`).toBe('0 ');
    expect(r.stdout).toContain('nothing to send: every package of dlv was delivered before');
    expect(remoteMtimes(sshd.inbox)).toEqual(before);
    expect(auditOf(runDir).filter((l) => l.action === 'package.delivered')).toHaveLength(files().length);
  });

  it('acks: ACCEPTED, REJECTED with a reason, a wrong SHA-256 and no answer are each reported right; read twice, recorded once', async () => {
    const m = mailedManifestOf(runDir);
    expect(m.packages.length).toBeGreaterThanOrEqual(5);
    const [a, b, c, d] = m.packages.map((p) => ({ file: path.basename(p.path), sha256: p.sha256 }));
    const ack = (f: string, body: string) => writeFileSync(path.join(sshd.inbox, `${f}.ack`), body);
    ack(a!.file, `ACCEPTED\n${a!.sha256}\n`);
    ack(b!.file, 'REJECTED damaged pages 3-5\n');
    ack(c!.file, `ACCEPTED\n${'0'.repeat(64)}\n`);
    ack(d!.file, 'ACCEPTED\r\n');
    await sleep(2500); // past ackWithinHours (0.0006 h ≈ 2.2 s): the rest are overdue
    const r = siprint(['acks', runDir], env);
    expect(r.status).toBe(1); // a rejection and overdue packages are something to act on
    expect(r.stdout).toContain(`${a!.file}: acknowledged`);
    expect(r.stdout).toContain(`${d!.file}: acknowledged`);
    expect(r.stdout).toContain(`${b!.file}: REJECTED (damaged pages 3-5): fix it, then siprint deliver ${runDir} --again ${b!.file}`);
    expect(r.stdout).toContain(`${c!.file}: MISMATCH: the print house computed SHA-256 ${'0'.repeat(64)}, ours is ${c!.sha256}`);
    const rest = m.packages.slice(4).map((p) => path.basename(p.path));
    expect(r.stdout).toContain(`delivered ${m.packages.length}/${m.packages.length} · acknowledged 2 · rejected 2`);
    if (rest.length) expect(r.stdout).toContain(`OVERDUE (no acknowledgement within 0.0006 h): ${rest.join(', ')}`);
    const answers = () => auditOf(runDir).filter((l) => l.action === 'package.acknowledged' || l.action === 'package.rejected');
    expect(answers().map((l) => [l.action, l.details?.file, l.details?.reason])).toEqual([
      ['package.acknowledged', a!.file, undefined],
      ['package.rejected', b!.file, 'damaged pages 3-5'],
      ['package.rejected', c!.file, 'SHA256_MISMATCH'],
      ['package.acknowledged', d!.file, undefined],
    ]);
    // a malformed answer is reported (exit 1), not recorded
    const e = path.basename(m.packages[4]!.path);
    ack(e, 'RECEIVED\n');
    const again = siprint(['acks', runDir, ...target()], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`siprint: sftp://siprint-sftp@127.0.0.1:${sshd.port}${sshd.inbox}/${e}.ack: first line "RECEIVED" is neither ACCEPTED nor REJECTED <reason>: not recorded; ask the print house to correct it\n`);
    expect(again.stdout).not.toContain(': acknowledged');
    expect(again.stdout).toContain(`${b!.file}: rejected (damaged pages 3-5), not yet sent again`);
    expect(answers()).toHaveLength(4);
    const st = siprint(['status', runDir], env);
    expect(st.stdout).toContain(`delivered ${m.packages.length}/${m.packages.length} · acknowledged 2 · rejected 2`);
    expect(st.stdout).toContain(`REJECTED by the print house: ${b!.file} (damaged pages 3-5), ${c!.file} (SHA256_MISMATCH)`);
    if (rest.length) expect(st.stdout).toContain(`OVERDUE (no acknowledgement within 0.0006 h): ${rest.join(', ')}`);
    const json = JSON.parse(siprint(['status', runDir, '--json'], env).stdout) as { delivery: { packages: { file: string; state: string }[] } };
    expect(json.delivery.packages.map((p) => p.state).slice(0, 4)).toEqual(['acknowledged', 'rejected', 'rejected', 'acknowledged']);
    const report = readFileSync(path.join(runDir, 'report.html'), 'utf8');
    expect(report).toContain(`data-delivery="${b!.file}" data-state="rejected">rejected`);
    expect(report).toContain(`data-delivery="${a!.file}" data-state="acknowledged">acknowledged`);
    if (rest.length) expect(report).toContain(`OVERDUE (no acknowledgement within 0.0006 h): ${rest.join(', ')}`);
    const page = runPage({ runId: 'dlv', runDir, dir: readRunState(runDir) }, new Date());
    expect(page).toContain(`data-delivery="${b!.file}" data-state="rejected">rejected`);
    expect(page).toContain(`data-delivery="${a!.file}" data-state="acknowledged">acknowledged`);
    if (rest.length) expect(page).toContain(`OVERDUE (no acknowledgement within 0.0006 h): ${rest.join(', ')}`);
    expect(siprint(['verify', runDir], env).status).toBe(0);
  });

  it('deliver --again re-sends a rejected package (and only a rejected one)', async () => {
    const m = mailedManifestOf(runDir);
    const [a, b] = m.packages.map((p) => path.basename(p.path));
    const refused = siprint(['deliver', runDir, '--again', a!], env);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`--again ${a}: the package is acknowledged, not rejected`);
    const before = remoteMtimes(sshd.inbox);
    await sleep(1100);
    const r = siprint(['deliver', runDir, '--again', b!], env);
    expect(`${r.status} ${r.stderr}`).toBe('0 ');
    expect(r.stdout).toContain('1 package sent');
    const after = remoteMtimes(sshd.inbox);
    expect(after[b!]).toBeGreaterThan(before[b!]!);
    expect(after[a!]).toBe(before[a!]);
    expect(existsSync(path.join(sshd.inbox, `${b}.ack`))).toBe(false); // the old answer was for the old copy
    expect(sha(path.join(sshd.inbox, b!))).toBe(m.packages[1]!.sha256);
    const json = JSON.parse(siprint(['status', runDir, '--json'], env).stdout) as { delivery: { packages: { file: string; state: string }[] } };
    expect(json.delivery.packages[1]).toMatchObject({ file: b, state: 'delivered' });
    expect(auditOf(runDir).filter((l) => l.action === 'package.delivered' && l.details?.file === b)).toHaveLength(2);
    expect(siprint(['verify', runDir], env).status).toBe(0);
  });

  it('verify checks the delivery records against the manifest and the audit chain', async () => {
    const copy = path.join(dir, 'tampered');
    cpSync(runDir, copy, { recursive: true });
    const f = path.basename(mailedManifestOf(copy).packages[0]!.path);
    writeFileSync(path.join(copy, 'delivery', 'events.jsonl'), `${JSON.stringify({ format: 'siprint-delivery/1', time: new Date().toISOString(), event: 'acknowledged', file: f, sha256: mailedManifestOf(copy).packages[0]!.sha256, operator: 'x' })}\n`, { flag: 'a' });
    await appendAudit(copy, { action: 'package.delivered', operator: 'op.x', details: { file: f, sha256: 'f'.repeat(64), remote: 'sftp://x@y/z' } });
    const v = siprint(['verify', copy], env);
    expect(v.status).toBe(1);
    expect(v.stdout).toMatch(new RegExp(`audit\\.jsonl line \\d+: package\\.delivered of ${f.replace(/\./g, '\\.')} with SHA-256 f{64}, manifest\\.json seals [0-9a-f]{64}: the print house got another file`));
    expect(v.stdout).toMatch(/delivery\/events\.jsonl line \d+: acknowledged .* has no audit\.jsonl line \(written or changed by hand\)/);
  });

  it('a run pending approval sends nothing (exit 2) until it is released', () => {
    const sub = path.join(sshd.inbox, 'gated');
    mkdirSync(sub);
    const owner = statSync(sshd.inbox);
    chownSync(sub, owner.uid, owner.gid);
    const fx = realFixture(path.join(dir), 30, 15);
    const ticket = JSON.parse(readFileSync(fx.ticket, 'utf8')) as Record<string, unknown>;
    writeFileSync(fx.ticket, JSON.stringify({ ...ticket, requireApproval: true }));
    expect(siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'gated', '--concurrency', '1', '--operator', 'wang.li'], env).status).toBe(0);
    const gated = path.join(dir, 'gated');
    const to = ['--to', `${sshd.url}/gated`, '--identity', sshd.identity, '--known-hosts', sshd.knownHosts];
    const r = siprint(['deliver', gated, ...to], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^siprint: run gated is pending approval \(\d+ packages not released\): nothing sent; a second operator releases it first: siprint release .*gated --approved-by OP\n$/);
    expect(readdirSync(sub)).toEqual([]);
    expect(siprint(['status', gated], env).stdout).toMatch(/delivered 0\/\d+ · acknowledged 0 · rejected 0 · \d+ pending approval/);
    expect(siprint(['release', gated, '--approved-by', 'zhao.min'], env).status).toBe(0);
    const ok = siprint(['deliver', gated, ...to], env);
    expect(`${ok.status} ${ok.stderr}`).toBe('0 ');
    expect(readdirSync(sub).filter((f) => f.endsWith('.zip'))).toHaveLength(mailedManifestOf(gated).packages.length);
  });
});
