import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError } from '../../src/domain/errors';
import type { RunManifest } from '../../src/package';
import { buildPackage, readZip, storedZip } from '../../src/package';
import { sha256 } from '../../src/run-dir/hash';
import { verifyRun, verifyRunDetailed } from '../../src/verify';
import { makePdfs, makePieces, packageBytes } from '../package/fixtures';
import { makeRunDir } from '../package/run-fixture';

let tmp: string;
let good: string;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'siprint-verify-'));
  good = await makeRunDir(path.join(tmp, 'good'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function copyRun(): string {
  const dir = path.join(tmp, `copy${++n}`, 'RUN1');
  cpSync(good, dir, { recursive: true });
  return dir;
}
function manifestOf(dir: string): RunManifest {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
}

describe('verifyRun', () => {
  it('passes a well-formed run and sums it up', async () => {
    const { problems, summary } = await verifyRunDetailed(good);
    expect(problems).toEqual([]);
    expect(summary).toEqual({ runId: 'RUN1', packages: 3, encryptedPackages: 0, pieces: 7, statementPages: 8, envelopePages: 7, exceptionLines: 2, auditLines: 6, finishedLate: false, handoffBy: '2026-03-16' });
  });

  it('names the package after one byte of it changes', async () => {
    const dir = copyRun();
    const rel = manifestOf(dir).packages[0]!.path;
    const file = path.join(dir, rel);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 3)]! ^= 0x01;
    writeFileSync(file, bytes);
    const problems = await verifyRun(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(new RegExp(`^${rel.replace(/\./g, '\\.')}: SHA-256 [0-9a-f]{64} differs from manifest.json`));
    expect(problems.every((p) => p.startsWith(rel))).toBe(true);
  });

  it('names reconciliation.json after a line of it is edited', async () => {
    const dir = copyRun();
    const file = path.join(dir, 'reconciliation.json');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace(/"printed": 7,/, '"printed": 8,');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const problems = await verifyRun(dir);
    expect(problems).toContain('reconciliation.json: does not balance: input 9 ≠ printed 8 + electronic 0 + held 1 + suppressed 1');
    expect(problems).toContain('reconciliation.json: printed 8 differs from manifest.json counts.printed 7');
  });

  it('catches an exceptions.jsonl line removed and an audit line edited', async () => {
    const dir = copyRun();
    const exc = path.join(dir, 'exceptions.jsonl');
    writeFileSync(exc, readFileSync(exc, 'utf8').split('\n')[0] + '\n');
    const audit = path.join(dir, 'audit.jsonl');
    writeFileSync(audit, readFileSync(audit, 'utf8').replace('"op-wang"', '"op-li"'));
    const problems = await verifyRun(dir);
    expect(problems).toEqual([
      'exceptions.jsonl: 1 lines, but reconciliation.json counts 1 held + 1 suppressed',
      'exceptions.jsonl: 0 lines with reason DELIVERY_HOLD, reconciliation.json counts 1',
      'audit.jsonl line 1: edited (its SHA-256 no longer matches the prev of line 2)',
      'exceptions.jsonl: changed after the run sealed it (SHA-256 differs from audit.jsonl line 5)',
    ]);
  });

  it('finds envelopes out of step with the statements even when every hash is consistent', async () => {
    const dir = copyRun();
    const m = manifestOf(dir);
    const entry = m.packages.find((p) => p.batch === 'E' && p.part === 1)!;
    const pieces = makePieces('E', 1, 3, (i) => (i === 2 ? 2 : 1));
    const pdfs = await makePdfs(pieces);
    const swapped = await makePdfs([pieces[1]!, pieces[0]!, pieces[2]!]);
    const built = await buildPackage({ batch: 'E', part: 1, ...pdfs, envelopesPdf: swapped.envelopesPdf, runId: 'RUN1' });
    const bytes = await packageBytes(built);
    writeFileSync(path.join(dir, entry.path), bytes);
    entry.sha256 = sha256(bytes);
    entry.bytes = bytes.length;
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
    expect(await verifyRun(dir)).toEqual([
      `${entry.path}: envelopes.pdf disagrees with statements.pdf at piece 1 (T1-E-001-00002 vs T1-E-001-00001); they must pair piece by piece`,
      `${entry.path}: no package.sealed line in audit.jsonl with its SHA-256 (not sealed by this run's pipeline)`,
      'manifest.json: changed after the run sealed it (SHA-256 differs from audit.jsonl line 5)',
    ]);
  });

  it('finds a mailing.csv and an inner manifest that do not match the files, and a stray package', async () => {
    const dir = copyRun();
    const m = manifestOf(dir);
    const entry = m.packages[1]!;
    const files = readZip(readFileSync(path.join(dir, entry.path)));
    const csv = Buffer.from(files[2]!.data).toString('utf8').replace('T1-E-002-00002', 'T1-E-002-00009');
    const zip = await storedZip(files.map((f) => ({ name: f.name, data: f.name === 'mailing.csv' ? Buffer.from(csv) : f.data })));
    writeFileSync(path.join(dir, entry.path), zip);
    entry.sha256 = sha256(zip);
    entry.bytes = zip.length;
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
    writeFileSync(path.join(dir, 'print', 'extra.zip'), zip);
    const problems = await verifyRun(dir);
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^${entry.path}: mailing\\.csv SHA-256 [0-9a-f]{64} differs from its manifest\\.json`)),
      `${entry.path}: mailing.csv disagrees with statements.pdf at piece 2 (T1-E-002-00009 vs T1-E-002-00002); they must pair piece by piece`,
      `${entry.path}: no package.sealed line in audit.jsonl with its SHA-256 (not sealed by this run's pipeline)`,
      'print/extra.zip: not listed in manifest.json',
      'manifest.json: changed after the run sealed it (SHA-256 differs from audit.jsonl line 5)',
    ]);
  });

  it('catches a consistent-looking edit of manifest.json through the sealed hash, and a hidden late finish', async () => {
    const dir = copyRun();
    const m = manifestOf(dir);
    m.counts.guardianAddressed = 0;
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
    expect(await verifyRun(dir)).toEqual(['manifest.json: changed after the run sealed it (SHA-256 differs from audit.jsonl line 5)']);
    const late = await makeRunDir(path.join(tmp, 'late'), { finishedOn: '2026-03-20' });
    expect((await verifyRunDetailed(late)).summary.finishedLate).toBe(true);
    const lm = manifestOf(late);
    lm.finishedLate = false;
    writeFileSync(path.join(late, 'manifest.json'), JSON.stringify(lm, null, 2) + '\n');
    expect(await verifyRun(late)).toEqual([
      'manifest.json: finishedLate is false but the run finished 2026-03-20, handoffBy 2026-03-16',
      'manifest.json: changed after the run sealed it (SHA-256 differs from audit.jsonl line 5)',
    ]);
  });

  it('also checks the flat reconciliation shape (top-level counts, heldByReason/suppressedByReason)', async () => {
    const dir = copyRun();
    const flat = {
      runId: 'RUN1',
      balanced: true,
      input: 9,
      printed: 7,
      exceptions: 1,
      suppressed: 1,
      outOfScope: 0,
      heldByReason: { INVALID_SSN: 1 },
      suppressedByReason: { DELIVERY_HOLD: 1 },
      byBatch: { E: { pieces: 5, exceptions: 0 }, R: { pieces: 2, exceptions: 1 }, unclassified: { pieces: 0, exceptions: 1 } },
    };
    const file = path.join(dir, 'reconciliation.json');
    writeFileSync(file, JSON.stringify(flat, null, 2) + '\n');
    const sealed = 'reconciliation.json: changed after the run sealed it (SHA-256 differs from audit.jsonl line 5)';
    expect(await verifyRun(dir)).toEqual([sealed]);
    writeFileSync(file, JSON.stringify({ ...flat, heldByReason: { INVALID_SSN: 2 } }, null, 2) + '\n');
    expect(await verifyRun(dir)).toEqual([
      'reconciliation.json: the reason counts sum to 3, but held + suppressed = 2',
      'reconciliation.json: the reason codes count 2 held records, but overall.exceptions (held) says 1',
      'exceptions.jsonl: 1 lines with reason INVALID_SSN, reconciliation.json counts 2',
      sealed,
    ]);
  });

  it('refuses a directory that is not a run (InputError → exit 2)', async () => {
    const empty = path.join(tmp, 'empty');
    mkdirSync(empty);
    await expect(verifyRun(empty)).rejects.toThrow(InputError);
    await expect(verifyRun(path.join(tmp, 'missing'))).rejects.toThrow(/not a run directory/);
  });
});
