/**
 * A finished run whose files were damaged or changed afterwards, and a run started with a wrong
 * archive key or permit, in both languages: one line naming the file and the fix, in the operator's
 * language, with the same paths and numbers. A damaged run file is exit 1 (not the operator's
 * input), a wrong option or key exit 2.
 */
import { cpSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cliEnv, realFixture, siprint, tempDir } from '../reliability/helpers';
import { expectOneLine } from './one-line';

const env = (extra: Record<string, string> = {}) => cliEnv({ LANG: 'C.UTF-8', LC_ALL: '', SIPRINT_LANG: '', ...extra });
const inLang = (args: string[], lang: string, extra: Record<string, string> = {}) => siprint(['--lang', lang, ...args], env(extra));
/** What must be the same in both languages: paths, numbers and key IDs. */
const same = (s: string) => (s.match(/(?<![\w:/\]])\/[\w./-]+|\b[0-9a-f]{16}\b|\b\d+\b/g) ?? []).sort();

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);
let dir: string;
let fx: { extract: string; ticket: string };
let code: string;
/** A copy of the finished run T, to damage. */
const copy = (name: string, from = 'T'): string => {
  const to = path.join(dir, name);
  cpSync(path.join(dir, from), to, { recursive: true });
  return to;
};
const firstCode = (runDir: string) => (JSON.parse(gunzipSync(readFileSync(path.join(runDir, 'archive', 'E-0001.jsonl.gz'))).toString('utf8').split('\n')[0] ?? '{}') as { verificationCode: string }).verificationCode;

beforeAll(() => {
  dir = tempDir('errors-run-files');
  fx = realFixture(dir, 12, 10);
  const run = (id: string, extra: Record<string, string> = {}) =>
    expect(siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', id, '--concurrency', '1'], env(extra)).status).toBe(0);
  run('T');
  run('K', { SIPRINT_ARCHIVE_KEY: KEY_A });
  code = firstCode(path.join(dir, 'T'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a run\'s damaged files, in both languages', () => {
  it('an archive changed after the run sealed it', () => {
    const r = copy('changed');
    const archive = path.join(r, 'archive', 'E-0001.jsonl.gz');
    writeFileSync(archive, Buffer.concat([readFileSync(archive), Buffer.from([0])]));
    const said = expectOneLine(
      (lang) => inLang(['index', r], lang),
      /E-0001\.jsonl\.gz differs from the run's seal \(audit\.jsonl line \d+\): the archive was changed or damaged; run siprint verify on \//,
      /E-0001\.jsonl\.gz 与批次的封存记录不符（audit\.jsonl 第 \d+ 行）：存档已被改动或损坏；请对 \S+ 运行 siprint verify/,
    );
    expect(same(said.zh)).toEqual(same(said.en));
  });

  it.each([
    ['truncated', (f: string) => truncateSync(f, statSync(f).size - 1), /codes\.bin is truncated: rebuild it with siprint index \//, /codes\.bin 不完整（被截断）：请用 siprint index \S+ 重建/],
    ['not an index', (f: string) => writeFileSync(f, 'x'.repeat(2000)), /codes\.bin is not a siprint index: rebuild it with siprint index \//, /codes\.bin 不是 siprint 的校验索引：请用 siprint index \S+ 重建/],
  ])('a verification index %s', (name, damage, en, zh) => {
    const r = copy(`index-${name.replace(/ /g, '-')}`);
    damage(path.join(r, 'index', 'codes.bin'));
    const said = expectOneLine((lang) => inLang(['verify-code', code, '--run', r], lang), en, zh, 1);
    expect(same(said.zh)).toEqual(same(said.en));
  });

  it.each([
    ['not JSON', '{', /release\.json is not valid JSON: the release record is damaged \(restore it, or re-run finalize\)/, /release\.json 不是有效的 JSON：放行记录已损坏（请恢复该文件，或重新收尾）/],
    ['of something else', '{"format":"x/1","status":"maybe"}', /release\.json is not a siprint release record \(format x\/1, status maybe\)/, /release\.json 不是 siprint 的放行记录（"format" 为 x\/1，"status" 为 maybe）/],
  ])('a release record %s', (name, text, en, zh) => {
    const r = copy(`release-${name.replace(/ /g, '-')}`);
    writeFileSync(path.join(r, 'release.json'), text);
    const said = expectOneLine((lang) => inLang(['status', r], lang), en, zh, 1);
    expect(same(said.zh)).toEqual(same(said.en));
  });

  it('a damaged step marker is removed to redo the step; a damaged record of the run is restored', () => {
    const marker = copy('marker');
    writeFileSync(path.join(marker, 'parts', 'E-0001', 'rendered.json'), '{');
    expectOneLine((lang) => inLang(['status', marker], lang), /render marker \S+rendered\.json is not valid JSON: remove it to redo that step$/m, /排版标记 \S+rendered\.json 不是有效的 JSON：请删除该文件，以重做这一步$/m);
    const manifest = copy('manifest');
    writeFileSync(path.join(manifest, 'manifest.json'), '{');
    expectOneLine(
      (lang) => inLang(['status', manifest], lang),
      /manifest \S+manifest\.json is not valid JSON: restore it from a backup of the run directory, then run siprint verify on the run$/m,
      /清单 \S+manifest\.json 不是有效的 JSON：请从批次目录的备份中恢复该文件，然后对该批次运行 siprint verify$/m,
    );
  });

  it('an index rebuilt from a run without its archive, or without its ingest state', () => {
    const noArchive = copy('no-archive');
    rmSync(path.join(noArchive, 'archive'), { recursive: true });
    expectOneLine((lang) => inLang(['index', noArchive], lang), /archive is missing: \S+ is not a run directory whose ingest finished/, /archive 不存在：\S+ 不是已完成读取的批次目录/);
    const noIngest = copy('no-ingest');
    rmSync(path.join(noIngest, 'state', 'ingest.json'));
    expectOneLine((lang) => inLang(['index', noIngest], lang), /run T: ingest has not finished \(run the ingest stage first\)/, /批次 T：读取尚未完成（请先执行读取阶段）/, 1);
  });
});

describe('the archive key, in both languages', () => {
  it('a key that is not 32 bytes is refused when the run starts', () => {
    const said = expectOneLine(
      (lang) => inLang(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', path.join(dir, `badkey-${lang}`), '--run-id', 'B', '--concurrency', '1'], lang, { SIPRINT_ARCHIVE_KEY: 'abc' }),
      /SIPRINT_ARCHIVE_KEY must be 32 random bytes as 64 hex digits or base64 \(e\.g\. `openssl rand -hex 32`\)/,
      /SIPRINT_ARCHIVE_KEY 应为 32 个随机字节，写作 64 位十六进制数字或 base64（例如 `openssl rand -hex 32`）/,
    );
    expect(same(said.zh)).toEqual(same(said.en));
  });

  it('an encrypted archive read without its key, or with another', () => {
    // the index rebuilt from the archive, encrypted under KEY_A
    const runDir = copy('K-copy', 'K');
    const none = expectOneLine(
      (lang) => inLang(['index', runDir], lang),
      /E-0001\.jsonl\.gz is encrypted \(key id [0-9a-f]{16}\): set SIPRINT_ARCHIVE_KEY to the key the run was archived with/,
      /E-0001\.jsonl\.gz 已加密（密钥标识 [0-9a-f]{16}）：请把 SIPRINT_ARCHIVE_KEY 设为该批次存档时所用的密钥/,
    );
    expect(same(none.zh)).toEqual(same(none.en));
    const other = expectOneLine(
      (lang) => inLang(['index', runDir], lang, { SIPRINT_ARCHIVE_KEY: KEY_B }),
      /is encrypted with key id [0-9a-f]{16}, but SIPRINT_ARCHIVE_KEY has key id [0-9a-f]{16}: set the run's archive key/,
      /以密钥标识 [0-9a-f]{16} 加密，而 SIPRINT_ARCHIVE_KEY 的密钥标识为 [0-9a-f]{16}：请设为该批次的存档密钥/,
    );
    expect(same(other.zh)).toEqual(same(other.en));
  });
});

describe('a run that cannot be made, in both languages', () => {
  it('a postage permit too long for the envelope', () => {
    // within the 80 characters an option may have, but wider than the envelope's imprint box
    const permit = '邮'.repeat(40);
    const said = expectOneLine(
      (lang) => inLang(['proof', '--extract', fx.extract, '--ticket', fx.ticket, '--out', path.join(dir, `permit-${lang}`), '--postage-permit', permit], lang),
      /postage permit \(40 characters\) does not fit the imprint box of envelope-dl-2021: shorten postagePermit in the ticket/,
      /邮资许可证号（40 个字符）超出 envelope-dl-2021 的邮资框：请缩短任务单中的 postagePermit/,
      1,
    );
    expect(same(said.zh)).toEqual(same(said.en));
  });
});
