/**
 * The print-house packages: the print house's OpenPGP key a ticket gives (exit 2), and what a damaged
 * package ZIP shows in `siprint verify`'s findings.
 */
import { msg, text } from '../define';

type Entry = { name: string };

export const packaging = {
  // the ticket's printHousePublicKey; `command` (gpg's) stays as typed
  'pgp.notKey': msg<{ error: string; command: string }>(
    (p) => `printHousePublicKey: not an armored OpenPGP public key (${p.error}); export it with ${p.command}`,
    (p) => `printHousePublicKey：不是 ASCII 格式的 OpenPGP 公钥（${p.error}）；请用 ${p.command} 导出印刷厂的公钥`,
  ),
  'pgp.private': text(
    "printHousePublicKey: this is a private key; give the print house's public key only",
    'printHousePublicKey：这是私钥；只能给出印刷厂的公钥',
  ),
  'pgp.noEncryptionKey': msg<{ fingerprint: string; error: string }>(
    (p) => `printHousePublicKey ${p.fingerprint}: no usable encryption key (${p.error}); ask the print house for a valid key`,
    (p) => `printHousePublicKey ${p.fingerprint}：没有可用的加密密钥（${p.error}）；请向印刷厂索取有效的公钥`,
  ),

  // a package ZIP read back (siprint verify)
  'zip.tooShort': text('not a ZIP (too short)', '不是 ZIP 文件（太短）'),
  'zip.noEnd': text('not a ZIP (no end-of-central-directory record)', '不是 ZIP 文件（没有中央目录结束记录）'),
  'zip.zip64': text('ZIP64 archives are not supported', '不支持 ZIP64 格式的文件'),
  'zip.directoryOutside': text('ZIP central directory lies outside the file', 'ZIP 中央目录超出文件范围'),
  'zip.directoryEntry': msg<{ n: number }>((p) => `ZIP central directory entry ${p.n} is damaged`, (p) => `ZIP 中央目录第 ${p.n} 项已损坏`),
  'zip.encrypted': msg<Entry>((p) => `ZIP entry ${p.name} is encrypted`, (p) => `ZIP 条目 ${p.name} 已加密`),
  'zip.localHeader': msg<Entry>((p) => `ZIP entry ${p.name}: local header is damaged`, (p) => `ZIP 条目 ${p.name}：本地文件头已损坏`),
  'zip.localName': msg<Entry & { local: string }>(
    (p) => `ZIP entry ${p.name}: local header names ${p.local}`,
    (p) => `ZIP 条目 ${p.name}：本地文件头中的名称为 ${p.local}`,
  ),
  'zip.truncated': msg<Entry>((p) => `ZIP entry ${p.name} is truncated`, (p) => `ZIP 条目 ${p.name} 不完整（被截断）`),
  'zip.method': msg<Entry & { method: number }>(
    (p) => `ZIP entry ${p.name}: unsupported compression method ${p.method}`,
    (p) => `ZIP 条目 ${p.name}：不支持的压缩方式 ${p.method}`,
  ),
  'zip.size': msg<Entry & { bytes: number; size: number }>(
    (p) => `ZIP entry ${p.name}: ${p.bytes} bytes, header says ${p.size}`,
    (p) => `ZIP 条目 ${p.name}：实为 ${p.bytes} 字节，文件头记为 ${p.size} 字节`,
  ),
  'zip.crc': msg<Entry>((p) => `ZIP entry ${p.name}: CRC-32 mismatch (damaged data)`, (p) => `ZIP 条目 ${p.name}：CRC-32 校验不符（数据已损坏）`),
};
