/**
 * `siprint verify`: re-checks a finished run directory from its files alone — package hashes against
 * manifest.json, the inside of every (unencrypted) package, the counts against reconciliation.json and
 * exceptions.jsonl, and the audit chain. Every problem is one line starting with the file it concerns.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { z } from 'zod';
import { verifyAuditChain, AUDIT_FILE } from '../audit';
import { REASON_CODES, SUPPRESSION_CODES } from '../domain/types';
import { InputError } from '../domain/errors';
import { PACKAGE_FILES } from '../package/build-package';
import { sha256 as sha256Hex } from '../run-dir/hash';
import { MAILING_CSV_HEADER, unneutralizeCell } from '../package/mailing-csv';
import { readZip } from '../package/zip';

const count = z.number().int().nonnegative();
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const batchCode = z.string().regex(/^(E|R|S-[a-z]+)$/);
const countsMap = z.record(z.string(), count);

const packageEntrySchema = z.object({
  path: z.string().min(1),
  sha256: hex64,
  bytes: count,
  batch: batchCode,
  part: z.number().int().positive(),
  pieces: count,
  statementPages: count,
  envelopePages: count,
  encrypted: z.boolean().optional(),
});
const runManifestSchema = z.object({
  runId: z.string().min(1),
  year: z.number().int(),
  mode: z.string(),
  deadline: z.string(),
  handoffBy: z.string(),
  finishedOn: z.string().optional(),
  finishedLate: z.boolean().optional(),
  counts: z.object({
    input: count,
    printed: count,
    exceptions: count,
    suppressed: count,
    guardianAddressed: count,
    byBatch: countsMap,
  }),
  packages: z.array(packageEntrySchema),
  layouts: z.array(z.object({ id: z.string(), version: z.string(), sha256: z.string() })),
  fonts: z.array(z.object({ file: z.string(), sha256: z.string() })),
});
type RunManifestRead = z.infer<typeof runManifestSchema>;
type PackageEntryRead = z.infer<typeof packageEntrySchema>;

const fileRef = z.object({ sha256: hex64, bytes: count });
const partManifestSchema = z.object({
  runId: z.string().optional(),
  batch: batchCode,
  part: z.number().int().positive(),
  pieces: count,
  statementPages: count,
  envelopePages: count,
  files: z.object({ 'statements.pdf': fileRef, 'envelopes.pdf': fileRef, 'mailing.csv': fileRef }),
});

/**
 * reconciliation.json as buildReconciliation writes it (`overall`, per-batch balances, `byReason`) or
 * in the flat shape (top-level counts, `heldByReason` + `suppressedByReason`, `byBatch` {pieces,
 * exceptions}) — verify checks whichever the finalize stage wrote.
 */
const balanceSchema = z.object({ input: count, printed: count, exceptions: count, suppressed: count, byReason: countsMap });
const overallSchema = z.object({ input: count, printed: count, exceptions: count, suppressed: count, outOfScope: count.optional() });
const nestedReconciliationSchema = z.object({
  overall: overallSchema,
  byBatch: z.record(z.string(), balanceSchema),
  unbatched: z.object({ exceptions: count, suppressed: count, byReason: countsMap }).optional(),
  byReason: countsMap,
});
const flatReconciliationSchema = overallSchema.extend({
  heldByReason: countsMap,
  suppressedByReason: countsMap,
  byBatch: z.record(z.string(), z.object({ pieces: count, exceptions: count })),
});

interface NormalizedReconciliation {
  overall: { input: number; printed: number; exceptions: number; suppressed: number; outOfScope: number };
  byReason: Record<string, number>;
  /** batch → printed pieces, records held + suppressed in it, and (nested shape) its own input. */
  batches: Map<string, { printed: number; notPrinted: number; balance?: z.infer<typeof balanceSchema> }>;
  /** held + suppressed outside any batch (nested shape; the flat one keeps them as a batch key). */
  unbatched: number;
}

function normalizeReconciliation(data: unknown): NormalizedReconciliation | z.ZodError {
  const isNested = typeof data === 'object' && data !== null && 'overall' in data;
  if (isNested) {
    const r = nestedReconciliationSchema.safeParse(data);
    if (!r.success) return r.error;
    const batches: NormalizedReconciliation['batches'] = new Map();
    for (const [b, v] of Object.entries(r.data.byBatch)) batches.set(b, { printed: v.printed, notPrinted: v.exceptions + v.suppressed, balance: v });
    return {
      overall: { ...r.data.overall, outOfScope: r.data.overall.outOfScope ?? 0 },
      byReason: r.data.byReason,
      batches,
      unbatched: (r.data.unbatched?.exceptions ?? 0) + (r.data.unbatched?.suppressed ?? 0),
    };
  }
  const r = flatReconciliationSchema.safeParse(data);
  if (!r.success) return r.error;
  const { heldByReason, suppressedByReason, byBatch, ...overall } = r.data;
  const batches: NormalizedReconciliation['batches'] = new Map();
  for (const [b, v] of Object.entries(byBatch)) batches.set(b, { printed: v.pieces, notPrinted: v.exceptions });
  return { overall: { ...overall, outOfScope: overall.outOfScope ?? 0 }, byReason: { ...heldByReason, ...suppressedByReason }, batches, unbatched: 0 };
}

const FULL_SSN = /(?<!\d)\d{17}[\dXx](?![\dA-Za-z])/;
const SUPPRESSION = new Set<string>(SUPPRESSION_CODES);
const KNOWN_REASONS = new Set<string>([...REASON_CODES, ...SUPPRESSION_CODES]);

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

function zodProblem(file: string, err: z.ZodError): string {
  const issue = err.issues[0];
  const at = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  return `${file}: ${at}: ${issue?.message ?? 'invalid'}`;
}

async function readJson(runDir: string, rel: string, problems: string[]): Promise<unknown> {
  let text: string;
  try {
    text = await fsp.readFile(path.join(runDir, rel), 'utf8');
  } catch (err) {
    problems.push(`${rel}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    problems.push(`${rel}: not valid JSON (${err instanceof Error ? err.message : String(err)}); was it edited?`);
    return undefined;
  }
}

/** The piece ID and page numbering a page carries in /PieceInfo /siprint /Private (src/render/pdf.ts writes it). */
function pieceOfPage(doc: PDFDocument, index: number): { piece: string; n: number; m: number } | null {
  const page = doc.getPage(index);
  const info = page.node.lookupMaybe(PDFName.of('PieceInfo'), PDFDict);
  const app = info?.lookupMaybe(PDFName.of('siprint'), PDFDict);
  const priv = app?.lookupMaybe(PDFName.of('Private'), PDFDict);
  if (!priv) return null;
  const piece = priv.lookup(PDFName.of('Piece'));
  const n = priv.lookup(PDFName.of('Page'));
  const m = priv.lookup(PDFName.of('Of'));
  if (!(piece instanceof PDFString || piece instanceof PDFHexString)) return null;
  return {
    piece: piece.decodeText(),
    n: n instanceof PDFNumber ? n.asNumber() : 1,
    m: m instanceof PDFNumber ? m.asNumber() : 1,
  };
}

interface PdfPieces {
  pages: number;
  /** Piece IDs in order, one per piece (a piece's pages collapsed). */
  pieces: string[];
  /** Pages per piece, same order. */
  pagesOf: number[];
}

async function readPdfPieces(bytes: Uint8Array, where: string, problems: string[], onePagePerPiece: boolean): Promise<PdfPieces | null> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (err) {
    problems.push(`${where}: cannot be read as a PDF (${err instanceof Error ? err.message : String(err)})`);
    return null;
  }
  const pages = doc.getPageCount();
  const pieces: string[] = [];
  const pagesOf: number[] = [];
  let expectNext = 1;
  let current: { piece: string; m: number } | null = null;
  let reported = 0;
  const report = (text: string): void => {
    // one damaged file should not flood the report: the first few pages say enough
    if (reported++ < 3) problems.push(`${where}: ${text}`);
  };
  for (let i = 0; i < pages; i++) {
    const tag = pieceOfPage(doc, i);
    if (!tag) {
      report(`page ${i + 1} carries no /PieceInfo /siprint piece ID`);
      continue;
    }
    if (onePagePerPiece && (tag.n !== 1 || tag.m !== 1)) report(`page ${i + 1} (${tag.piece}) says page ${tag.n} of ${tag.m}; an envelope has one page`);
    if (current && tag.piece === current.piece && tag.n === expectNext && !onePagePerPiece) {
      pagesOf[pagesOf.length - 1]!++;
    } else {
      if (current && expectNext <= current.m) report(`piece ${current.piece} ends after page ${expectNext - 1} of ${current.m}`);
      if (tag.n !== 1) report(`page ${i + 1} starts piece ${tag.piece} at page ${tag.n} of ${tag.m}`);
      current = { piece: tag.piece, m: tag.m };
      pieces.push(tag.piece);
      pagesOf.push(1);
    }
    expectNext = tag.n + 1;
  }
  if (current && expectNext <= current.m) report(`piece ${current.piece} ends after page ${expectNext - 1} of ${current.m}`);
  if (reported > 3) problems.push(`${where}: ${reported - 3} more page problems`);
  return { pages, pieces, pagesOf };
}

function firstDifference(a: string[], b: string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

interface CsvRows {
  pieces: string[];
  sheets: number[];
}

function readMailingCsv(bytes: Uint8Array, where: string, batch: string, problems: string[]): CsvRows | null {
  const text = Buffer.from(bytes).toString('utf8');
  if (FULL_SSN.test(text)) problems.push(`${where}: holds what looks like an 18-digit ssn; the mailing list must not carry it`);
  let rows: string[][];
  try {
    const parsed: unknown = parseCsv(text, { bom: true });
    rows = parsed as string[][];
  } catch (err) {
    problems.push(`${where}: not valid CSV (${err instanceof Error ? err.message : String(err)})`);
    return null;
  }
  const [header, ...body] = rows;
  if (!header || header.join(',') !== MAILING_CSV_HEADER.join(',')) {
    problems.push(`${where}: header is ${JSON.stringify(header?.join(',') ?? '')}, expected ${MAILING_CSV_HEADER.join(',')}`);
    return null;
  }
  const out: CsvRows = { pieces: [], sheets: [] };
  let reported = 0;
  body.forEach((r, i) => {
    const row = i + 2;
    const cell = (k: number): string => unneutralizeCell(r[k] ?? '');
    const bad = (text: string): void => {
      if (reported++ < 3) problems.push(`${where} row ${row}: ${text}`);
    };
    if (cell(1) !== batch) bad(`batch ${cell(1)} in a package of batch ${batch}`);
    if (cell(4) !== 'self' && cell(4) !== 'guardian') bad(`recipientRole ${JSON.stringify(cell(4))} is neither self nor guardian`);
    if (!/^[1-9]\d{5}$/.test(cell(5))) bad(`postcode ${JSON.stringify(cell(5))} is not 6 digits`);
    const sheets = Number(cell(7));
    if (!Number.isInteger(sheets) || sheets < 1) bad(`sheets ${JSON.stringify(cell(7))} is not a whole number ≥ 1`);
    out.pieces.push(cell(0));
    out.sheets.push(sheets);
  });
  if (reported > 3) problems.push(`${where}: ${reported - 3} more row problems`);
  return out;
}

interface PackageCounts {
  pieces: number;
  statementPages: number;
  envelopePages: number;
}

/** Checks the inside of one unencrypted package; returns what it actually holds (or null). */
async function verifyPackageContents(bytes: Uint8Array, entry: PackageEntryRead, runId: string | undefined, problems: string[]): Promise<PackageCounts | null> {
  const rel = entry.path;
  let files;
  try {
    files = readZip(bytes);
  } catch (err) {
    problems.push(`${rel}: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
  const names = files.map((f) => f.name);
  const expected = [...PACKAGE_FILES, 'manifest.json'];
  if (names.join(',') !== expected.join(',')) problems.push(`${rel}: holds ${names.join(', ') || 'nothing'}; expected ${expected.join(', ')}`);
  const get = (name: string): Uint8Array | undefined => files.find((f) => f.name === name)?.data;
  const manifestBytes = get('manifest.json');
  if (!manifestBytes) return null;
  let part;
  try {
    const parsed = partManifestSchema.safeParse(JSON.parse(Buffer.from(manifestBytes).toString('utf8')));
    if (!parsed.success) {
      problems.push(zodProblem(`${rel}: manifest.json`, parsed.error));
      return null;
    }
    part = parsed.data;
  } catch {
    problems.push(`${rel}: manifest.json is not valid JSON`);
    return null;
  }
  if (part.runId !== undefined && runId !== undefined && part.runId !== runId) problems.push(`${rel}: manifest.json belongs to run ${part.runId}, not ${runId}`);
  for (const k of ['batch', 'part', 'pieces', 'statementPages', 'envelopePages'] as const)
    if (part[k] !== entry[k]) problems.push(`${rel}: manifest.json says ${k} ${part[k]}, the run manifest says ${entry[k]}`);
  for (const name of PACKAGE_FILES) {
    const data = get(name);
    if (!data) continue;
    const ref = part.files[name];
    if (data.length !== ref.bytes) problems.push(`${rel}: ${name} has ${data.length} bytes, its manifest.json says ${ref.bytes}`);
    const h = sha256Hex(data);
    if (h !== ref.sha256) problems.push(`${rel}: ${name} SHA-256 ${h} differs from its manifest.json (${ref.sha256})`);
  }
  const st = get('statements.pdf');
  const env = get('envelopes.pdf');
  const csv = get('mailing.csv');
  const stmt = st ? await readPdfPieces(st, `${rel}: statements.pdf`, problems, false) : null;
  const envl = env ? await readPdfPieces(env, `${rel}: envelopes.pdf`, problems, true) : null;
  const mail = csv ? readMailingCsv(csv, `${rel}: mailing.csv`, entry.batch, problems) : null;
  if (stmt && stmt.pages !== part.statementPages) problems.push(`${rel}: statements.pdf has ${stmt.pages} pages, manifest.json says ${part.statementPages}`);
  if (envl && envl.pages !== part.envelopePages) problems.push(`${rel}: envelopes.pdf has ${envl.pages} pages, manifest.json says ${part.envelopePages}`);
  const lists: [string, string[]][] = [];
  if (stmt) lists.push(['statements.pdf', stmt.pieces]);
  if (envl) lists.push(['envelopes.pdf', envl.pieces]);
  if (mail) lists.push(['mailing.csv', mail.pieces]);
  for (const [name, ids] of lists)
    if (ids.length !== part.pieces) problems.push(`${rel}: ${name} holds ${ids.length} pieces, manifest.json says ${part.pieces}`);
  for (let i = 1; i < lists.length; i++) {
    const [aName, a] = lists[0]!;
    const [bName, b] = lists[i]!;
    const d = firstDifference(a, b);
    if (d >= 0) problems.push(`${rel}: ${bName} disagrees with ${aName} at piece ${d + 1} (${b[d] ?? 'none'} vs ${a[d] ?? 'none'}); they must pair piece by piece`);
  }
  if (stmt && mail && firstDifference(stmt.pieces, mail.pieces) < 0) {
    // duplex or simplex, a piece of m pages needs between ceil(m/2) and m sheets
    const i = stmt.pagesOf.findIndex((m, k) => {
      const s = mail.sheets[k] ?? 0;
      return s < Math.ceil(m / 2) || s > m;
    });
    if (i >= 0) problems.push(`${rel}: mailing.csv row ${i + 2} says ${mail.sheets[i]} sheets for piece ${stmt.pieces[i]} of ${stmt.pagesOf[i]} pages`);
  }
  return { pieces: stmt?.pieces.length ?? part.pieces, statementPages: stmt?.pages ?? part.statementPages, envelopePages: envl?.pages ?? part.envelopePages };
}

function isInside(runDir: string, rel: string): boolean {
  const abs = path.resolve(runDir, rel);
  return !path.isAbsolute(rel) && abs.startsWith(path.resolve(runDir) + path.sep);
}

/** Counts lines of exceptions.jsonl per reason; flags lines that are not JSON or carry a full ssn. */
async function tallyExceptions(file: string, problems: string[]): Promise<{ lines: number; byReason: Map<string, number> } | null> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    problems.push(`exceptions.jsonl: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)}); a finished run always writes it (empty when nothing was held)`);
    return null;
  }
  const byReason = new Map<string, number>();
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  let reported = 0;
  lines.forEach((line, i) => {
    let reason: unknown;
    try {
      reason = (JSON.parse(line) as { reason?: unknown }).reason;
    } catch {
      if (reported++ < 3) problems.push(`exceptions.jsonl line ${i + 1}: not JSON`);
      return;
    }
    if (typeof reason !== 'string' || !KNOWN_REASONS.has(reason)) {
      if (reported++ < 3) problems.push(`exceptions.jsonl line ${i + 1}: unknown reason ${JSON.stringify(reason)}`);
    } else byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    if (FULL_SSN.test(line) && reported++ < 3) problems.push(`exceptions.jsonl line ${i + 1}: holds what looks like a full ssn; only the masked form is allowed`);
  });
  return { lines: lines.length, byReason };
}

function checkReconciliation(
  data: unknown,
  manifest: RunManifestRead | null,
  exceptions: { lines: number; byReason: Map<string, number> } | null,
  problems: string[],
): void {
  const file = 'reconciliation.json';
  const r = normalizeReconciliation(data);
  if (r instanceof z.ZodError) {
    problems.push(zodProblem(file, r));
    return;
  }
  const o = r.overall;
  const scope = o.outOfScope > 0 ? ` + out of scope ${o.outOfScope}` : '';
  if (o.input !== o.printed + o.exceptions + o.suppressed + o.outOfScope)
    problems.push(`${file}: does not balance: input ${o.input} ≠ printed ${o.printed} + exceptions ${o.exceptions} + suppressed ${o.suppressed}${scope}`);
  const reasonSum = Object.values(r.byReason).reduce((a, b) => a + b, 0);
  if (reasonSum !== o.exceptions + o.suppressed) problems.push(`${file}: the reason counts sum to ${reasonSum}, but exceptions + suppressed = ${o.exceptions + o.suppressed}`);
  const held = Object.entries(r.byReason).reduce((a, [k, v]) => a + (SUPPRESSION.has(k) ? 0 : v), 0);
  if (held !== o.exceptions) problems.push(`${file}: the reason codes count ${held} held records, but exceptions says ${o.exceptions}`);
  let notPrinted = r.unbatched;
  let bPrinted = 0;
  for (const [b, v] of r.batches) {
    const bal = v.balance;
    if (bal && bal.input !== bal.printed + bal.exceptions + bal.suppressed)
      problems.push(`${file}: batch ${b} does not balance: input ${bal.input} ≠ printed ${bal.printed} + exceptions ${bal.exceptions} + suppressed ${bal.suppressed}`);
    notPrinted += v.notPrinted;
    bPrinted += v.printed;
  }
  if (notPrinted !== o.exceptions + o.suppressed)
    problems.push(`${file}: the batches hold ${notPrinted} held or suppressed records, but exceptions + suppressed = ${o.exceptions + o.suppressed}`);
  if (bPrinted < o.printed) problems.push(`${file}: the batches print ${bPrinted} pieces, fewer than the ${o.printed} records printed`);
  if (manifest) {
    const c = manifest.counts;
    for (const k of ['input', 'printed', 'exceptions', 'suppressed'] as const)
      if (c[k] !== o[k]) problems.push(`${file}: ${k} ${o[k]} differs from manifest.json counts.${k} ${c[k]}`);
    const batches = new Set([...r.batches.keys(), ...Object.keys(c.byBatch)]);
    for (const b of [...batches].sort()) {
      const rp = r.batches.get(b)?.printed ?? 0;
      const mp = c.byBatch[b] ?? 0;
      if (rp !== mp) problems.push(`${file}: batch ${b} printed ${rp}, manifest.json counts.byBatch says ${mp}`);
    }
  }
  if (exceptions) {
    if (exceptions.lines !== o.exceptions + o.suppressed)
      problems.push(`exceptions.jsonl: ${exceptions.lines} lines, but reconciliation.json counts ${o.exceptions} exceptions + ${o.suppressed} suppressed`);
    const codes = new Set([...Object.keys(r.byReason), ...exceptions.byReason.keys()]);
    for (const code of [...codes].sort()) {
      const inFile = exceptions.byReason.get(code) ?? 0;
      const counted = r.byReason[code] ?? 0;
      if (inFile !== counted) problems.push(`exceptions.jsonl: ${inFile} lines with reason ${code}, reconciliation.json counts ${counted}`);
    }
  }
}

/**
 * The last audit line that sealed the run records (writeRunRecords) names the SHA-256 of manifest.json
 * and reconciliation.json: an edit of either after finalize shows here even if it keeps the counts
 * consistent. Runs finalized without writeRunRecords have no such line and are not faulted for it.
 */
async function checkSealedRecords(runDir: string, auditLines: string[], problems: string[]): Promise<void> {
  for (let i = auditLines.length - 1; i >= 0; i--) {
    let details: unknown;
    try {
      details = (JSON.parse(auditLines[i]!) as { details?: unknown }).details;
    } catch {
      continue;
    }
    const d = details as { manifestSha256?: unknown; reconciliationSha256?: unknown } | undefined;
    if (typeof d?.manifestSha256 !== 'string') continue;
    for (const [file, want] of [
      ['manifest.json', d.manifestSha256],
      ['reconciliation.json', d.reconciliationSha256],
    ] as const) {
      if (typeof want !== 'string') continue;
      const bytes = await fsp.readFile(path.join(runDir, file)).catch(() => null);
      if (bytes && sha256Hex(bytes) !== want) problems.push(`${file}: changed after the run sealed it (SHA-256 differs from audit.jsonl line ${i + 1})`);
    }
    return;
  }
}

/**
 * A purged run (`purged.json`, written by `siprint purge`) is fine only when an audit line
 * `run.purged` seals the marker's SHA-256: a marker written by hand cannot excuse missing packages.
 * Returns the purge date when the purge is sealed.
 */
async function checkPurge(runDir: string, auditLines: string[], problems: string[]): Promise<string | undefined> {
  const bytes = await fsp.readFile(path.join(runDir, 'purged.json')).catch(() => null);
  if (!bytes) return undefined;
  const h = sha256Hex(bytes);
  const sealed = auditLines.some((l) => {
    try {
      const x = JSON.parse(l) as { action?: unknown; details?: { markerSha256?: unknown } };
      return x.action === 'run.purged' && x.details?.markerSha256 === h;
    } catch {
      return false;
    }
  });
  if (!sealed) {
    problems.push('purged.json: not sealed by a run.purged line of audit.jsonl (written or changed by hand); the packages it excuses are missing');
    return undefined;
  }
  try {
    const on = (JSON.parse(bytes.toString('utf8')) as { purgedOn?: unknown }).purgedOn;
    return typeof on === 'string' ? on : '?';
  } catch {
    return '?';
  }
}

/** Verifies a run directory; throws InputError (exit 2) when it is not a run directory at all. */
export async function verifyRunDetailed(runDir: string): Promise<VerifyResult> {
  const st = await fsp.stat(runDir).catch(() => null);
  if (!st?.isDirectory()) throw new InputError(`${runDir}: not a run directory (does not exist or is not a directory); give DIR/<runId>`);
  if (!(await fsp.stat(path.join(runDir, 'manifest.json')).catch(() => null)))
    throw new InputError(`${runDir}: not a finished run (no manifest.json); give DIR/<runId> of a run that finished`);

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

  if (manifest) {
    summary.runId = manifest.runId;
    const listed = new Set<string>();
    const piecesByBatch = new Map<string, number>();
    for (const entry of manifest.packages) {
      const rel = entry.path;
      if (!isInside(runDir, rel)) {
        problems.push(`manifest.json: package path ${rel} points outside the run directory`);
        continue;
      }
      listed.add(path.normalize(rel));
      piecesByBatch.set(entry.batch, (piecesByBatch.get(entry.batch) ?? 0) + entry.pieces);
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
        problems.push(`${rel}: listed in manifest.json but cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        continue;
      }
      summary.packages++;
      if (bytes.length !== entry.bytes) problems.push(`${rel}: ${bytes.length} bytes, manifest.json says ${entry.bytes}`);
      const h = sha256Hex(bytes);
      if (h !== entry.sha256) problems.push(`${rel}: SHA-256 ${h} differs from manifest.json (${entry.sha256}); the file was changed`);
      if (rel.endsWith('.gpg') || entry.encrypted) {
        summary.encryptedPackages++;
        summary.pieces += entry.pieces;
        summary.statementPages += entry.statementPages;
        summary.envelopePages += entry.envelopePages;
        continue;
      }
      const found = await verifyPackageContents(bytes, entry, manifest.runId, problems);
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
        if (!sealedLines.has(`${entry.path}|${entry.sha256}`)) problems.push(`${entry.path}: no package.sealed line in audit.jsonl with its SHA-256 (not sealed by this run's pipeline)`);
      }
    }
    // a package in print/ that the manifest does not know is as suspicious as a missing one
    const printDir = path.join(runDir, 'print');
    const present = await fsp.readdir(printDir).catch(() => [] as string[]);
    for (const name of present.sort()) {
      if (/\.zip(\.gpg)?$/.test(name) && !listed.has(path.normalize(`print/${name}`))) problems.push(`print/${name}: not listed in manifest.json`);
    }
    if (manifest.finishedOn !== undefined && manifest.finishedLate !== manifest.finishedOn > manifest.handoffBy)
      problems.push(`manifest.json: finishedLate is ${String(manifest.finishedLate)} but the run finished ${manifest.finishedOn}, handoffBy ${manifest.handoffBy}`);
    summary.finishedLate = manifest.finishedLate === true;
    summary.handoffBy = manifest.handoffBy;
    const c = manifest.counts;
    const batches = new Set([...piecesByBatch.keys(), ...Object.keys(c.byBatch)]);
    for (const b of [...batches].sort()) {
      const inPackages = piecesByBatch.get(b) ?? 0;
      if (inPackages !== (c.byBatch[b] ?? 0)) problems.push(`manifest.json: batch ${b} has ${inPackages} pieces in its packages, counts.byBatch says ${c.byBatch[b] ?? 0}`);
    }
    const totalPieces = [...piecesByBatch.values()].reduce((a, b) => a + b, 0);
    if (manifest.mode !== 'scheme' && totalPieces !== c.printed) problems.push(`manifest.json: packages hold ${totalPieces} pieces, counts.printed says ${c.printed}`);
    if (c.guardianAddressed > c.printed && manifest.mode !== 'scheme') problems.push(`manifest.json: guardianAddressed ${c.guardianAddressed} exceeds printed ${c.printed}`);
  }

  const exceptions = await tallyExceptions(path.join(runDir, 'exceptions.jsonl'), problems);
  summary.exceptionLines = exceptions?.lines ?? 0;
  const rec = await readJson(runDir, 'reconciliation.json', problems);
  if (rec !== undefined) checkReconciliation(rec, manifest, exceptions, problems);

  problems.push(...(await verifyAuditChain(auditFile)));
  summary.auditLines = auditLines.length;
  await checkSealedRecords(runDir, auditLines, problems);
  return { problems, summary };
}

/** Problems of a run directory, one line each naming the file (empty = all good). */
export async function verifyRun(runDir: string): Promise<string[]> {
  return (await verifyRunDetailed(runDir)).problems;
}
