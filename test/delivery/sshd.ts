/**
 * A real OpenSSH server on loopback for the tests (Debian's openssh-server, installed by
 * scripts/test.sh): its own sshd_config on a free port, host keys generated into a temp dir, a
 * throwaway user `siprint-sftp` that may only use internal-sftp, logging in with a temp authorized
 * key. The tests look at the remote directory straight on disk. Needs root (sshd, useradd) and
 * Debian's sshd: `sshdMissing` says what is not there, for `describeWhen` (a failing test under CI, a
 * skip that says why elsewhere: test/prerequisites.ts).
 *
 *   const s = await startSshd();  …  s.url  s.identity  s.knownHosts  s.inbox  …  await s.stop();
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, type Missing } from '../prerequisites';

export { freePort };

export const SFTP_USER = 'siprint-sftp';
const SSHD = '/usr/sbin/sshd';

/** Why the SFTP tests cannot run here, or null. */
export const sshdMissing: Missing = !existsSync(SSHD)
  ? `${SSHD} not found: install openssh-server (scripts/test-tools.sh does, as root)`
  : process.getuid?.() !== 0
    ? `the SFTP tests start sshd and a throwaway user ${SFTP_USER}: they need root (uid ${process.getuid?.()})`
    : null;

export interface Sshd {
  host: '127.0.0.1';
  port: number;
  user: string;
  /** The remote directory packages go into (on this machine's disk), owned by the user. */
  inbox: string;
  /** `sftp://siprint-sftp@127.0.0.1:PORT/<inbox>` */
  url: string;
  /** The client's private key (authorized), and one the server does not know. */
  identity: string;
  strangerIdentity: string;
  /** A known-hosts file with this server's key; and one listing another key for the same host:port. */
  knownHosts: string;
  wrongKnownHosts: string;
  dir: string;
  /** The master sshd's pid (its sessions are its descendants). */
  pid(): number;
  /**
   * Lets the server's sessions run only in slices (SIGCONT, `sliceMs` of busy wait, SIGSTOP) until
   * `until()` holds, and leaves them stopped: a transfer is caught part way however fast loopback is
   * and however loaded the machine (a starved test process keeps the server stopped, not running).
   */
  holdWhen(until: () => boolean, opts?: { sliceMs?: number; timeoutMs?: number }): Promise<void>;
  /** SIGKILL the server and every session it forked (a host that dies mid-transfer). */
  kill(): void;
  /** Start it again on the same port with the same keys. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function ensureUser(): { uid: number; gid: number } {
  const lookup = () => {
    try {
      const id = (flag: string) => Number(execFileSync('id', [flag, SFTP_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  // '*' keeps the account unlocked for key login (sshd refuses a locked '!' account without PAM)
  try {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '-p', '*', SFTP_USER], { stdio: 'pipe' });
  } catch (err) {
    if (!lookup()) throw new Error(`cannot create the test user ${SFTP_USER} (the SFTP tests run as root): ${String(err)}`);
  }
  return lookup()!;
}


function keygen(file: string, comment: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Pids of every descendant of `pid`, from /proc/PID/task/TID/children (fast enough to poll in a tight loop). */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${p}/task`);
    } catch {
      return; // gone meanwhile
    }
    for (const tid of tids) {
      let kids = '';
      try {
        kids = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8');
      } catch {
        // gone meanwhile
      }
      for (const c of kids.split(' ').filter(Boolean).map(Number)) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

export async function startSshd(): Promise<Sshd> {
  if (sshdMissing) throw new Error(sshdMissing);
  const { uid, gid } = ensureUser();
  // sshd's privilege-separation directory (Debian's service unit makes it; a bare sshd needs it)
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-sshd-'));
  chmodSync(dir, 0o755); // the user reads its authorized keys from here
  const inbox = path.join(dir, 'inbox');
  mkdirSync(inbox);
  chownSync(inbox, uid, gid);
  keygen(path.join(dir, 'host_ed25519'), 'siprint test host');
  keygen(path.join(dir, 'other_host_ed25519'), 'another host');
  keygen(path.join(dir, 'client'), 'siprint test client');
  keygen(path.join(dir, 'stranger'), 'not authorized');
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client.pub')), { mode: 0o644 });
  const port = await freePort();
  const cfg = path.join(dir, 'sshd_config');
  writeFileSync(
    cfg,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(dir, 'host_ed25519')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin no',
      `AllowUsers ${SFTP_USER}`,
      'Subsystem sftp internal-sftp',
      'ForceCommand internal-sftp',
      'AllowTcpForwarding no',
      'X11Forwarding no',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  const hostLine = (pub: string) => `[127.0.0.1]:${port} ${readFileSync(pub, 'utf8').split(' ').slice(0, 2).join(' ')}\n`;
  writeFileSync(path.join(dir, 'known_hosts'), hostLine(path.join(dir, 'host_ed25519.pub')));
  writeFileSync(path.join(dir, 'wrong_known_hosts'), hostLine(path.join(dir, 'other_host_ed25519.pub')));

  let child: ChildProcess | undefined;
  const log = path.join(dir, 'sshd.log');
  const start = async () => {
    child = spawn(SSHD, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (c: Buffer) => writeFileSync(log, c, { flag: 'a' }));
    const t0 = Date.now();
    while (!(await listening(port))) {
      if (child.exitCode !== null) throw new Error(`sshd exited ${child.exitCode}: ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
      if (Date.now() - t0 > 10_000) throw new Error(`sshd did not listen on ${port} within 10 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const killAll = () => {
    const pid = child?.pid;
    if (!pid || child?.exitCode !== null) return;
    for (const p of [pid, ...descendants(pid)]) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  // only the logged-in sessions (running as the SFTP user: they write the files), never the
  // privileged monitor or a handshake in progress, which may not be stopped
  const uidOf = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  const signalSessions = (sig: NodeJS.Signals) => {
    for (const p of child?.pid ? descendants(child.pid) : []) {
      try {
        if (uidOf(p) === uid) process.kill(p, sig);
      } catch {
        // gone meanwhile
      }
    }
  };
  const holdWhen = async (until: () => boolean, o: { sliceMs?: number; timeoutMs?: number } = {}) => {
    const t0 = Date.now();
    for (;;) {
      signalSessions('SIGSTOP');
      if (until()) return;
      if (Date.now() - t0 > (o.timeoutMs ?? 60_000)) {
        signalSessions('SIGCONT');
        throw new Error(`sshd: the awaited state did not come within ${o.timeoutMs ?? 60_000} ms`);
      }
      await new Promise((r) => setImmediate(r)); // a tight loop: a session just forked runs free until the next look
      signalSessions('SIGCONT');
      // the sessions run from here to the SIGSTOP at the top: a busy wait, never a timer, which could
      // oversleep and let them run far past the slice (with 0, they run while the signals are sent)
      const end = performance.now() + (o.sliceMs ?? 0);
      while (performance.now() < end) {
        // busy
      }
    }
  };
  const exited = () => new Promise<void>((r) => (child && child.exitCode === null && child.signalCode === null ? child.once('exit', () => r()) : r()));
  await start();
  return {
    host: '127.0.0.1',
    port,
    user: SFTP_USER,
    inbox,
    url: `sftp://${SFTP_USER}@127.0.0.1:${port}${inbox}`,
    identity: path.join(dir, 'client'),
    strangerIdentity: path.join(dir, 'stranger'),
    knownHosts: path.join(dir, 'known_hosts'),
    wrongKnownHosts: path.join(dir, 'wrong_known_hosts'),
    dir,
    pid: () => child?.pid ?? 0,
    holdWhen,
    kill: killAll,
    restart: async () => {
      killAll();
      await exited();
      await start();
    },
    stop: async () => {
      killAll();
      await exited();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
