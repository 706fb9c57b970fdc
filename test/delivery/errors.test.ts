/**
 * What the operator reads when the print house's side goes wrong (real sshd, real CLI): one line
 * naming the host, the file and the cause — permission denied, disk full on the host, connection
 * refused — and bad target options refused before anything is sent (exit 2).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliEnv, mailedManifestOf, realFixture, siprint, tempDir } from '../reliability/helpers';
import { freePort, sshdMissing, startSshd, type Sshd } from './sshd';
import { describeWhen } from '../prerequisites';

describeWhen(sshdMissing, 'deliver: failures on the host, one line each', () => {
  let sshd: Sshd;
  let dir: string;
  let runDir: string;
  const env = cliEnv({ USER: 'op.zhang' });
  const mounts: string[] = [];
  const deliverTo = (url: string, extra: string[] = []) => siprint(['deliver', runDir, '--to', url, '--identity', sshd.identity, '--known-hosts', sshd.knownHosts, ...extra], env);
  const oneLine = (s: string) => expect(s.trim().split('\n')).toHaveLength(1);

  beforeAll(async () => {
    sshd = await startSshd();
    dir = tempDir('deliver-errors');
    const fx = realFixture(dir, 60, 30);
    const r = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'err', '--concurrency', '1'], env);
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    runDir = path.join(dir, 'err');
  }, 120_000);
  afterAll(async () => {
    for (const m of mounts) execFileSync('umount', [m]);
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('permission denied: names the host, the file and who must do what', () => {
    const locked = path.join(sshd.inbox, 'locked'); // root's, 0755: the SFTP user cannot write in it
    mkdirSync(locked, { mode: 0o755 });
    const first = path.basename(mailedManifestOf(runDir).packages[0]!.path);
    const r = deliverTo(`${sshd.url}/locked`);
    expect(r.status).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toBe(`siprint: host 127.0.0.1: permission denied writing ${locked}/${first}.part: ask the print house to let siprint-sftp write there, then deliver again\n`);
    expect(readdirSync(locked)).toEqual([]);
  });

  it('a host not in known-hosts, a password in the URL, no key: one line each, nothing recorded', async () => {
    const delivered = () => readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8').split('\n').filter((l) => l.includes('package.delivered')).length;
    const before = delivered();
    const port = await freePort();
    const refused = deliverTo(`sftp://siprint-sftp@127.0.0.1:${port}/inbox`, ['--known-hosts', path.join(sshd.dir, 'known_hosts')]);
    // nothing listens there, and the known-hosts file has no key for that port: refused before connecting
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`host 127.0.0.1:${port} has no key in`);
    const pw = siprint(['deliver', runDir, '--to', `sftp://siprint-sftp:secret@127.0.0.1:${sshd.port}/x`, '--identity', sshd.identity], env);
    expect(pw.status).toBe(2);
    expect(pw.stderr).toBe('siprint: --to holds a password: siprint uses key authentication only (give the key with --identity FILE)\n');
    const noKey = siprint(['deliver', runDir, '--to', sshd.url], env);
    expect(noKey.status).toBe(2);
    expect(noKey.stderr).toContain('no key to log in with: give --identity FILE');
    const notKey = siprint(['deliver', runDir, '--to', sshd.url, '--identity', sshd.knownHosts], env);
    expect(notKey.status).toBe(2);
    expect(notKey.stderr).toContain(`--identity ${sshd.knownHosts} is not a private key`);
    expect(delivered()).toBe(before);
  });

  it('the host down altogether: connection refused, named', async () => {
    const port = await freePort();
    const kh = path.join(dir, 'kh');
    // the right key, listed for a port nothing listens on
    const line = readFileSync(sshd.knownHosts, "utf8").replace(`]:${sshd.port} `, `]:${port} `);
    writeFileSync(kh, line);
    const r = siprint(['deliver', runDir, '--to', `sftp://siprint-sftp@127.0.0.1:${port}/inbox`, '--identity', sshd.identity, '--known-hosts', kh], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`siprint: host 127.0.0.1:${port} refused the connection: is the print house's SFTP server up? Then deliver again\n`);
  });

  // last: it ends with the run delivered
  it('disk full on the host: names it; after space is freed, deliver again completes', () => {
    const small = path.join(sshd.inbox, 'small');
    mkdirSync(small);
    const { uid, gid } = statSync(sshd.inbox);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=64k,uid=${uid},gid=${gid},mode=0755`, 'tmpfs', small]);
    mounts.push(small);
    const m = mailedManifestOf(runDir);
    expect(m.packages[0]!.bytes).toBeGreaterThan(64 * 1024);
    const r = deliverTo(`${sshd.url}/small`);
    expect(r.status).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(new RegExp(`^siprint: host 127\\.0\\.0\\.1: disk full writing ${small}/${path.basename(m.packages[0]!.path)}\\.part \\(\\d+ KiB free\\): ask the print house to free space, then deliver again`));
    expect(readdirSync(small).filter((f) => !f.endsWith('.part'))).toEqual([]);
    execFileSync('mount', ['-o', 'remount,size=16m', small]);
    const again = deliverTo(`${sshd.url}/small`);
    expect(`${again.status} ${again.stderr}`).toBe('0 ');
    expect(readdirSync(small).sort()).toEqual(m.packages.flatMap((p) => [path.basename(p.path), `${path.basename(p.path)}.manifest.json`]).sort());
    for (const p of m.packages) expect(statSync(path.join(small, path.basename(p.path))).size).toBe(p.bytes);
  });
});
