/**
 * `siprint deliver` (docs/delivery.md §1): every released package of the manifest, and its sidecar
 * `P.manifest.json`, onto the print house's SFTP host. For each package: `P.part` uploaded, its remote
 * size checked, renamed to `P`; then the sidecar the same way, last, so its presence means `P` is
 * complete; then `package.delivered` in the audit log and delivery/events.jsonl. A package recorded as
 * delivered is never sent again (the print house may have taken it out of its inbox already); one
 * found on the host complete (its size, its sidecar's SHA-256) after a crash is recorded, not re-sent.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { appendAudit } from '../audit';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { writeRunReport } from '../pipeline/run-report';
import { appendDeliveryEvent, deliveryView, readDeliveryEvents, type PackageDelivery } from '../run-dir/delivery';
import { jsonText } from '../run-dir/json';
import { runLog } from '../run-dir/log';
import { SftpSession } from './connection';
import { deliveryRun, withDeliveryLock, type DeliveryRun, type RunPackage } from './run';
import type { SftpTarget } from './target';

export type DeliverEvent =
  | { type: 'start'; packages: { file: string; bytes: number }[] }
  | { type: 'bytes'; file: string; sent: number; bytes: number }
  | { type: 'done'; file: string; outcome: 'sent' | 'found complete' };

export interface DeliverOptions {
  operator: string;
  /** `--again P`: re-send these rejected packages (file names or print/ paths). */
  again?: string[];
  onEvent?: (e: DeliverEvent) => void;
  now?: () => Date;
}

export interface DeliverResult {
  runId: string;
  /** Packages uploaded now, found complete on the host (recorded now), already delivered before. */
  sent: string[];
  foundComplete: string[];
  alreadyDelivered: string[];
  bytesSent: number;
  ms: number;
}

/** The sidecar, byte for byte the same every time for the same package. */
export function sidecarOf(runId: string, p: RunPackage): Buffer {
  const { file, bytes, sha256, batch, part, pieces, sheets } = p;
  return Buffer.from(jsonText({ file, bytes, sha256, runId, batch, part, pieces, sheets }));
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Which packages to send now: released and not yet delivered, or `--again` ones that were rejected. */
function toSend(run: DeliveryRun, states: Map<string, PackageDelivery>, again: string[] | undefined): RunPackage[] {
  if (again?.length) {
    return again.map((name) => {
      const file = path.basename(name);
      const p = run.packages.find((x) => x.file === file);
      if (!p) throw new UsageError(t('delivery.againUnknown', { file, runId: run.runId }));
      const st = states.get(file);
      if (st?.state !== 'rejected') throw new UsageError(t('delivery.againNotRejected', { file, state: st?.state ?? 'released' }));
      return p;
    });
  }
  const pending = run.packages.filter((p) => states.get(p.file)?.state === 'sealed');
  if (pending.length) throw new UsageError(t('delivery.notReleased', { runId: run.runId, n: pending.length, runDir: run.runDir }));
  return run.packages.filter((p) => states.get(p.file)?.state === 'released');
}

export async function deliverRun(runDir: string, target: SftpTarget, opts: DeliverOptions): Promise<DeliverResult> {
  const run = deliveryRun(runDir);
  return withDeliveryLock(runDir, async () => {
    const now = opts.now ?? (() => new Date());
    const started = Date.now();
    const view = deliveryView(run.packages, readDeliveryEvents(runDir), now());
    const states = new Map(view.packages.map((p) => [p.file, p]));
    const todo = toSend(run, states, opts.again);
    const result: DeliverResult = { runId: run.runId, sent: [], foundComplete: [], alreadyDelivered: [], bytesSent: 0, ms: 0 };
    result.alreadyDelivered = opts.again?.length ? [] : run.packages.filter((p) => !todo.includes(p)).map((p) => p.file);
    for (const p of todo) {
      const local = path.join(runDir, p.path);
      if (!existsSync(local) || statSync(local).size !== p.bytes || (await sha256File(local)) !== p.sha256) {
        throw new Error(t('delivery.localChanged', { file: p.path, runDir }));
      }
    }
    const log = runLog(runDir);
    if (todo.length === 0) return { ...result, ms: Date.now() - started };
    opts.onEvent?.({ type: 'start', packages: todo.map((p) => ({ file: p.file, bytes: p.bytes })) });
    const session = await SftpSession.open(target);
    try {
      for (const p of todo) {
        const t0 = Date.now();
        const again = Boolean(opts.again?.length);
        const outcome = !again && (await completeOnHost(session, run, p)) ? 'found complete' : await send(session, run, p, again, opts);
        const remote = `${target.url}/${p.file}`;
        // the audit first: a crash before the state line leaves a package the next run finds complete
        await appendAudit(runDir, { action: 'package.delivered', operator: opts.operator, details: { file: p.file, sha256: p.sha256, remote } }, now());
        await appendDeliveryEvent(runDir, { time: now().toISOString(), event: 'delivered', file: p.file, sha256: p.sha256, bytes: p.bytes, remote, operator: opts.operator });
        log.info(outcome === 'sent' ? 'package delivered' : 'package found delivered', { runId: run.runId, file: p.file, host: target.host, bytes: p.bytes, ms: Date.now() - t0 });
        if (outcome === 'sent') {
          result.sent.push(p.file);
          result.bytesSent += p.bytes;
        } else result.foundComplete.push(p.file);
        opts.onEvent?.({ type: 'done', file: p.file, outcome });
      }
    } catch (err) {
      log.error('delivery failed', { runId: run.runId, host: target.host, error: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      await session.close();
      // the report shows what reached the host, also when a later package failed
      if (result.sent.length + result.foundComplete.length > 0) await writeRunReport(runDir, { now: now() });
    }
    return { ...result, ms: Date.now() - started };
  });
}

/** After a crash: `P` at its size with our sidecar is complete; `P` at its size without one was renamed after its size check, so only the sidecar is missing. */
async function completeOnHost(session: SftpSession, run: DeliveryRun, p: RunPackage): Promise<boolean> {
  const st = await session.stat(p.file);
  if (st?.size !== p.bytes) return false;
  const sidecar = sidecarOf(run.runId, p);
  const there = await session.read(`${p.file}.manifest.json`);
  if (there?.equals(sidecar)) return true;
  if (there) {
    let theirs: { sha256?: unknown } = {};
    try {
      theirs = JSON.parse(there.toString('utf8')) as { sha256?: unknown };
    } catch {
      // a torn sidecar cannot be ours: sent again below
    }
    if (theirs.sha256 !== p.sha256) return false;
  }
  await putChecked(session, sidecar, `${p.file}.manifest.json`);
  return true;
}

async function send(session: SftpSession, run: DeliveryRun, p: RunPackage, again: boolean, opts: DeliverOptions): Promise<'sent'> {
  if (again) {
    // the old sidecar goes first, so the host never shows the new P beside the old one's sidecar;
    // the old answer goes too (it is recorded in the audit log already)
    await session.remove(`${p.file}.manifest.json`);
    await session.remove(`${p.file}.ack`);
  }
  opts.onEvent?.({ type: 'bytes', file: p.file, sent: 0, bytes: p.bytes });
  await putChecked(session, path.join(run.runDir, p.path), p.file, p.bytes, (sent) => opts.onEvent?.({ type: 'bytes', file: p.file, sent, bytes: p.bytes }));
  await putChecked(session, sidecarOf(run.runId, p), `${p.file}.manifest.json`);
  return 'sent';
}

/** `name.part`, its remote size checked, renamed to `name`: never visible under its name while partial. */
async function putChecked(session: SftpSession, local: string | Buffer, name: string, bytes = Buffer.isBuffer(local) ? local.length : 0, onBytes?: (sent: number) => void): Promise<void> {
  const part = `${name}.part`;
  await session.upload(local, part, onBytes);
  const st = await session.stat(part);
  if (st?.size !== bytes) throw new Error(t('delivery.sizeMismatch', { host: session.target.host, file: part, size: st?.size ?? 0, bytes }));
  await session.rename(part, name);
}

