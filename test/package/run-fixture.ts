/** A small, well-formed finished run directory, built with the real package/audit functions. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appendAudit } from '../../src/audit';
import type { ExceptionEntry } from '../../src/domain/types';
import type { PackageEntry } from '../../src/package';
import { buildPackage, buildReconciliation, buildRunManifest } from '../../src/package';
import { writeRunRecords } from '../../src/pipeline/run-records';
import { sha256 } from '../../src/run-dir/hash';
import { makePdfs, makePieces, notPrintedOf, packageBytes } from './fixtures';

export const RUN_ID = 'RUN1';

export async function makeRunDir(root: string, opts: { printHousePublicKey?: string; finishedOn?: string } = {}): Promise<string> {
  const runDir = path.join(root, RUN_ID);
  mkdirSync(path.join(runDir, 'print'), { recursive: true });
  await appendAudit(runDir, { action: 'run.start', operator: 'op-wang', details: { year: 2025 } }, new Date('2026-01-05T01:00:00Z'));
  const parts = [
    { batch: 'E' as const, part: 1, pieces: makePieces('E', 1, 3, (i) => (i === 2 ? 2 : 1)) },
    { batch: 'E' as const, part: 2, pieces: makePieces('E', 2, 2) },
    { batch: 'R' as const, part: 1, pieces: makePieces('R', 1, 2) },
  ];
  parts[2]!.pieces[0]!.recipient = { role: 'guardian', name: '王芳', relation: '母亲', address: parts[2]!.pieces[0]!.recipient.address };
  const packages: PackageEntry[] = [];
  for (const p of parts) {
    const pdfs = await makePdfs(p.pieces);
    const built = await buildPackage({ ...p, ...pdfs, runId: RUN_ID, printHousePublicKey: opts.printHousePublicKey });
    const rel = `print/${built.fileName}`;
    const bytes = await packageBytes(built);
    const hash = sha256(bytes);
    writeFileSync(path.join(runDir, rel), bytes);
    packages.push({ path: rel, sha256: hash, bytes: bytes.length, batch: p.batch, part: p.part, pieces: p.pieces.length, statementPages: pdfs.statementPages, envelopePages: pdfs.envelopePages, ...(built.encrypted ? { encrypted: true } : {}) });
    await appendAudit(runDir, { action: 'package.sealed', details: { path: rel, sha256: hash } }, new Date('2026-01-05T01:10:00Z'));
  }
  const exceptions: ExceptionEntry[] = [
    { recordId: 'X1', line: 4, reason: 'INVALID_SSN', message: 'check digit', ssnMasked: '340524********0011' },
    { recordId: 'X2', line: 9, reason: 'DELIVERY_HOLD', message: 'on hold', batch: 'R' },
  ];
  writeFileSync(path.join(runDir, 'exceptions.jsonl'), exceptions.map((e) => JSON.stringify(e) + '\n').join(''));
  const reconciliation = buildReconciliation({ runId: RUN_ID, input: 9, printedByBatch: { E: 5, R: 2 }, notPrinted: notPrintedOf(exceptions), packages });
  const manifest = buildRunManifest({
    runId: RUN_ID,
    year: 2025,
    mode: 'annual',
    deadline: '2026-03-31',
    handoffBy: '2026-03-16',
    finishedOn: opts.finishedOn ?? '2026-01-05',
    reconciliation,
    guardianAddressed: 1,
    packages,
    layouts: [{ id: 'statement-employee', version: '1', sha256: 'c'.repeat(64) }],
    fonts: [{ file: 'NotoSansSC-Regular.ttf', sha256: 'd'.repeat(64) }],
  });
  await writeRunRecords(runDir, manifest, reconciliation, { now: new Date('2026-01-05T01:19:00Z') });
  await appendAudit(runDir, { action: 'run.end', details: { printed: 7 } }, new Date('2026-01-05T01:20:00Z'));
  return runDir;
}
