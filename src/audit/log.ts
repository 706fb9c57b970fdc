/**
 * The run's audit log, `audit.jsonl`: one JSON object per line, each carrying the SHA-256 of the
 * previous line's exact text (`prev`; the first line carries 64 zeros) and a running `seq`, so an
 * edited, deleted, inserted or reordered line breaks the chain. Appends take a lock file so that
 * several processes (workers on one machine or sharing the run directory) can write at once.
 *
 * Limit of any hash chain without an outside anchor: removing or editing the *last* lines leaves a
 * valid shorter chain. The run manifest's package hashes cover the produced files themselves.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../domain/errors';
import { OPERATOR_RULE, SYSTEM_OPERATOR, isOperatorId } from '../domain/operator';
import { ANY_ID_IN_TEXT } from '../domain/ssn';
import { t } from '../i18n';
import { sha256 } from '../run-dir/hash';

export const AUDIT_FILE = 'audit.jsonl';
export const GENESIS_HASH = '0'.repeat(64);
/** The action that seals manifest.json, reconciliation.json and the run's files (run-dir/seal). */
export { RUN_RECORDS_ACTION } from '../run-dir/seal';
/** The action that seals report.html (each time it is written). */
export const REPORT_ACTION = 'run.report';
/** The action that seals purged.json (`siprint purge`). */
export const PURGE_ACTION = 'run.purged';

export interface AuditEvent {
  action: string;
  /** Who did it (an operator ID); default `system` for the pipeline itself. */
  operator?: string;
  /** First 6 + `********` + last 4 digits of an ssn: never the full number. */
  ssnMasked?: string;
  details?: Record<string, unknown>;
}

/** One line of audit.jsonl, keys in this order. */
export interface AuditLine {
  seq: number;
  time: string;
  operator: string;
  action: string;
  ssnMasked?: string;
  details?: Record<string, unknown>;
  prev: string;
}

const MASKED_SSN = /^\d{6}\*{8}\d{3}[\dX]$/;
/** Keys that would carry a person's name, address or identity number. */
const PERSONAL_KEYS = /^(ssn|idNumber|citizenId|name|fullName|personName|recipientName|guardianName|insuredName|address|phone)$/i;

/** Refuses personal data in an event: the audit log is kept longer than the data it speaks about. */
function checkEvent(event: AuditEvent): void {
  if (!/^[a-z][a-z0-9._-]*$/i.test(event.action)) throw new Error(`audit: action ${JSON.stringify(event.action)} must be a short identifier like package.sealed`);
  if (event.operator !== undefined && !isOperatorId(event.operator)) throw new Error(`audit: operator ${JSON.stringify(event.operator)} is not an operator ID (${OPERATOR_RULE})`);
  if (event.ssnMasked !== undefined && !MASKED_SSN.test(event.ssnMasked))
    throw new Error('audit: ssnMasked must be masked as first 6 + ******** + last 4 (use maskSsn); the full number is never logged');
  const walk = (v: unknown, where: string): void => {
    if (typeof v === 'string') {
      if (ANY_ID_IN_TEXT.test(v)) throw new Error(`audit: details${where} holds what looks like a full ssn; log it masked (first 6 + last 4) in ssnMasked`);
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${where}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (PERSONAL_KEYS.test(k)) throw new Error(`audit: details${where}.${k} would log personal data (names, addresses, numbers); log a record ID or masked ssn instead`);
        walk(x, `${where}.${k}`);
      }
    }
  };
  if (event.details !== undefined) walk(event.details, '');
}

const LOCK_STALE_MS = 30_000;
const LOCK_TIMEOUT_MS = 60_000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<file>.lock` with an exclusive create (O_CREAT|O_EXCL, atomic on local file systems and
 * NFSv3+). A lock whose holder died on this host, or that is older than LOCK_STALE_MS (an append takes
 * milliseconds), is broken by renaming it away first, so two breakers cannot both win.
 */
async function acquireLock(lockFile: string): Promise<() => Promise<void>> {
  const started = Date.now();
  const me = `${os.hostname()} ${process.pid} ${Date.now()} ${Math.random().toString(36).slice(2)}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await fsp.open(lockFile, 'wx', 0o600);
      try {
        await fh.writeFile(me);
      } finally {
        await fh.close();
      }
      return async () => {
        // release only our own lock (if it was broken as stale meanwhile, it is someone else's now)
        const owner = await fsp.readFile(lockFile, 'utf8').catch(() => '');
        if (owner === me) await fsp.unlink(lockFile).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const [st, owner] = await Promise.all([fsp.stat(lockFile).catch(() => null), fsp.readFile(lockFile, 'utf8').catch(() => '')]);
    if (st) {
      const [host, pidText] = owner.split(' ');
      const deadHere = host === os.hostname() && pidText !== undefined && !pidAlive(Number(pidText));
      if (deadHere || Date.now() - st.mtimeMs > LOCK_STALE_MS) {
        const aside = `${lockFile}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
        try {
          await fsp.rename(lockFile, aside);
          const taken = await fsp.readFile(aside, 'utf8').catch(() => '');
          if (taken === owner || owner === '') await fsp.unlink(aside).catch(() => undefined);
          // we moved a fresh lock by mistake (it changed between stat and rename): put it back if still free
          else await fsp.link(aside, lockFile).then(() => fsp.unlink(aside)).catch(() => fsp.unlink(aside).catch(() => undefined));
        } catch {
          // someone else broke it first
        }
        continue;
      }
    }
    if (Date.now() - started > LOCK_TIMEOUT_MS)
      throw new Error(t('audit.lockHeld', { lock: lockFile, owner, seconds: LOCK_TIMEOUT_MS / 1000 }));
    await sleep(Math.min(100, 2 + attempt * 3) + Math.random() * 5);
  }
}

/** The last complete line of the file (without its newline), or null when the file is empty/missing. */
async function lastLine(file: string): Promise<string | null> {
  let fh;
  try {
    fh = await fsp.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const { size } = await fh.stat();
    if (size === 0) return null;
    // read backwards in growing chunks until a newline before the last line is found
    for (let chunk = 64 * 1024; ; chunk *= 4) {
      const start = Math.max(0, size - chunk);
      const buf = Buffer.alloc(size - start);
      await fh.read(buf, 0, buf.length, start);
      const text = buf.toString('utf8');
      // a damaged run directory, like an unreadable JSON file of it: exit 2
      if (!text.endsWith('\n')) throw new InputError(t('audit.noNewline', { file }));
      const body = text.slice(0, -1);
      const nl = body.lastIndexOf('\n');
      if (nl >= 0) return body.slice(nl + 1);
      if (start === 0) return body;
    }
  } finally {
    await fh.close();
  }
}

/** Appends one hash-chained event to `<runDir>/audit.jsonl` (created when missing). */
export async function appendAudit(runDir: string, event: AuditEvent, now: Date = new Date()): Promise<void> {
  checkEvent(event);
  const file = path.join(runDir, AUDIT_FILE);
  const release = await acquireLock(`${file}.lock`);
  try {
    const last = await lastLine(file);
    let seq = 1;
    if (last !== null) {
      const parsed = JSON.parse(last) as Partial<AuditLine>;
      seq = (typeof parsed.seq === 'number' ? parsed.seq : 0) + 1;
    }
    const line: AuditLine = {
      seq,
      time: now.toISOString(),
      operator: event.operator ?? SYSTEM_OPERATOR,
      action: event.action,
      ...(event.ssnMasked !== undefined ? { ssnMasked: event.ssnMasked } : {}),
      ...(event.details !== undefined ? { details: event.details } : {}),
      prev: last === null ? GENESIS_HASH : sha256(last),
    };
    const fh = await fsp.open(file, 'a', 0o600);
    try {
      await fh.write(JSON.stringify(line) + '\n');
      await fh.sync();
    } finally {
      await fh.close();
    }
  } finally {
    await release();
  }
}

/**
 * Checks the chain of an audit.jsonl file; one line per problem naming the file and line
 * (empty = intact). Missing file → one problem.
 */
export async function verifyAuditChain(file: string): Promise<string[]> {
  const name = path.basename(file);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    return [t('verify.auditUnreadable', { file: name, code: (err as NodeJS.ErrnoException).code ?? String(err) })];
  }
  if (text === '') return [t('verify.auditEmpty', { file: name })];
  const problems: string[] = [];
  if (!text.endsWith('\n')) problems.push(t('verify.auditNoNewline', { file: name }));
  const lines = text.replace(/\n$/, '').split('\n');
  const hashes = lines.map(sha256);
  const where = new Map<string, number>();
  hashes.forEach((h, i) => where.set(h, i));
  let prevSeq = 0;
  lines.forEach((raw, i) => {
    const n = i + 1;
    let parsed: Partial<AuditLine>;
    try {
      parsed = JSON.parse(raw) as Partial<AuditLine>;
    } catch {
      problems.push(t('verify.lineDamaged', { file: name, line: n }));
      return;
    }
    const seq = typeof parsed.seq === 'number' ? parsed.seq : NaN;
    const bad: string[] = [];
    if (typeof parsed.time !== 'string' || Number.isNaN(Date.parse(parsed.time))) bad.push('time');
    if (typeof parsed.operator !== 'string' || parsed.operator === '') bad.push('operator');
    if (typeof parsed.action !== 'string' || parsed.action === '') bad.push('action');
    if (typeof parsed.prev !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.prev)) bad.push('prev');
    if (!Number.isInteger(seq)) bad.push('seq');
    if (parsed.ssnMasked !== undefined && (typeof parsed.ssnMasked !== 'string' || !MASKED_SSN.test(parsed.ssnMasked))) bad.push(t('verify.auditMasked'));
    if (bad.length > 0) problems.push(t('verify.auditFields', { file: name, line: n, fields: bad.join(', ') }));
    const expected = i === 0 ? GENESIS_HASH : hashes[i - 1];
    if (parsed.prev === expected) {
      if (Number.isFinite(seq) && seq !== prevSeq + 1) problems.push(t('verify.auditSeqEdited', { file: name, line: n, seq, prev: prevSeq }));
    } else if (Number.isFinite(seq) && seq === prevSeq && typeof parsed.prev === 'string' && parsed.prev === (i >= 2 ? hashes[i - 2] : GENESIS_HASH)) {
      problems.push(t('verify.auditInserted', { file: name, line: n, seq, inserted: i, follows: i - 1 }));
    } else if (Number.isFinite(seq) && seq <= prevSeq) {
      problems.push(t('verify.auditReorderedSeq', { file: name, line: n, seq, prev: prevSeq }));
    } else if (typeof parsed.prev === 'string' && where.has(parsed.prev) && where.get(parsed.prev) !== i - 1) {
      problems.push(t('verify.auditReorderedChain', { file: name, line: n, follows: (where.get(parsed.prev) ?? 0) + 1 }));
    } else if (Number.isFinite(seq) && seq > prevSeq + 1) {
      problems.push(t('verify.auditGap', { file: name, line: n, gap: seq - prevSeq - 1, from: prevSeq + 1, to: seq - 1 }));
    } else if (i === 0) {
      problems.push(t('verify.auditNoGenesis', { file: name }));
    } else {
      problems.push(t('verify.auditEdited', { file: name, line: i, next: n }));
    }
    if (Number.isFinite(seq)) prevSeq = Math.max(prevSeq, seq);
  });
  return problems;
}
