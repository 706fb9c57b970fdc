/**
 * The print house's key, a damaged package and a damaged audit chain, in both languages: a ticket's
 * unusable key refuses `siprint run` before it begins, with one line (exit 2), a package ZIP that does not read back is a
 * finding of `siprint verify`, an audit.jsonl cut mid-line ends the next command that appends to it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ssnCheckChar } from '../../src/domain/ssn';
import { readZip } from '../../src/package';
import { cliEnv, manifestOf, realFixture, siprint, tempDir } from '../reliability/helpers';
import { expectOneLine } from './one-line';

const env = cliEnv({ LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '' });
const inLang = (args: string[], lang: string) => siprint(['--lang', lang, ...args], env, 60_000);

let dir: string;
let fx: { extract: string; ticket: string };
let runDir: string;
/** A copy of the finished run, to damage. */
const copyRun = (name: string) => {
  const to = path.join(dir, name);
  cpSync(runDir, to, { recursive: true });
  return to;
};
/** The fixture's ticket with the print house's key `key` (armored text, or a file). */
const ticketWithKey = (name: string, key: string) => {
  const t = path.join(dir, `${name}.json`);
  writeFileSync(t, JSON.stringify({ ...(JSON.parse(readFileSync(fx.ticket, 'utf8')) as object), printHousePublicKey: key }));
  return t;
};
const gpg = (home: string, args: string[]) => execFileSync('gpg', ['--batch', '--homedir', home, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  dir = tempDir('i18n-package');
  fx = realFixture(dir, 12, 10);
  expect(siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'T', '--concurrency', '1'], env).status).toBe(0);
  runDir = path.join(dir, 'T');
}, 120_000);
afterAll(() => {
  try {
    execFileSync('gpgconf', ['--kill', 'all'], { env: { ...process.env, GNUPGHOME: path.join(dir, 'gpg') }, stdio: 'ignore' });
  } catch {
    // no agent running
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Refused before the run begins (initRun checks the key): one line, exit 2, and no run directory made. */
function expectRunRefused(runId: string, say: (lang: string) => { status: number | null; stderr: string }, en: RegExp, zh: RegExp): { en: string; zh: string } {
  const said = expectOneLine(say, en, zh);
  for (const lang of ['en', 'zh-CN']) expect(existsSync(path.join(dir, `${runId}-${lang}`))).toBe(false);
  return said;
}

describe("the print house's key in the ticket, in both languages", () => {
  const run = (ticket: string, runId: string) => (lang: string) => inLang(['run', '--extract', fx.extract, '--ticket', ticket, '--out', dir, '--run-id', `${runId}-${lang}`, '--concurrency', '1'], lang);

  it('refuses a key block that is not a key', () => {
    const ticket = ticketWithKey('not-a-key', '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key at all\n-----END PGP PUBLIC KEY BLOCK-----\n');
    expectRunRefused(
      'K1',
      run(ticket, 'K1'),
      /printHousePublicKey: not an armored OpenPGP public key \(.+\); export it with gpg --armor --export$/m,
      /printHousePublicKey：不是 ASCII 格式的 OpenPGP 公钥（.+）；请用 gpg --armor --export 导出印刷厂的公钥$/m,
    );
  });

  it("refuses a private key, and a key that cannot encrypt", () => {
    const home = path.join(dir, 'gpg');
    execFileSync('mkdir', ['-m', '700', home]);
    gpg(home, ['--passphrase', '', '--quick-gen-key', 'Signer <sign@example.invalid>', 'ed25519', 'sign', 'never']);
    const secret = path.join(dir, 'secret.asc');
    writeFileSync(secret, gpg(home, ['--pinentry-mode', 'loopback', '--passphrase', '', '--armor', '--export-secret-keys', 'sign@example.invalid']));
    expectRunRefused('K2', run(ticketWithKey('private', secret), 'K2'), /printHousePublicKey: this is a private key; give the print house's public key only/, /printHousePublicKey：这是私钥；只能给出印刷厂的公钥/);
    const signOnly = gpg(home, ['--armor', '--export', 'sign@example.invalid']);
    const said = expectRunRefused(
      'K3',
      run(ticketWithKey('sign-only', signOnly), 'K3'),
      /printHousePublicKey [0-9a-f]{40}: no usable encryption key \(.+\); ask the print house for a valid key/,
      /printHousePublicKey [0-9a-f]{40}：没有可用的加密密钥（.+）；请向印刷厂索取有效的公钥/,
    );
    expect(said.zh.match(/[0-9a-f]{40}/)?.[0]).toEqual(said.en.match(/[0-9a-f]{40}/)?.[0]);
  }, 60_000);

  it('takes a key that can encrypt: the run begins and seals .zip.gpg packages', () => {
    const home = path.join(dir, 'gpg-ok');
    execFileSync('mkdir', ['-m', '700', home]);
    gpg(home, ['--passphrase', '', '--quick-gen-key', 'Print house <ph@example.invalid>', 'future-default', 'default', 'never']);
    const ticket = ticketWithKey('good-key', gpg(home, ['--armor', '--export', 'ph@example.invalid']));
    const r = inLang(['run', '--extract', fx.extract, '--ticket', ticket, '--out', dir, '--run-id', 'K4', '--concurrency', '1'], 'en');
    expect([r.status, r.stderr]).toEqual([0, expect.stringContaining('run finalized')]);
    const paths = manifestOf(path.join(dir, 'K4')).packages.filter((p) => !p.electronic).map((p) => p.path);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p).toMatch(/\.zip\.gpg$/);
    // each decrypts to the ZIP of the part's rendered files, which the package read once, in blocks, as it encrypted
    for (const p of manifestOf(path.join(dir, 'K4')).packages.filter((e) => !e.electronic)) {
      const out = path.join(home, 'out.zip');
      gpg(home, ['--yes', '--output', out, '--decrypt', path.join(dir, 'K4', p.path)]);
      const entries = readZip(readFileSync(out));
      const inner = JSON.parse(Buffer.from(entries.find((e) => e.name === 'manifest.json')?.data ?? []).toString('utf8')) as { batch: string; part: number };
      const partDir = path.join(dir, 'K4', 'parts', `${inner.batch}-${String(inner.part).padStart(4, '0')}`);
      for (const name of ['statements.pdf', 'envelopes.pdf', 'mailing.csv']) expect(Buffer.from(entries.find((e) => e.name === name)?.data ?? []).equals(readFileSync(path.join(partDir, name)))).toBe(true);
    }
  }, 120_000);
});

describe('a damaged package and audit chain, in both languages', () => {
  it("is a finding of siprint verify when a package's data is damaged", () => {
    const damaged = copyRun('zip');
    const pkg = manifestOf(damaged).packages.find((p) => p.path.endsWith('.zip') && !p.electronic);
    const file = path.join(damaged, pkg?.path ?? 'none');
    const bytes = readFileSync(file);
    bytes[200] = (bytes[200] ?? 0) ^ 0xff; // inside statements.pdf, the first entry (stored)
    writeFileSync(file, bytes);
    const en = inLang(['verify', damaged], 'en');
    const zh = inLang(['verify', damaged], 'zh-CN');
    expect(en.status).not.toBe(0);
    expect(zh.status).toBe(en.status);
    expect(en.stdout + en.stderr).toMatch(/ZIP entry statements\.pdf: CRC-32 mismatch \(damaged data\)/);
    expect(zh.stdout + zh.stderr).toMatch(/ZIP 条目 statements\.pdf：CRC-32 校验不符（数据已损坏）/);
  });

  it('ends a command that appends to an audit.jsonl cut mid-line', () => {
    const cut = copyRun('audit');
    const audit = path.join(cut, 'audit.jsonl');
    writeFileSync(audit, readFileSync(audit, 'utf8').replace(/\n$/, ''));
    // a request for someone else without a second operator is refused, and the refusal is logged
    const first17 = '11010119900307123';
    const ssn = first17 + ssnCheckChar(first17);
    const said = expectOneLine(
      (lang) => inLang(['reprint', '--run', cut, '--out', dir, '--ssn', ssn, '--reason', '遗失', '--requested-by', 'chen.li', '--relation', 'agent'], lang),
      /audit: \S+audit\.jsonl does not end with a newline \(an interrupted write\?\); run siprint verify/,
      /审计链 \S+audit\.jsonl 不以换行结尾（写入曾被中断？）：请运行 siprint verify/,
    );
    expect(said.zh.match(/\/\S+audit\.jsonl/)?.[0]).toEqual(said.en.match(/\/\S+audit\.jsonl/)?.[0]);
  });
});
