/**
 * `siprint verify`: re-checks a finished run directory from its files alone — package hashes against
 * manifest.json, the inside of every (unencrypted) package, the counts against reconciliation.json and
 * exceptions.jsonl, and the audit chain. Every problem is one line starting with the file it concerns.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { verifyAuditChain, AUDIT_FILE } from '../audit';
import { InputError } from '../domain/errors';
import { t } from '../i18n';
import { sha256 } from '../run-dir/hash';
import { checkReconciliation, tallyExceptions } from './counts';
import { checkDelivery } from './delivery';
import { verifyElectronicContents } from './electronic';
import { checkTracking } from './tracking';
import type { MakeupRecord } from '../run-dir/tracking';
import { verifyPackageContents } from './package-contents';
import { runManifestSchema, zodProblem, type RunManifestRead } from './schemas';
import { checkLateFiles, checkPurge, checkSealedRecords } from './seals';

export interface VerifySummary {
  runId: string;
  packages: number;
  /** Encrypted packages are checked by size and hash only (the print house holds the key). */
  encryptedPackages: number;
  pieces: number;
  statementPages: number;
  envelopePages: number;
  exceptionLines: number;
  auditLines: number;
  /** The manifest says the run finished after its hand-off date. */
  finishedLate: boolean;
  handoffBy: string;
  /** Date of a purge (`siprint purge`): packages and archive removed on purpose, hashes no longer checkable. */
  purgedOn?: string;
}

export interface VerifyResult {
  problems: string[];
  summary: VerifySummary;
}

async function readJson(runDir: string, rel: string, problems: string[]): Promise<unknown> {
  let text: string;
  try {
    text = await fsp.readFile(path.join(runDir, rel), 'utf8');
  } catch (err) {
    problems.push(t('verify.cannotRead', { file: rel, code: (err as NodeJS.ErrnoException).code ?? String(err) }));
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    problems.push(t('verify.notJsonEdited', { file: rel, error: err instanceof Error ? err.message : String(err) }));
    return undefined;
  }
}

function isInside(runDir: string, rel: string): boolean {
  const abs = path.resolve(runDir, rel);
  return !path.isAbsolute(rel) && abs.startsWith(path.resolve(runDir) + path.sep);
}

/** Verifies a run directory; throws InputError (exit 2) when it is not a run directory at all. */
export async function verifyRunDetailed(runDir: string): Promise<VerifyResult> {
  const st = await fsp.stat(runDir).catch(() => null);
  if (!st?.isDirectory()) throw new InputError(t('verify.notRunDir', { runDir }));
  if (!(await fsp.stat(path.join(runDir, 'manifest.json')).catch(() => null)))
    throw new InputError(t('verify.notFinished', { runDir }));

  const problems: string[] = [];
  const summary: VerifySummary = {
    runId: path.basename(runDir),
    packages: 0,
    encryptedPackages: 0,
    pieces: 0,
    statementPages: 0,
    envelopePages: 0,
    exceptionLines: 0,
    auditLines: 0,
    finishedLate: false,
    handoffBy: '',
  };
  const rawManifest = await readJson(runDir, 'manifest.json', problems);
  let manifest: RunManifestRead | null = null;
  if (rawManifest !== undefined) {
    const parsed = runManifestSchema.safeParse(rawManifest);
    if (parsed.success) manifest = parsed.data;
    else problems.push(zodProblem('manifest.json', parsed.error));
  }

  const auditFile = path.join(runDir, AUDIT_FILE);
  const auditLines = (await fsp.readFile(auditFile, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
  const purgedOn = await checkPurge(runDir, auditLines, problems);
  if (purgedOn !== undefined) summary.purgedOn = purgedOn;

  let makeups: MakeupRecord[] = [];
  if (manifest) {
    summary.runId = manifest.runId;
    const listed = new Set<string>();
    const piecesByBatch = new Map<string, number>();
    const electronicByBatch = new Map<string, number>();
    for (const entry of manifest.packages) {
      const rel = entry.path;
      if (!isInside(runDir, rel)) {
        problems.push(t('verify.pathOutside', { path: rel }));
        continue;
      }
      listed.add(path.normalize(rel));
      const tally = entry.electronic ? electronicByBatch : piecesByBatch;
      tally.set(entry.batch, (tally.get(entry.batch) ?? 0) + entry.pieces);
      if (purgedOn !== undefined) {
        // removed by a sealed purge: the manifest (sealed in the audit log) still says what was there
        summary.pieces += entry.pieces;
        summary.statementPages += entry.statementPages;
        summary.envelopePages += entry.envelopePages;
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = await fsp.readFile(path.join(runDir, rel));
      } catch (err) {
        problems.push(t('verify.listedUnreadable', { file: rel, code: (err as NodeJS.ErrnoException).code ?? String(err) }));
        continue;
      }
      summary.packages++;
      if (bytes.length !== entry.bytes) problems.push(t('verify.bytes', { file: rel, n: bytes.length, want: entry.bytes }));
      const h = sha256(bytes);
      if (h !== entry.sha256) problems.push(t('verify.shaDiffers', { file: rel, got: h, want: entry.sha256, against: 'manifest.json' }));
      if (rel.endsWith('.gpg') || entry.encrypted) {
        summary.encryptedPackages++;
        summary.pieces += entry.pieces;
        summary.statementPages += entry.statementPages;
        summary.envelopePages += entry.envelopePages;
        continue;
      }
      const found = await (entry.electronic ? verifyElectronicContents : verifyPackageContents)(bytes, entry, manifest.runId, problems);
      summary.pieces += found?.pieces ?? entry.pieces;
      summary.statementPages += found?.statementPages ?? entry.statementPages;
      summary.envelopePages += found?.envelopePages ?? entry.envelopePages;
    }
    // every package of the manifest was sealed by the pipeline: a package.sealed audit line names it
    // with the same SHA-256 (a package swapped in later, with a manifest rewritten to match, has none)
    const sealedLines = new Set<string>();
    for (const l of auditLines) {
      try {
        const x = JSON.parse(l) as { action?: unknown; details?: { path?: unknown; sha256?: unknown } };
        if (x.action === 'package.sealed') sealedLines.add(`${String(x.details?.path)}|${String(x.details?.sha256)}`);
      } catch {
        // the chain check reports a damaged line
      }
    }
    if (auditLines.length > 0) {
      for (const entry of manifest.packages) {
        if (!sealedLines.has(`${entry.path}|${entry.sha256}`)) problems.push(t('verify.notSealed', { file: entry.path }));
      }
    }
    makeups = checkTracking(runDir, auditLines, manifest.runId, [...piecesByBatch.values()].reduce((a, b) => a + b, 0), problems);
    for (const m of makeups) listed.add(path.normalize(m.path));
    // a package in print/ that the manifest does not know is as suspicious as a missing one
    const printDir = path.join(runDir, 'print');
    const present = await fsp.readdir(printDir).catch(() => [] as string[]);
    for (const name of present.sort()) {
      if (/\.zip(\.gpg)?$/.test(name) && !listed.has(path.normalize(`print/${name}`))) problems.push(t('verify.notListed', { file: `print/${name}` }));
    }
    if (manifest.finishedOn !== undefined && manifest.finishedLate !== manifest.finishedOn > manifest.handoffBy)
      problems.push(t('verify.finishedLate', { late: String(manifest.finishedLate), on: manifest.finishedOn, handoffBy: manifest.handoffBy }));
    summary.finishedLate = manifest.finishedLate === true;
    summary.handoffBy = manifest.handoffBy;
    const c = manifest.counts;
    const batches = new Set([...piecesByBatch.keys(), ...Object.keys(c.byBatch)]);
    for (const b of [...batches].sort()) {
      const inPackages = piecesByBatch.get(b) ?? 0;
      if (inPackages !== (c.byBatch[b] ?? 0)) problems.push(t('verify.batchPieces', { batch: b, n: inPackages, want: c.byBatch[b] ?? 0 }));
    }
    const eBatches = new Set([...electronicByBatch.keys(), ...Object.keys(c.electronicByBatch ?? {})]);
    for (const b of [...eBatches].sort()) {
      const inPackages = electronicByBatch.get(b) ?? 0;
      if (inPackages !== (c.electronicByBatch?.[b] ?? 0)) problems.push(t('verify.batchElectronic', { batch: b, n: inPackages, want: c.electronicByBatch?.[b] ?? 0 }));
    }
    const totalElectronic = [...electronicByBatch.values()].reduce((a, b) => a + b, 0);
    if (manifest.mode !== 'scheme' && totalElectronic !== (c.electronic ?? 0)) problems.push(t('verify.electronicTotal', { n: totalElectronic, want: c.electronic ?? 0 }));
    const totalPieces = [...piecesByBatch.values()].reduce((a, b) => a + b, 0);
    if (manifest.mode !== 'scheme' && totalPieces !== c.printed) problems.push(t('verify.printedTotal', { n: totalPieces, want: c.printed }));
    if (c.guardianAddressed > c.printed && manifest.mode !== 'scheme') problems.push(t('verify.guardians', { guardians: c.guardianAddressed, printed: c.printed }));
  }

  const exceptions = await tallyExceptions(path.join(runDir, 'exceptions.jsonl'), problems);
  summary.exceptionLines = exceptions?.lines ?? 0;
  const rec = await readJson(runDir, 'reconciliation.json', problems);
  if (rec !== undefined) checkReconciliation(rec, manifest, exceptions, problems);

  problems.push(...(await verifyAuditChain(auditFile)));
  summary.auditLines = auditLines.length;
  await checkSealedRecords(runDir, auditLines, purgedOn !== undefined, problems);
  if (manifest) {
    await checkLateFiles(runDir, auditLines, manifest, problems);
    checkDelivery(runDir, auditLines, [...manifest.packages, ...makeups], problems);
  }
  return { problems, summary };
}

/** Problems of a run directory, one line each naming the file (empty = all good). */
export async function verifyRun(runDir: string): Promise<string[]> {
  return (await verifyRunDetailed(runDir)).problems;
}
