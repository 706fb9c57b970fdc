/**
 * The hand-off's record, `<runDir>/delivery/events.jsonl` (docs/delivery.md §1–2): one JSON line per
 * change of a package's state on the print house's side — `delivered` (uploaded, size checked, its
 * sidecar in place), `acknowledged`, `rejected` (the print house's P.ack, or a SHA-256 it computed
 * that is not ours). Append-only, and why: a crash can only lose or tear the last line (a torn
 * line is cut off by the next writer), never half-rewrite the history; a line is appended only when
 * the state changes, so a command run twice appends nothing; `status`, the report and the dashboard
 * fold the lines without importing src/delivery. Writers hold `delivery/lock` (one deliver or acks
 * at a time per run). No personal data: package file names, hashes, the remote URL, operator IDs.
 */
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import { lockFile } from './lock';
import type { PackageStatus } from './release';

export const DELIVERY_FORMAT = 'siprint-delivery/1';

export type DeliveryEventKind = 'delivered' | 'acknowledged' | 'rejected';

export interface DeliveryEvent {
  format: typeof DELIVERY_FORMAT;
  time: string;
  event: DeliveryEventKind;
  /** The package's file name, as on the SFTP host (`<runId>-E-p001.zip`); the manifest's path is `print/<file>`. */
  file: string;
  /** The package's SHA-256 this event is about (ours, as sealed). */
  sha256: string;
  operator: string;
  /** delivered: the size sent and where to (`sftp://user@host:port/dir/<file>`). */
  bytes?: number;
  remote?: string;
  /** rejected: the print house's reason, or SHA256_MISMATCH. */
  reason?: string;
  /** acknowledged / rejected: the SHA-256 the print house put on the ack's second line, if any. */
  ackSha256?: string;
  /** acknowledged / rejected: the SHA-256 of the P.ack file itself (the source, as audit events carry it). */
  ackFileSha256?: string;
}

/** What a package is, from the run's point of view (docs/glossary.md: the run and the last mile). */
export type PackageState = 'sealed' | 'released' | 'delivered' | 'acknowledged' | 'rejected';
export const PACKAGE_STATES: readonly PackageState[] = ['sealed', 'released', 'delivered', 'acknowledged', 'rejected'];

export interface PackageDelivery {
  file: string;
  /** The manifest's path, `print/<file>`. */
  path: string;
  state: PackageState;
  bytes: number;
  deliveredAt?: string;
  remote?: string;
  /** acknowledged / rejected: when siprint read the print house's answer. */
  answeredAt?: string;
  reason?: string;
  /** rejected because the print house's SHA-256 is not ours. */
  mismatch?: boolean;
  /** delivered, no answer, longer ago than ackWithinHours. */
  overdue?: boolean;
}

export interface DeliveryView {
  ackWithinHours: number;
  packages: PackageDelivery[];
  counts: Record<PackageState, number>;
  /** Files of the overdue packages. */
  overdue: string[];
}

export const DEFAULT_ACK_WITHIN_HOURS = 24;

export function deliveryPaths(runDir: string) {
  const dir = path.join(runDir, 'delivery');
  return { dir, events: path.join(dir, 'events.jsonl'), lock: path.join(dir, 'lock') };
}

/** The lines of events.jsonl that parse (a torn last line of a crashed writer is not one). */
export function readDeliveryEvents(runDir: string): DeliveryEvent[] {
  const file = deliveryPaths(runDir).events;
  if (!existsSync(file)) return [];
  const out: DeliveryEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as DeliveryEvent;
      if (e.format === DELIVERY_FORMAT) out.push(e);
    } catch {
      // torn by a crash: cut off by the next append
    }
  }
  return out;
}

/** Appends one event, durably; a torn tail left by a crash is cut off first (the caller holds the lock). */
export async function appendDeliveryEvent(runDir: string, event: Omit<DeliveryEvent, 'format'>): Promise<void> {
  const { dir, events } = deliveryPaths(runDir);
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  const text = await fsp.readFile(events, 'utf8').catch(() => '');
  if (text && !text.endsWith('\n')) await fsp.truncate(events, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
  const fh = await fsp.open(events, 'a', 0o600);
  try {
    await fh.write(`${JSON.stringify({ format: DELIVERY_FORMAT, ...event })}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Takes `delivery/lock`: the release, or the holder when another deliver/acks runs. */
export function lockDelivery(runDir: string): Promise<{ release: () => Promise<void> } | { heldBy: string }> {
  return lockFile(deliveryPaths(runDir).lock);
}

export interface ManifestPackageRef {
  path: string;
  sha256: string;
  bytes: number;
  status?: PackageStatus;
  /** Electronic-statement packages are for the agency's website: not handed off, so not in this view. */
  electronic?: boolean;
}

/**
 * Each package's state: the manifest says sealed (pending approval) or released; the events, folded
 * in order, say delivered / acknowledged / rejected — only events about the package's current
 * SHA-256 count (a re-sealed package starts again from released).
 */
export function deliveryView(packages: readonly ManifestPackageRef[], events: readonly DeliveryEvent[], now: Date, ackWithinHours = DEFAULT_ACK_WITHIN_HOURS): DeliveryView {
  const byFile = new Map<string, DeliveryEvent[]>();
  for (const e of events) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const counts = Object.fromEntries(PACKAGE_STATES.map((s) => [s, 0])) as Record<PackageState, number>;
  const overdue: string[] = [];
  const list = packages.filter((p) => !p.electronic).map((p) => {
    const file = path.posix.basename(p.path);
    const d: PackageDelivery = { file, path: p.path, state: p.status === 'pending' ? 'sealed' : 'released', bytes: p.bytes };
    for (const e of byFile.get(file) ?? []) {
      if (e.sha256 !== p.sha256) continue;
      if (e.event === 'delivered') {
        d.state = 'delivered';
        d.deliveredAt = e.time;
        if (e.remote) d.remote = e.remote;
        delete d.answeredAt;
        delete d.reason;
        delete d.mismatch;
      } else if (d.deliveredAt) {
        d.state = e.event;
        d.answeredAt = e.time;
        if (e.reason) d.reason = e.reason;
        else delete d.reason;
        if (e.reason === SHA256_MISMATCH) d.mismatch = true;
        else delete d.mismatch;
      }
    }
    if (d.state === 'delivered' && d.deliveredAt && now.getTime() - Date.parse(d.deliveredAt) > ackWithinHours * 3_600_000) {
      d.overdue = true;
      overdue.push(file);
    }
    counts[d.state] += 1;
    return d;
  });
  return { ackWithinHours, packages: list, counts, overdue };
}

/** The reason recorded when the print house's SHA-256 of a package is not ours. */
export const SHA256_MISMATCH = 'SHA256_MISMATCH';

/** The last answer recorded for this delivery of `file` (acks is idempotent against it). */
export function lastAnswer(events: readonly DeliveryEvent[], file: string, sha256: string): DeliveryEvent | undefined {
  let last: DeliveryEvent | undefined;
  for (const e of events) {
    if (e.file !== file || e.sha256 !== sha256) continue;
    last = e.event === 'delivered' ? undefined : e;
  }
  return last;
}
