/**
 * The run directory `DIR/<runId>/` that every stage (in-process or on any queue worker) and every
 * command shares, and the rules for its names.
 *
 *   run.json                   the resolved run config (never the verification key: only its id)
 *   state/ingest.json          ingest done: parts + counts (its presence = ingest finished)
 *   state/ingest-progress.json records read so far (for `status` while ingest runs)
 *   state/finalized.json       finalize done (audit written; manifest.json follows)
 *   parts/<partId>.json.gz     the pieces of one part, in print order, each with its verification code
 *                              (personal data: mode 0600)
 *   parts/<partId>/statements.pdf, envelopes.pdf, mailing.csv, [bundles.pdf,] rendered.json   render done for that part
 *   parts/EL-<partId>/statements.pdfs, index.csv, rendered.json   an electronic part: its pieces' PDFs one
 *                              after another (the marker has each one's size and SHA-256) and its index
 *   parts/<partId>/packaged.json                                  package sealed for that part
 *   print/<package>.zip[.gpg]  the print-house packages
 *   archive/<partId>.jsonl.gz  what a reprint needs, per printed piece (mode 0600)
 *   exceptions.jsonl, manifest.json, reconciliation.json, report.html, audit.jsonl, logs/siprint.log
 *   release.json               the release gate (ticket requireApproval)
 *   reprints/<N>.json          reprint sequence numbers; purged.json once purged
 *   index/                     the verification index (code-index.ts): codes.bin, pieces.jsonl, reprints.jsonl
 *   tmp/                       scratch (external sort chunks); removed when ingest finishes
 */
import path from 'node:path';
import { InputError } from '../domain/errors';
import { t } from '../i18n';

/** A part: its batch and a 4-digit (or longer) number, e.g. E-0001, S-pension-0002; electronic ones EL-E-0001. */
export const PART_ID_RE = /^(EL-)?(E|R|S-[a-z]+)-\d{4,}$/;

/** A run ID is a directory name: no separators, no dots up front, bounded length. */
export const RUN_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function runPaths(runDir: string) {
  return {
    runDir,
    config: path.join(runDir, 'run.json'),
    stateDir: path.join(runDir, 'state'),
    ingestDone: path.join(runDir, 'state', 'ingest.json'),
    ingestProgress: path.join(runDir, 'state', 'ingest-progress.json'),
    finalized: path.join(runDir, 'state', 'finalized.json'),
    partsDir: path.join(runDir, 'parts'),
    printDir: path.join(runDir, 'print'),
    archiveDir: path.join(runDir, 'archive'),
    tmpDir: path.join(runDir, 'tmp'),
    logsDir: path.join(runDir, 'logs'),
    log: path.join(runDir, 'logs', 'siprint.log'),
    exceptions: path.join(runDir, 'exceptions.jsonl'),
    warnings: path.join(runDir, 'warnings.jsonl'),
    manifest: path.join(runDir, 'manifest.json'),
    reconciliation: path.join(runDir, 'reconciliation.json'),
    report: path.join(runDir, 'report.html'),
    audit: path.join(runDir, 'audit.jsonl'),
    release: path.join(runDir, 'release.json'),
    reprintsDir: path.join(runDir, 'reprints'),
    purged: path.join(runDir, 'purged.json'),
  };
}
export type RunPaths = ReturnType<typeof runPaths>;

export function partPaths(runDir: string, partId: string) {
  if (!PART_ID_RE.test(partId)) throw new InputError(t('partId.bad', { partId }));
  const dir = path.join(runDir, 'parts', partId);
  return {
    pieces: path.join(runDir, 'parts', `${partId}.json.gz`),
    dir,
    statements: path.join(dir, 'statements.pdf'),
    envelopes: path.join(dir, 'envelopes.pdf'),
    mailing: path.join(dir, 'mailing.csv'),
    /** distribution through employers: each bundle's parcel label and 交接清单 */
    bundles: path.join(dir, 'bundles.pdf'),
    /** Electronic parts: every piece's PDF, one after another, and index.csv. */
    pdfs: path.join(dir, 'statements.pdfs'),
    index: path.join(dir, 'index.csv'),
    rendered: path.join(dir, 'rendered.json'),
    packaged: path.join(dir, 'packaged.json'),
    archive: path.join(runDir, 'archive', `${partId}.jsonl.gz`),
  };
}
