/**
 * The host's key must be one the known-hosts file lists for it (OpenSSH's format: plain or hashed
 * `|1|salt|hash` names, `[host]:port` off port 22, comma lists, `@revoked`). No key for the host, or
 * only other ones: the connection is refused before authentication (exit 2, with `ssh-keyscan`).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface KnownKey {
  type: string;
  /** The key blob as the server sends it (base64-decoded). */
  blob: Buffer;
  revoked: boolean;
}

function nameMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\[/g, '\\[').replace(/\]/g, '\\]').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** The keys the file lists for host:port (as OpenSSH names it: `host`, or `[host]:port` off 22). */
export function knownKeysFor(file: string, host: string, port: number): KnownKey[] {
  const name = port === 22 ? host : `[${host}]:${port}`;
  const keys: KnownKey[] = [];
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      const marker = fields.shift();
      if (marker === '@cert-authority') continue; // host certificates: not used here
      revoked = marker === '@revoked';
    }
    const [patterns, type, b64] = fields;
    if (!patterns || !type || !b64) continue;
    const list = patterns.split(',');
    if (list.some((p) => p.startsWith('!') && nameMatches(p.slice(1), name))) continue;
    if (!list.some((p) => !p.startsWith('!') && nameMatches(p, name))) continue;
    keys.push({ type, blob: Buffer.from(b64, 'base64'), revoked });
  }
  return keys;
}

/** The key types to offer the server (so it presents one we can check), best first. */
export function hostKeyAlgorithms(keys: readonly KnownKey[]): string[] {
  const types = new Set(keys.filter((k) => !k.revoked).map((k) => k.type));
  const out: string[] = [];
  for (const t of ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521']) if (types.has(t)) out.push(t);
  // an RSA key is offered with its SHA-2 signatures first
  if (types.has('ssh-rsa')) out.push('rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa');
  return out;
}

/** Is the presented key one of the listed, unrevoked keys? */
export function hostKeyAccepted(keys: readonly KnownKey[], presented: Buffer): boolean {
  if (keys.some((k) => k.revoked && k.blob.equals(presented))) return false;
  return keys.some((k) => !k.revoked && k.blob.equals(presented));
}
