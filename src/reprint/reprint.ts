/**
 * `siprint reprint`: re-renders printed statements of a finished run from its archive — the same
 * layout and fonts (refused when the installed ones differ from the run manifest's), the same record,
 * print date and verification code — plus the 「补打」 mark (reprint date, sequence number) and a new
 * piece ID `RP-<seq>` in the DataMatrix, with an envelope to the archived (or a given) address: a
 * minor's goes to the guardian. Output: one package ZIP (statements.pdf, envelopes.pdf, mailing.csv,
 * manifest.json). An electronic statement (delivery: electronic) is reprinted electronic — a new PDF
 * per piece with the 补打 mark and no inserter code, in `<runId>-EL-RP-….zip` with index.csv and
 * manifest.json — unless the request gives an address, which asks for it on paper.
 * Every request, approval, refusal and package is registered in the run's audit log.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { loadRenderAssets } from '../assets';
import { appendAudit } from '../audit';
import { checkSsn } from '../domain/ssn';
import { maskSsn } from '../domain/masking';
import type { Address, ExceptionEntry, InsuredRecord, Piece } from '../domain/types';
import { FORMER_SUPPRESSION_CODES, SUPPRESSION_CODES } from '../domain/types';
import { InputError, UsageError } from '../domain/errors';
import { chinaDate, reprintDateProblem } from '../domain/dates';
import { t } from '../i18n';
import { electronicIndexCsv, encryptFor, mailingCsv, storedZip } from '../package';
import { writeFileAtomic } from '../run-dir/atomic';
import { sha256 as sha256Of } from '../run-dir/hash';
import { jsonBytes } from '../run-dir/json';
import { readStoredConfig } from '../run-dir/run-config';
import { resolveVerificationKey, type StoredRunConfig } from '../pipeline/config';
import { checkSameAssets } from '../pipeline/renderers';
import { readArchive, type ArchivedPiece } from '../run-dir/archive';
import { appendReprints } from '../run-dir/code-index';
import { addressHash } from '../domain/keyed-hash';
import { runPaths } from '../run-dir/paths';
import { readRelease } from '../run-dir/release';
import { createRenderer, formatVerificationCode, verificationCode } from '../render';
import { isOperatorId } from '../domain/operator';
import { RELATIONS, placeOf, requestProblems, type ReprintRequest } from './requests';
import { allocateReprintSeqs, releaseReprintSeqs } from './seq';
import { REPRINT_FAILED, REPRINT_PACKAGED, reprintHistory, withReprintLock } from './history';
import { runDeceasedTable } from '../pipeline/deceased';
import { dayText, deceasedKey } from '../extract/deceased';

/** Several lines, one per refused request: the CLI prints each and exits 2. */
export class ReprintRefused extends UsageError {
  constructor(readonly lines: string[]) {
    super(lines[0] ?? 'reprint refused');
    this.name = 'ReprintRefused';
  }
}

export interface ReprintOptions {
  runDir: string;
  outDir: string;
  requests: ReprintRequest[];
  /** Reprint date printed in the mark (YYYY-MM-DD); default today in China. */
  date?: string;
  now?: Date;
  env?: NodeJS.ProcessEnv;
  /** Layouts/fonts root (tests); default the run's assets root, else the package's. */
  assetsRoot?: string;
}

export interface ReprintedPiece {
  pieceId: string;
  originalPieceId: string;
  /** The run's reprint counter (the piece ID's number). */
  seq: number;
  /** This person's how-manieth reprint (the 第N次 of the mark). */
  nth: number;
  batch: string;
  recordId: string;
  recipientRole: 'self' | 'guardian';
  ssnMasked: string;
}

export interface ReprintResult {
  runId: string;
  file: string;
  sha256: string;
  bytes: number;
  pieces: ReprintedPiece[];
  statementPages: number;
}

/** `manifest.json` inside a reprint package: what the print house and an auditor need, no ssn, no names. */
export interface ReprintManifest {
  format: 'siprint-reprint/1';
  runId: string;
  reprintDate: string;
  pieces: number;
  statementPages: number;
  envelopePages: number;
  /** electronic statements: `<pieceId>.pdf` each and index.csv (which hashes every PDF), no envelopes */
  electronic?: true;
  files: Partial<Record<'statements.pdf' | 'envelopes.pdf' | 'mailing.csv' | 'index.csv', { sha256: string; bytes: number }>>;
  reprints: { pieceId: string; originalPieceId: string; seq: number; nth: number; batch: string; recordId: string; recipientRole: string }[];
  layouts: { id: string; version: string; sha256: string }[];
  fonts: { file: string; sha256: string }[];
}

interface RunManifestLite {
  runId: string;
  layouts?: { id: string; version: string; sha256: string }[];
  fonts?: { file: string; sha256: string }[];
}

const SUPPRESSED = new Set<string>([...SUPPRESSION_CODES, ...FORMER_SUPPRESSION_CODES]);
/** A second reprint of one person within this long needs a second operator's approval. */
const DAY_MS = 24 * 60 * 60 * 1000;

function finishedRun(runDir: string): { stored: StoredRunConfig; manifest: RunManifestLite } {
  const stored = readStoredConfig(runDir);
  const p = runPaths(runDir);
  if (existsSync(p.purged)) {
    throw new InputError(t('reprint.purged', { runId: stored.runId, runDir }));
  }
  if (!existsSync(p.manifest)) throw new InputError(t('reprint.notFinished', { runId: stored.runId, runDir }));
  let manifest: RunManifestLite;
  try {
    manifest = JSON.parse(readFileSync(p.manifest, 'utf8')) as RunManifestLite;
  } catch {
    throw new InputError(t('reprint.badManifest', { manifest: p.manifest, runDir }));
  }
  // the release gate holds reprints too: nothing of a run goes to paper before its second operator
  if (readRelease(runDir)?.status === 'pending')
    throw new UsageError(t('reprint.pending', { runId: stored.runId, runDir }));
  return { stored, manifest };
}

/** The held/suppressed entries of the run whose masked ssn matches (exceptions.jsonl keeps only that). */
function heldEntries(runDir: string): Map<string, ExceptionEntry[]> {
  const m = new Map<string, ExceptionEntry[]>();
  let text = '';
  try {
    text = readFileSync(runPaths(runDir).exceptions, 'utf8');
  } catch {
    return m;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as ExceptionEntry;
      if (e.ssnMasked) m.set(e.ssnMasked, [...(m.get(e.ssnMasked) ?? []), e]);
    } catch {
      // a damaged line is siprint verify's business
    }
  }
  return m;
}

function notPrintedLine(r: ReprintRequest, runId: string, runDir: string, held: ExceptionEntry[] | undefined): string {
  const masked = maskSsn(r.ssn);
  if (!held?.length) return `${placeOf(r)}: ${t('reprint.notInRun', { ssn: masked, runId, runDir })}`;
  const why = held.map((e) => t('reprint.heldAs', { suppressed: SUPPRESSED.has(e.reason), reason: e.reason, recordId: e.recordId ?? '?', line: e.line, message: e.message })).join('; ');
  // exceptions.jsonl keeps only the masked ssn: say so, as another person may share the mask
  return `${placeOf(r)}: ${t('reprint.notPrinted', { ssn: masked, runId, why })}`;
}

/** A copy of the record with the envelope address replaced (the guardian's for a minor): for the printability check. */
function withAddress(record: InsuredRecord, role: 'self' | 'guardian', address: Address): InsuredRecord {
  if (role === 'guardian' && record.guardian) return { ...record, guardian: { ...record.guardian, address } };
  return { ...record, address };
}

async function mergePdfs(pdfs: Uint8Array[]): Promise<Uint8Array> {
  if (pdfs.length === 1 && pdfs[0]) return pdfs[0];
  const out = await PDFDocument.create({ updateMetadata: false });
  out.setTitle('社会保险个人权益记录单（补打）');
  out.setProducer('siprint');
  out.setCreationDate(new Date(0));
  out.setModificationDate(new Date(0));
  for (const bytes of pdfs) {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    for (const page of await out.copyPages(doc, doc.getPageIndices())) out.addPage(page);
  }
  return out.save({ useObjectStreams: false });
}

async function refuse(runDir: string, lines: string[], refused: ReprintRequest[]): Promise<never> {
  // refusals are registered too: an attempt without approval is itself worth knowing about
  for (const r of refused) {
    // only what can be logged safely: a valid ssn (masked) and a well-formed operator
    if (!checkSsn(r.ssn).ok || !isOperatorId(r.requestedBy)) continue;
    await appendAudit(runDir, { action: 'reprint.refused', operator: r.requestedBy, ssnMasked: maskSsn(r.ssn), details: { relation: (RELATIONS as readonly string[]).includes(r.relation) ? r.relation : 'invalid', where: r.where } });
  }
  throw new ReprintRefused(lines);
}

export async function reprint(opts: ReprintOptions): Promise<ReprintResult> {
  const { runDir } = opts;
  const env = opts.env ?? process.env;
  const now = opts.now ?? new Date();
  const date = opts.date ?? chinaDate(now);
  if (opts.requests.length === 0) throw new UsageError(t('reprint.noRequest'));
  const { stored, manifest } = finishedRun(runDir);
  const runId = stored.runId;
  // the mark's date is printed on paper: a real day, not before the statement, not ahead of today
  const dateProblem = reprintDateProblem(date, stored.printDate, now);
  if (dateProblem === 'not-a-date') throw new UsageError(t('input.reprintNotADate', { date }));
  if (dateProblem === 'before-print') throw new UsageError(t('input.reprintBeforePrint', { date, printDate: stored.printDate, runId }));
  if (dateProblem === 'future') throw new UsageError(t('input.reprintFuture', { date, today: chinaDate(now) }));

  // 1. each request on its own (four-eyes rule included)
  const lines: string[] = [];
  const refused: ReprintRequest[] = [];
  for (const r of opts.requests) {
    const problems = requestProblems(r);
    if (problems.length) {
      lines.push(`${placeOf(r)}: ${problems.join('; ')}`);
      refused.push(r);
    }
  }
  if (lines.length) return refuse(runDir, lines, refused);

  // 2. look everyone up in one pass over the archive
  const wanted = new Map(opts.requests.map((r) => [r.ssn, r]));
  const found = new Map<string, ArchivedPiece[]>();
  for await (const a of readArchive(runDir)) {
    if (wanted.has(a.record.person.ssn)) found.set(a.record.person.ssn, [...(found.get(a.record.person.ssn) ?? []), a]);
  }
  const held = heldEntries(runDir);
  for (const r of opts.requests) {
    if (!found.has(r.ssn)) {
      lines.push(notPrintedLine(r, runId, runDir, held.get(maskSsn(r.ssn))));
      refused.push(r);
    }
  }
  if (lines.length) return refuse(runDir, lines, refused);
  const key = resolveVerificationKey(stored, undefined, env);

  // 2b. a person on the run's deceased lists (printed, dying after the print date): only an heir's
  // request, approved by a second operator
  const deceased = await runDeceasedTable(stored, key);
  if (deceased) {
    for (const r of opts.requests) {
      const died = deceased.diedOn(deceasedKey(key, r.ssn));
      if (died !== undefined && r.approvedBy === undefined) {
        lines.push(`${placeOf(r)}: ${t('reprint.deceased', { ssnMasked: maskSsn(r.ssn), diedOn: dayText(died) })}`);
        refused.push(r);
      }
    }
    if (lines.length) return refuse(runDir, lines, refused);
  }

  // 3. same layouts and fonts, same key, same codes
  const renderer = createRenderer(loadRenderAssets(opts.assetsRoot ?? stored.assetsRoot, manifest.layouts?.map((l) => l.id)));
  checkSameAssets(runId, manifest, renderer);
  for (const pieces of found.values()) {
    for (const a of pieces) {
      if (verificationCode(a.record, a.batch, stored.year, key) !== a.verificationCode)
        throw new Error(t('reprint.codeChanged', { runId, pieceId: a.pieceId }));
    }
  }
  for (const r of opts.requests) {
    if (!r.address) continue;
    for (const a of found.get(r.ssn) ?? []) {
      const bad = renderer.printable(withAddress(a.record, a.recipient.role, r.address));
      if (bad) lines.push(`${placeOf(r)}: ${t('reprint.addressUnprintable', { why: bad.message })}`);
    }
  }
  if (lines.length) throw new ReprintRefused(lines);
  // an electronic statement again as a PDF (a new address asks for paper); one package is one kind
  const electronic = (r: ReprintRequest, a: ArchivedPiece) => a.electronic === true && !r.address;
  const asPdf = opts.requests.flatMap((r) => (found.get(r.ssn) ?? []).map((a) => electronic(r, a)));
  if (asPdf.includes(true) && asPdf.includes(false)) {
    const first = opts.requests.find((r) => (found.get(r.ssn) ?? []).some((a) => electronic(r, a)));
    throw new ReprintRefused([t('reprint.mixedDelivery', { where: first ? placeOf(first) : '', ssn: maskSsn(first?.ssn ?? '') })]);
  }
  const asElectronic = asPdf.includes(true);

  // 4. under the run's reprint lock: the once-a-day rule against the written reprints, then register,
  //    number and write (so two reprints of one person at once cannot both pass the rule)
  return withReprintLock(runDir, runId, async () => {
    const history = reprintHistory(runDir);
    for (const r of opts.requests) {
      if (r.approvedBy !== undefined) continue;
      for (const recordId of new Set((found.get(r.ssn) ?? []).map((a) => a.record.recordId))) {
        const had = history.get(recordId);
        if (had && now.getTime() - Date.parse(had.lastTime) < DAY_MS) {
          lines.push(`${placeOf(r)}: ${t('reprint.twiceADay', { ssn: maskSsn(r.ssn), time: had.lastTime, pieceId: had.lastPieceId })}`);
          refused.push(r);
          break;
        }
      }
    }
    if (lines.length) return refuse(runDir, lines, refused);
    for (const r of opts.requests) {
      const ssnMasked = maskSsn(r.ssn);
      const recordIds = [...new Set((found.get(r.ssn) ?? []).map((a) => a.record.recordId))];
      await appendAudit(runDir, { action: 'reprint.requested', operator: r.requestedBy, ssnMasked, details: { runId, recordIds, relation: r.relation, reason: r.reason, newAddress: r.address !== undefined } }, now);
      if (r.approvedBy !== undefined) {
        await appendAudit(runDir, { action: 'reprint.approved', operator: r.approvedBy, ssnMasked, details: { runId, recordIds, relation: r.relation, requestedBy: r.requestedBy } }, now);
      }
    }

    const originals = opts.requests.flatMap((r) => (found.get(r.ssn) ?? []).map((a) => ({ r, a })));
    const seqs = await allocateReprintSeqs(
      runDir,
      originals.map(({ r, a }) => ({ requestedBy: r.requestedBy, recordId: a.record.recordId, originalPieceId: a.pieceId })),
      now,
    );
    // 第N次: this person's reprints written so far, plus this one (not the run's counter)
    const nths = originals.map(({ a }) => (history.get(a.record.recordId)?.count ?? 0) + 1);

    try {
      // 5. render: one statement per call (each carries its own sequence number), envelopes together
      const pieces: Piece[] = originals.map(({ r, a }, i) => {
        // a paper reprint of an electronic statement (to a given address) is a mailed piece
        const { verificationCode: _code, electronic: _electronic, ...orig } = a;
        const seq = seqs[i] ?? 0;
        return { ...orig, pieceId: `RP-${String(seq).padStart(6, '0')}`, part: 1, seq: i + 1, recipient: r.address ? { ...a.recipient, address: r.address } : a.recipient };
      });
      if (asElectronic) return await electronicReprint({ runDir, outDir: opts.outDir, operator: opts.requests[0]?.requestedBy ?? 'system', now, date, stored, key, renderer, pieces, originals: originals.map((o) => o.a), seqs, nths });
      const sheets: number[] = [];
      let statementPages = 0;
      const statementPdfs = pieces.map((pc, i) => {
        const chunks: Uint8Array[] = [];
        const written = renderer.writeStatements([pc], { runId, year: stored.year, printDate: stored.printDate, verificationKey: key, reprint: { date, seq: nths[i] ?? 1 }, ...(stored.verifyBaseUrl ? { verifyBaseUrl: stored.verifyBaseUrl } : {}) }, (c) => chunks.push(c));
        sheets.push(...written.sheets);
        statementPages += written.pages.reduce((a, b) => a + b, 0);
        return Buffer.concat(chunks);
      });
      const statementsPdf = await mergePdfs(statementPdfs);
      const envelopesPdf = renderer.renderEnvelopes(pieces, { runId, postagePermit: stored.postagePermit });
      const csv = Buffer.from(mailingCsv(pieces, sheets));

      const reprinted: ReprintedPiece[] = pieces.map((pc, i) => ({
        pieceId: pc.pieceId,
        originalPieceId: originals[i]?.a.pieceId ?? '',
        seq: seqs[i] ?? 0,
        nth: nths[i] ?? 1,
        batch: pc.batch,
        recordId: pc.record.recordId,
        recipientRole: pc.recipient.role,
        ssnMasked: maskSsn(pc.record.person.ssn),
      }));
      const file = (b: Uint8Array) => ({ sha256: sha256Of(b), bytes: b.length });
      const m: ReprintManifest = {
        format: 'siprint-reprint/1',
        runId,
        reprintDate: date,
        pieces: pieces.length,
        statementPages,
        envelopePages: pieces.length,
        files: { 'statements.pdf': file(statementsPdf), 'envelopes.pdf': file(envelopesPdf), 'mailing.csv': file(csv) },
        reprints: reprinted.map(({ ssnMasked: _s, ...rest }) => rest),
        layouts: renderer.layouts,
        fonts: renderer.fonts,
      };
      const zip = await storedZip([
        { name: 'statements.pdf', data: statementsPdf },
        { name: 'envelopes.pdf', data: envelopesPdf },
        { name: 'mailing.csv', data: csv },
        { name: 'manifest.json', data: jsonBytes(m) },
      ]);
      const encrypted = stored.printHousePublicKey !== undefined;
      const bytes = encrypted ? await encryptFor(stored.printHousePublicKey ?? '', zip) : zip;
      const first = reprinted[0]?.pieceId ?? 'RP';
      const last = reprinted[reprinted.length - 1]?.pieceId ?? first;
      const name = `${runId}-${first}${last !== first ? `-${last.slice(3)}` : ''}.zip${encrypted ? '.gpg' : ''}`;
      const out = path.resolve(opts.outDir, name);
      await writeFileAtomic(out, bytes, 0o600);
      const sha256 = sha256Of(bytes);

      // 6. register the package (one line for the package; the pieces name their masked owners)
      await appendAudit(
        runDir,
        {
          action: REPRINT_PACKAGED,
          operator: opts.requests[0]?.requestedBy ?? 'system',
          details: { runId, file: name, sha256, bytes: bytes.length, reprintDate: date, pieces: reprinted.map((p) => ({ pieceId: p.pieceId, originalPieceId: p.originalPieceId, nth: p.nth, recordId: p.recordId, ssnMasked: p.ssnMasked, recipientRole: p.recipientRole })) },
        },
        now,
      );
      // the verification service counts a statement's reprints from here (after the audit line: it is the record)
      // a reprint to a corrected address carries that address's keyed hash: if it comes back too, `returns` lists the right one
      appendReprints(
        runDir,
        reprinted.map((p, i) => {
          const readdressed = originals[i]?.r.address;
          return { originalPieceId: p.originalPieceId, pieceId: p.pieceId, date, ...(readdressed ? { addressHash: addressHash(readdressed, key) } : {}) };
        }),
      );

      return { runId, file: out, sha256, bytes: bytes.length, pieces: reprinted, statementPages };
    } catch (err) {
      // not written: the numbers go back, and the attempt is on record as failed (never as a reprint)
      await releaseReprintSeqs(runDir, seqs);
      const code = err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.name) : 'Error';
      await appendAudit(runDir, { action: REPRINT_FAILED, operator: opts.requests[0]?.requestedBy ?? 'system', details: { runId, recordIds: [...new Set(originals.map(({ a }) => a.record.recordId))], error: code } }, now).catch(() => undefined);
      throw err;
    }
  });
}

/**
 * Electronic statements reprinted: a PDF per piece (the same renderer path as the run's EL packages,
 * with the 补打 mark), index.csv and manifest.json in `<runId>-EL-RP-<first>[-<last>].zip`. Never
 * encrypted to the print house's key: it is not for the print house.
 */
async function electronicReprint(o: {
  runDir: string;
  outDir: string;
  operator: string;
  now: Date;
  date: string;
  stored: StoredRunConfig;
  key: string;
  renderer: ReturnType<typeof createRenderer>;
  pieces: Piece[];
  originals: ArchivedPiece[];
  seqs: number[];
  nths: number[];
}): Promise<ReprintResult> {
  const { stored, date } = o;
  const runId = stored.runId;
  const pdfs: { pieceId: string; data: Uint8Array }[] = [];
  const rows: Parameters<typeof electronicIndexCsv>[0][number][] = [];
  let statementPages = 0;
  o.pieces.forEach((pc, i) => {
    const ctx = { runId, year: stored.year, printDate: stored.printDate, verificationKey: o.key, reprint: { date, seq: o.nths[i] ?? 1 }, ...(stored.verifyBaseUrl ? { verifyBaseUrl: stored.verifyBaseUrl } : {}) };
    const written = o.renderer.writeElectronic([pc], ctx, (piece, pdf) => {
      pdfs.push({ pieceId: piece.pieceId, data: pdf });
      rows.push({ pieceId: piece.pieceId, recordId: piece.record.recordId, batch: piece.batch, verificationCode: formatVerificationCode(o.originals[i]?.verificationCode ?? ''), sha256: sha256Of(pdf) });
    });
    statementPages += written.pages.reduce((a, b) => a + b, 0);
  });
  const indexCsv = Buffer.from(electronicIndexCsv(rows));
  const reprinted: ReprintedPiece[] = o.pieces.map((pc, i) => ({
    pieceId: pc.pieceId,
    originalPieceId: o.originals[i]?.pieceId ?? '',
    seq: o.seqs[i] ?? 0,
    nth: o.nths[i] ?? 1,
    batch: pc.batch,
    recordId: pc.record.recordId,
    recipientRole: pc.recipient.role,
    ssnMasked: maskSsn(pc.record.person.ssn),
  }));
  const m: ReprintManifest = {
    format: 'siprint-reprint/1',
    runId,
    reprintDate: date,
    pieces: o.pieces.length,
    statementPages,
    envelopePages: 0,
    electronic: true,
    files: { 'index.csv': { sha256: sha256Of(indexCsv), bytes: indexCsv.length } },
    reprints: reprinted.map(({ ssnMasked: _s, ...rest }) => rest),
    layouts: o.renderer.layouts,
    fonts: o.renderer.fonts,
  };
  const bytes = await storedZip([...pdfs.map((p) => ({ name: `${p.pieceId}.pdf`, data: p.data })), { name: 'index.csv', data: indexCsv }, { name: 'manifest.json', data: jsonBytes(m) }]);
  const first = reprinted[0]?.pieceId ?? 'RP';
  const last = reprinted[reprinted.length - 1]?.pieceId ?? first;
  const name = `${runId}-EL-${first}${last !== first ? `-${last.slice(3)}` : ''}.zip`;
  const out = path.resolve(o.outDir, name);
  await writeFileAtomic(out, bytes, 0o600);
  const sha256 = sha256Of(bytes);
  await appendAudit(
    o.runDir,
    {
      action: REPRINT_PACKAGED,
      operator: o.operator,
      details: { runId, file: name, sha256, bytes: bytes.length, reprintDate: date, electronic: true, pieces: reprinted.map((p) => ({ pieceId: p.pieceId, originalPieceId: p.originalPieceId, nth: p.nth, recordId: p.recordId, ssnMasked: p.ssnMasked, recipientRole: p.recipientRole })) },
    },
    o.now,
  );
  appendReprints(o.runDir, reprinted.map((p) => ({ originalPieceId: p.originalPieceId, pieceId: p.pieceId, date })));
  return { runId, file: out, sha256, bytes: bytes.length, pieces: reprinted, statementPages };
}
