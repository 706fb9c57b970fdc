/**
 * Issue 16 item 13 (the rest): every command that writes an --out gives one tidy line with the path
 * for a read-only output directory and for a full disk (was Node's `ENOENT: … mkdir` from a
 * read-only mount, and a bare `ENOSPC: no space left on device, write` from generate and check), and
 * `serve` / `dashboard` one line for a port in use. Tests run as root, so a read-only bind mount and a
 * tiny tmpfs stand in for chmod (where mounting is not permitted: a failure under CI, else skipped).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describeWhen, type Missing } from '../prerequisites';
import { REDIS_URL } from '../queue/helpers';
import { realFixture, siprint, tempDir } from '../reliability/helpers';

let dir: string;
let fx: { extract: string; ticket: string };
let runDir: string;
let ssn: string;
let faulty: string; // its exceptions.jsonl outgrows the tmpfs
beforeAll(() => {
  dir = tempDir('unwritable');
  fx = realFixture(dir, 12, 10);
  expect(siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'U', '--concurrency', '1']).status).toBe(0);
  runDir = path.join(dir, 'U');
  faulty = path.join(dir, 'faulty.jsonl');
  expect(siprint(['generate', '--count', '400', '--year', '2025', '--seed', 'f', '--faults', '0.6', '--out', faulty]).status).toBe(0);
  ssn = (JSON.parse(readFileSync(fx.extract, 'utf8').split('\n')[0] ?? '{}') as { person: { ssn: string } }).person.ssn;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cannotMount = ((): Missing => {
  if (process.platform !== 'linux') return `mounting needs Linux (this is ${process.platform})`;
  const probe = tempDir('mount-probe');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { encoding: 'utf8' });
  if (r.status === 0) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  if (r.status === 0) return null;
  return `cannot mount a tmpfs (needs root / CAP_SYS_ADMIN; uid ${process.getuid?.()}): ${(r.error?.message ?? r.stderr).trim().split('\n')[0]}`;
})();

/** Each command writing under OUT, and the file its line names. */
const commands: [string, (out: string) => string[], (out: string) => string][] = [
  ['check', (out) => ['check', '--extract', faulty, '--year', '2025', '--out', path.join(out, 'c')], (out) => path.join(out, 'c')],
  ['proof', (out) => ['proof', '--extract', fx.extract, '--ticket', fx.ticket, '--out', path.join(out, 'p')], (out) => path.join(out, 'p', 'proof-extract-2025.pdf')],
  ['generate', (out) => ['generate', '--count', '2000', '--year', '2025', '--seed', 'g', '--out', path.join(out, 'g.jsonl')], (out) => path.join(out, 'g.jsonl')],
  [
    'reprint',
    (out) => ['reprint', '--run', runDir, '--ssn', ssn, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'self', '--out', path.join(out, 'r')],
    (out) => path.join(out, 'r', ''),
  ],
  ['run', (out) => ['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', out, '--run-id', 'X', '--concurrency', '1'], (out) => path.join(out, 'X')],
];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describeWhen(cannotMount, 'an output directory read-only, a disk full', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts.reverse()) spawnSync('umount', [m]);
  });
  const mount = (args: string[], target: string) => {
    mkdirSync(target, { recursive: true });
    const r = spawnSync('mount', [...args, target], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mount ${args.join(' ')} ${target}: ${r.stderr}`);
    mounts.push(target);
  };

  it.each(commands)('%s: a read-only --out is exit 1 and one line naming the path', (_name, args, file) => {
    const src = path.join(dir, `ro-src-${_name}`);
    const out = path.join(dir, `ro-${_name}`);
    mkdirSync(src);
    mount(['--bind', src], out);
    expect(spawnSync('mount', ['-o', 'remount,ro,bind', out]).status).toBe(0);
    const r = siprint(args(out));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^siprint: cannot write ${escape(file(out))}\\S*: the file system is read-only: choose a writable --out$`))]);
    expect(readdirSync(src)).toEqual([]);
  }, 120_000);

  it.each(commands)('%s: a full disk is exit 1 and one line naming the file and the command to run again', (_name, args) => {
    const out = path.join(dir, `full-${_name}`);
    mount(['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs'], out);
    const r = siprint(args(out));
    expect(r.status).toBe(1);
    // progress lines aside, the failure is the one line
    const lines = r.stderr.trim().split('\n').filter((l) => !/^siprint: (\d+ records read|ingest done|\d+\/\d+ parts)/.test(l));
    const then = _name === 'run' ? 'resume the run' : `run siprint ${_name} again`;
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^siprint: cannot write ${escape(out)}/\\S+: no space left on the device: free space, then ${then}$`))]);
  }, 120_000);

  it('a full disk in zh-CN: the same file and command', () => {
    const out = path.join(dir, 'full-zh');
    mount(['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs'], out);
    const r = siprint(['--lang', 'zh-CN', 'generate', '--count', '2000', '--year', '2025', '--seed', 'g', '--out', path.join(out, 'g.jsonl')]);
    expect([r.status, r.stderr]).toEqual([1, `siprint: 无法写入 ${path.join(out, 'g.jsonl')}：设备空间已满：请释放空间，然后重新运行 siprint generate\n`]);
  }, 120_000);
});

describe('a port in use', () => {
  let holder: net.Server;
  let port: number;
  beforeAll(async () => {
    holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    port = (holder.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('serve: exit 2, one line', () => {
    const r = siprint(['serve', '--runs', dir, '--port', String(port)]);
    expect([r.status, r.stderr]).toEqual([2, `siprint: serve: port ${port} on 127.0.0.1 is in use: choose another --port\n`]);
  });

  it('dashboard: exit 2, one line (was "Cannot read properties of null")', () => {
    const r = siprint(['dashboard', '--redis', REDIS_URL, '--port', String(port)]);
    expect([r.status, r.stderr]).toEqual([2, `siprint: dashboard: port ${port} on 127.0.0.1 is in use: choose another --port\n`]);
  });
});
