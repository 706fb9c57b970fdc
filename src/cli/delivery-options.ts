/** What `deliver` and `acks` share: the target options, the operator, the delivery lines of `status`. */
import type { Command } from 'commander';
import { UsageError } from '../domain/errors';
import { SYSTEM_OPERATOR, defaultOperator, isOperatorId } from '../domain/operator';
import { currentLang, rejectionReason, t, tIn, type Lang } from '../i18n';
import type { DeliveryView } from '../run-dir/delivery';

export interface TargetFlags {
  to?: string;
  identity?: string;
  knownHosts?: string;
  operator?: string;
}

export function targetOptions(cmd: Command): Command {
  return cmd
    .option('--to <url>', 'sftp://user@host[:port]/path (default: the ticket\'s printHouse.sftp.url)')
    .option('--identity <file>', 'the private key to log in with (key authentication only; an encrypted key\'s passphrase in $SIPRINT_SFTP_PASSPHRASE)')
    .option('--known-hosts <file>', 'the known-hosts file holding the host\'s key (default: printHouse.sftp.knownHostsFile, else ~/.ssh/known_hosts)')
    .option('--operator <id>', 'operator ID for the audit log (default $USER)');
}

export function operatorOf(o: TargetFlags): string {
  const op = defaultOperator(o.operator, process.env) ?? SYSTEM_OPERATOR;
  if (!isOperatorId(op)) throw new UsageError(t('err.badOperator', { operator: JSON.stringify(op), rule: t('operator.rule') }));
  return op;
}

/** `delivered n/m · acknowledged a · rejected r`, then the overdue names (for status, deliver and acks). */
export function deliveryLines(v: DeliveryView, lang: Lang = currentLang()): string[] {
  const c = v.counts;
  const lines = [
    tIn(lang, 'delivery.summary', { delivered: c.delivered + c.acknowledged + c.rejected, total: v.packages.length, acknowledged: c.acknowledged, rejected: c.rejected, sealed: c.sealed }),
  ];
  const rejected = v.packages.filter((p) => p.state === 'rejected');
  if (rejected.length) lines.push(tIn(lang, 'delivery.rejectedList', { files: rejected.map((p) => `${p.file} (${p.reason ? rejectionReason(p.reason, lang) : '?'})`).join(', ') }));
  if (v.overdue.length) lines.push(tIn(lang, 'delivery.overdue', { hours: v.ackWithinHours, files: v.overdue.join(', ') }));
  return lines;
}
