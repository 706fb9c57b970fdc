import path from 'node:path';
import type { Command } from 'commander';
import { currentLang, rejectionReason, t } from '../i18n';
import { SHA256_MISMATCH } from '../run-dir/delivery';
import { deliveryLines, operatorOf, targetOptions, type TargetFlags } from './delivery-options';
import { lazy } from './lazy';

/**
 * `siprint acks RUN_DIR`: reads the print house's P.ack files, records each new answer, and reports
 * rejected, mismatched and overdue packages — exit 1 when there is any (something to act on).
 */
export function registerAcks(program: Command): void {
  targetOptions(
    program
      .command('acks')
      .description('read the print house\'s acknowledgements (P.ack: ACCEPTED, or REJECTED reason; optional SHA-256) for the delivered packages; report rejected, mismatched and overdue ones (exit 1 when any)')
      .argument('<RUN_DIR>', 'the run directory DIR/<runId>'),
  ).action(async (dir: string, o: TargetFlags) => {
    const runDir = path.resolve(dir);
    const d = lazy.delivery();
    const operator = operatorOf(o);
    const run = d.deliveryRun(runDir);
    const target = d.resolveTarget(o, run.stored.printHouse);
    const r = await d.readAcks(runDir, target, { operator });
    const out: string[] = [];
    if (!r.view.packages.some((p) => p.deliveredAt)) out.push(t('acks.none', { runId: r.runId }));
    for (const x of r.recorded) {
      if (x.event === 'acknowledged') out.push(t('acks.accepted', { file: x.file }));
      else if (x.reason === SHA256_MISMATCH) out.push(t('acks.mismatch', { file: x.file, theirs: x.ackSha256 ?? '?', ours: x.sha256, runDir }));
      else out.push(t('acks.rejected', { file: x.file, reason: rejectionReason(x.reason, currentLang()), runDir }));
    }
    const now = new Set(r.recorded.map((x) => x.file));
    for (const p of r.view.packages) if (p.state === 'rejected' && !now.has(p.file)) out.push(t('acks.stillRejected', { file: p.file, reason: rejectionReason(p.reason, currentLang()) }));
    out.push(...deliveryLines(r.view));
    process.stdout.write(out.map((l) => `${l}\n`).join(''));
    for (const m of r.malformed) process.stderr.write(`siprint: ${m}\n`);
    if (r.view.counts.rejected > 0 || r.view.overdue.length > 0 || r.malformed.length > 0) process.exitCode = 1;
  });
}
