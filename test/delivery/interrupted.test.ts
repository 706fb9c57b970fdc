/**
 * The host dies mid-upload of a multi-MB package (sshd and its sessions SIGKILLed), then comes back:
 * `deliver` again completes the remote side, and while both ran no file was ever visible on the host
 * under its final name with the wrong size (the directory polled on disk throughout).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { cliEnv, mailedManifestOf, realFixture, siprint, spawnSiprint, tempDir, type CliResult } from '../reliability/helpers';
import { sshdMissing, startSshd, type Sshd } from './sshd';
import { describeWhen } from '../prerequisites';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** What is in the directory now: name → size (a file may vanish between the listing and its stat). */
function look(dir: string): Map<string, number> {
  const seen = new Map<string, number>();
  for (const f of readdirSync(dir)) {
    try {
      seen.set(f, statSync(path.join(dir, f)).size);
    } catch {
      // renamed meanwhile
    }
  }
  return seen;
}

describeWhen(sshdMissing, 'a host killed mid-upload', () => {
  let sshd: Sshd;
  let dir: string;
  let runDir: string;
  const env = cliEnv({ USER: 'op.zhang' });

  beforeAll(async () => {
    sshd = await startSshd();
    dir = tempDir('deliver-kill');
    // ~2,000 pieces in one part: a package of several MB
    const fx = realFixture(dir, 3000, 5000);
    const r = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'big'], env);
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    runDir = path.join(dir, 'big');
  }, 180_000);
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends complete after deliver again, and never shows a final name at the wrong size', async () => {
    const m = mailedManifestOf(runDir);
    const final = new Map<string, number>(m.packages.map((p) => [path.basename(p.path), p.bytes]));
    const biggest = [...m.packages].sort((a, b) => b.bytes - a.bytes)[0]!;
    expect(biggest.bytes).toBeGreaterThan(3 * 1024 * 1024);
    const wrong: string[] = [];
    const check = () => {
      const seen = look(sshd.inbox);
      for (const [f, size] of seen) {
        const want = final.get(f);
        if (want !== undefined && size !== want) wrong.push(`${f} at ${size} bytes, not ${want}`);
        // a sidecar under its final name means its package is complete
        if (f.endsWith('.manifest.json') && !f.endsWith('.part') && seen.get(f.replace(/\.manifest\.json$/, '')) !== final.get(f.replace(/\.manifest\.json$/, ''))) wrong.push(`${f} before its package`);
      }
      return seen;
    };
    const to = ['--to', sshd.url, '--identity', sshd.identity, '--known-hosts', sshd.knownHosts];

    // 1. kill the host once the big package's .part holds part of it (the server held in small slices
    //    until then: loopback would otherwise send the whole package between two looks)
    const first = spawnSiprint(['deliver', runDir, ...to], env);
    let ended: CliResult | undefined;
    void first.done.then((r) => (ended = r));
    const partName = `${path.basename(biggest.path)}.part`;
    let heldAt = -1;
    await sshd.holdWhen(() => {
      const size = check().get(partName) ?? 0;
      if (size > 256 * 1024 && size < biggest.bytes) heldAt = size;
      return heldAt >= 0 || ended !== undefined;
    });
    sshd.kill();
    expect(wrong).toEqual([]);
    if (ended) throw new Error(`deliver ended (${ended.status}) before the host could be killed mid-upload: ${ended.stderr}`);
    expect(heldAt).toBeLessThan(biggest.bytes);
    const r1 = await first.done;
    check();
    expect(r1.status).toBe(1);
    expect(r1.stderr).toMatch(new RegExp(`^siprint: connection to 127\\.0\\.0\\.1 reset at ${sshd.inbox}/${partName.replace(/\./g, '\\.')}: deliver again \\(complete packages are not sent twice\\)\\n$`));
    expect(look(sshd.inbox).has(path.basename(biggest.path))).toBe(false);

    // 2. the host is back: deliver again, polling all the while
    await sshd.restart();
    const second = spawnSiprint(['deliver', runDir, ...to], env);
    let done = false;
    void second.done.then(() => (done = true));
    while (!done) {
      check();
      await new Promise((r) => setImmediate(r));
    }
    const r2 = await second.done;
    expect(`${r2.status} ${r2.stderr}`).toBe('0 ');
    expect(wrong).toEqual([]);
    const remote = readdirSync(sshd.inbox).sort();
    expect(remote).toEqual([...final.keys()].flatMap((f) => [f, `${f}.manifest.json`]).sort());
    for (const p of m.packages) expect(sha(path.join(sshd.inbox, path.basename(p.path)))).toBe(p.sha256);
    // each package delivered once in the audit log, the one that was cut off included
    const delivered = readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"package.delivered"'));
    expect(delivered).toHaveLength(m.packages.length);
    expect(siprint(['verify', runDir], env).status).toBe(0);
  });
});
