/**
 * `siprint acks` (docs/delivery.md §2): the print house writes `P.ack` beside each package — first line
 * `ACCEPTED` or `REJECTED <reason>`, an optional second line the SHA-256 it computed. Each new answer
 * is recorded once (audit `package.acknowledged` / `package.rejected`, delivery/events.jsonl); an
 * answer read again changes nothing. A SHA-256 that is not ours makes the package rejected
 * (SHA256_MISMATCH), whatever the first line says.
 */
import { appendAudit } from '../audit';
import { t } from '../i18n';
import { writeRunReport } from '../pipeline/run-report';
import { NO_REASON } from '../domain/ack';
import { appendDeliveryEvent, deliveryView, lastAnswer, readDeliveryEvents, SHA256_MISMATCH, type DeliveryView } from '../run-dir/delivery';
import { sha256 } from '../run-dir/hash';
import { runLog } from '../run-dir/log';
import { SftpSession } from './connection';
import { deliveryRun, withDeliveryLock } from './run';
import type { SftpTarget } from './target';

export interface Ack {
  accepted: boolean;
  reason?: string;
  sha256?: string;
}

/** Parses a P.ack; a malformed one is a one-line message (reported, nothing recorded). */
export function parseAck(text: string, file: string): Ack | { malformed: string } {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/).map((l) => l.trim());
  const [first = '', second = ''] = lines;
  const extra = lines.slice(2).some((l) => l !== '');
  let ack: Ack;
  if (first === 'ACCEPTED') ack = { accepted: true };
  else if (/^REJECTED(\s|$)/.test(first)) ack = { accepted: false, reason: cleanReason(first.slice('REJECTED'.length)) };
  else return { malformed: t('acks.malformedFirst', { file, first: first.slice(0, 60) }) };
  if (second) {
    if (!/^[0-9a-fA-F]{64}$/.test(second)) return { malformed: t('acks.malformedSha', { file }) };
    ack.sha256 = second.toLowerCase();
  }
  if (extra) return { malformed: t('acks.malformedExtra', { file }) };
  return ack;
}

/** The print house's words, one line, bounded; long digit runs (an ID number?) never reach the audit log. */
function cleanReason(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const r = s.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\d{15,}[\dXx]?/g, '[number removed]').trim().slice(0, 200);
  return r || NO_REASON;
}

export interface AcksResult {
  runId: string;
  /** Answers recorded now (a file name each). */
  recorded: { file: string; event: 'acknowledged' | 'rejected'; reason?: string; ackSha256?: string; sha256: string }[];
  /** Acks that could not be read, one line each. */
  malformed: string[];
  view: DeliveryView;
}

export async function readAcks(runDir: string, target: SftpTarget, opts: { operator: string; now?: () => Date }): Promise<AcksResult> {
  const run = deliveryRun(runDir);
  return withDeliveryLock(runDir, async () => {
    const now = opts.now ?? (() => new Date());
    const ackWithinHours = run.stored.printHouse?.ackWithinHours;
    const events = readDeliveryEvents(runDir);
    const before = deliveryView(run.packages, events, now(), ackWithinHours);
    const delivered = before.packages.filter((p) => p.deliveredAt);
    const result: AcksResult = { runId: run.runId, recorded: [], malformed: [], view: before };
    if (delivered.length === 0) return result;
    const session = await SftpSession.open(target);
    try {
      const names = await session.list();
      for (const d of delivered) {
        const p = run.packages.find((x) => x.file === d.file);
        if (!p || !names.has(`${d.file}.ack`)) continue;
        const bytes = await session.read(`${d.file}.ack`);
        if (!bytes) continue;
        const ack = parseAck(bytes.toString('utf8'), `${target.url}/${d.file}.ack`);
        if ('malformed' in ack) {
          result.malformed.push(ack.malformed);
          continue;
        }
        const ackFileSha256 = sha256(bytes);
        if (lastAnswer(events, p.file, p.sha256)?.ackFileSha256 === ackFileSha256) continue;
        const mismatch = ack.sha256 !== undefined && ack.sha256 !== p.sha256;
        const event = ack.accepted && !mismatch ? 'acknowledged' : 'rejected';
        const reason = mismatch ? SHA256_MISMATCH : ack.reason;
        const extra = { ...(reason ? { reason } : {}), ...(ack.sha256 ? { ackSha256: ack.sha256 } : {}) };
        await appendAudit(runDir, { action: `package.${event}`, operator: opts.operator, details: { file: p.file, sha256: p.sha256, ...extra, ackFileSha256 } }, now());
        await appendDeliveryEvent(runDir, { time: now().toISOString(), event, file: p.file, sha256: p.sha256, operator: opts.operator, ...extra, ackFileSha256 });
        runLog(runDir).info(`package ${event}`, { runId: run.runId, file: p.file, host: target.host });
        result.recorded.push({ file: p.file, event, sha256: p.sha256, ...extra });
      }
    } finally {
      await session.close();
    }
    result.view = deliveryView(run.packages, readDeliveryEvents(runDir), now(), ackWithinHours);
    if (result.recorded.length) await writeRunReport(runDir, { now: now() });
    return result;
  });
}
