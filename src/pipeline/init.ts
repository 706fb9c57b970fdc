import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../domain/errors';
import { t } from '../i18n';
import { appendAudit } from '../audit';
import { printHouseKey } from '../package/build-package';
import { deadlineFor, handoffBy } from '../domain/deadline';
import { makeDirectory, writeError, writeJsonAtomic } from '../run-dir/atomic';
import { runLog } from '../run-dir/log';
import { checkSameExtract, extractIdentity } from '../run-dir/extract-id';
import { runPaths } from '../run-dir/paths';
import { readStoredConfig } from '../run-dir/run-config';
import { toStored, type RunConfig, type StoredRunConfig } from './config';

/** Fields that make a run what it is: a resume must not silently change them. */
const IDENTITY: (keyof StoredRunConfig)[] = ['year', 'mode', 'schemes', 'extract', 'encoding', 'piecesPerFile', 'printDate', 'verificationKeyId', 'deceased', 'returned'];

/**
 * Creates `outDir/<runId>/` with run.json (mode 0700: it will hold personal data), or, with
 * `resume`, checks the existing run is the same run. A new run over an existing ID is refused.
 */
export async function initRun(outDir: string, config: RunConfig, opts: { resume: boolean }): Promise<string> {
  const runDir = path.resolve(outDir, config.runId);
  const p = runPaths(runDir);
  const exists = existsSync(runDir);
  if (exists && !opts.resume) {
    throw new UsageError(t('err.runExists', { runId: config.runId, dir: path.resolve(outDir) }));
  }
  if (!exists && opts.resume) {
    throw new UsageError(t('err.runMissing', { runId: config.runId, dir: path.resolve(outDir) }));
  }
  let fresh = toStored(config, { deadline: deadlineFor(config.year), handoffBy: handoffBy(config.year, config.leadDays) });
  if (exists && existsSync(p.config)) {
    const stored = readStoredConfig(runDir);
    for (const field of IDENTITY) {
      if (JSON.stringify(stored[field]) !== JSON.stringify(fresh[field])) {
        const what = field === 'verificationKeyId' ? t('err.keyDiffers') : t('err.fieldChanged', { field, was: JSON.stringify(stored[field]), now: JSON.stringify(fresh[field]) });
        throw new UsageError(t('err.cannotResume', { runId: config.runId, what }));
      }
    }
    await checkSameExtract(stored, !existsSync(p.ingestDone));
    await appendAudit(runDir, { action: 'run.resumed', details: { runId: config.runId } });
    runLog(runDir).info('run resumed', { runId: config.runId });
    return runDir;
  }
  if (config.printHousePublicKey) await printHouseKey(config.printHousePublicKey);
  const extract = await extractIdentity(config.extract).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(t('err.extractUnreadable', { file: config.extract, code: err.code ?? String(err) }));
  });
  await makeDirectory(runDir).catch((err: unknown) => {
    throw writeError(err, runDir);
  });
  fresh = { ...fresh, extractSha256: extract.sha256, extractBytes: extract.bytes };
  await writeJsonAtomic(p.config, fresh, 0o600);
  await appendAudit(runDir, {
    action: 'run.created',
    ...(config.operator ? { operator: config.operator } : {}),
    details: { runId: config.runId, year: config.year, mode: config.mode, verificationKeyId: fresh.verificationKeyId, extract, ...(config.deceased ? { deceased: config.deceased } : {}), ...(config.returned ? { returned: config.returned } : {}) },
  });
  runLog(runDir).info('run created', { runId: config.runId });
  return runDir;
}
