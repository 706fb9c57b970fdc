/**
 * What the run's seal covers. At finalize (and again at a release) the `run.records` audit line names
 * the SHA-256 of every file the run has left by then — run.json, state/, parts/ (pieces, PDFs,
 * mailing lists, markers), archive/, exceptions.jsonl — so `siprint verify` finds any of them changed,
 * removed or added. The files written after the seal have their own check (docs/reliability.md):
 * print/ (manifest.json and the package.sealed lines), manifest.json and reconciliation.json (their
 * own hashes in the same line), report.html (a `run.report` line per write), release.json, delivery/,
 * reprints/, purged.json and state/finalized.json (cross-checked against the audit log), tracking/
 * (each file taken in has its audit line: verify/tracking.ts), returns/ (rebuilt from tracking/'s returns
 * summaries and compared: verify/tracking.ts), audit.jsonl (its chain), logs/ (no
 * personal data; appended by every later command) and run.lock (held while a process works on the run).
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';

/** The audit action of the seal (audit.jsonl; `siprint verify` checks what it names). */
export const RUN_RECORDS_ACTION = 'run.records';

/** Top-level names outside the seal (each has its own check, above). */
const NOT_SEALED = new Set(['audit.jsonl', 'audit.jsonl.lock', 'run.lock', 'tracking', 'logs', 'print', 'manifest.json', 'reconciliation.json', 'report.html', 'release.json', 'delivery', 'reprints', 'returns', 'purged.json', 'tmp']);
/** Under state/: written after the seal. */
const NOT_SEALED_STATE = new Set(['state/finalized.json']);

/** Is this file (relative, with /) one the seal must cover? */
export function isSealable(rel: string): boolean {
  const top = rel.split('/')[0]!;
  if (NOT_SEALED.has(top) || NOT_SEALED_STATE.has(rel)) return false;
  // temp files of an interrupted atomic write (finalize removes them)
  return !path.posix.basename(rel).startsWith('.');
}

export async function sha256OfFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Every sealable file of the run directory, relative with /, sorted. */
export async function sealableFiles(runDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await fsp.readdir(path.join(runDir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!NOT_SEALED.has(r)) await walk(r);
      } else if (isSealable(r)) out.push(r);
    }
  };
  await walk('');
  return out.sort();
}

/** The seal's `files`: path → SHA-256 of every sealable file. */
export async function sealFiles(runDir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const rel of await sealableFiles(runDir)) files[rel] = await sha256OfFile(path.join(runDir, rel));
  return files;
}

/**
 * The `files` of the run's last seal in audit.jsonl, with its line number; undefined when the run has
 * none (not finished, or sealed before seals named every file). The chain itself is verify's business.
 */
export async function readSealedFiles(runDir: string): Promise<{ line: number; files: Record<string, string> } | undefined> {
  const text = await fsp.readFile(path.join(runDir, 'audit.jsonl'), 'utf8').catch(() => '');
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i]!.includes(`"action":"${RUN_RECORDS_ACTION}"`)) continue;
    try {
      const files = (JSON.parse(lines[i]!) as { details?: { files?: Record<string, string> } }).details?.files;
      return files ? { line: i + 1, files } : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
