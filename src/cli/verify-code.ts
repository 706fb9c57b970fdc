/**
 * `siprint verify-code CODE --run DIR`: does a verification code (校验码) belong to a statement of
 * that run, and whose (masked)? Reads the run's archive; never prints a full ssn or name.
 *
 * Archive: `DIR/archive/*.jsonl.gz`, one JSON object per line `{ pieceId, batch, record,
 * verificationCode }`, plain gzip or sealed with SIPRINT_ARCHIVE_KEY (read via archiveFileLines).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { archivedPartIds, archivePartLines } from '../run-dir/archive';
import type { Command } from 'commander';
import { InputError, UsageError } from '../domain/errors';
import { formatVerificationCode, normalizeVerificationCode } from '../render/verification';
import { maskName, maskSsn } from '../domain/masking';

export interface CodeMatch {
  pieceId: string;
  batch: string;
  recordId: string;
  /** first character of the name, the rest as * */
  nameMasked: string;
  /** first 6 + ******** + last 4 */
  ssnMasked: string;
}

interface ArchiveLine {
  pieceId?: unknown;
  batch?: unknown;
  verificationCode?: unknown;
  record?: { recordId?: unknown; person?: { name?: unknown; ssn?: unknown } };
}


/** Every archived statement of the run whose code is `code` (any case, dashes optional). */
export async function findByVerificationCode(runDir: string, code: string): Promise<CodeMatch[]> {
  const wanted = normalizeVerificationCode(code);
  const archive = path.join(runDir, 'archive');
  if (!existsSync(archive) || !statSync(archive).isDirectory()) {
    throw new InputError(`${runDir}: no archive/ directory: is this a run directory (DIR/<runId>)?`);
  }
  const found: CodeMatch[] = [];
  for (const id of archivedPartIds(runDir)) {
    const file = path.join(archive, `${id}.jsonl.gz`);
    const lines = archivePartLines(runDir, id);
    let n = 0;
    try {
      for await (const text of lines) {
        n++;
        if (text.trim() === '') continue;
        let line: ArchiveLine;
        try {
          line = JSON.parse(text) as ArchiveLine;
        } catch {
          throw new InputError(`${file}: line ${n} is not JSON: the archive is damaged`);
        }
        if (typeof line.verificationCode !== 'string' || normalizeVerificationCode(line.verificationCode) !== wanted) continue;
        const person = line.record?.person;
        found.push({
          pieceId: String(line.pieceId),
          batch: String(line.batch),
          recordId: String(line.record?.recordId),
          nameMasked: typeof person?.name === 'string' ? maskName(person.name) : '',
          ssnMasked: typeof person?.ssn === 'string' ? maskSsn(person.ssn) : '',
        });
      }
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new InputError(`${file}: cannot be read (${(err as Error).message}): the archive is damaged`);
    }
  }
  return found;
}

export function registerVerifyCode(program: Command): void {
  program
    .command('verify-code')
    .description('say whether a verification code (校验码) belongs to a statement of a run, and whose (masked)')
    .argument('<code>', 'the 16-character code as printed, e.g. ABCD-EFGH-IJKL-MNOP')
    .requiredOption('--run <dir>', 'the run directory (DIR/<runId>)')
    .action(async (code: string, opts: { run: string }) => {
      const normalized = normalizeVerificationCode(code);
      if (!/^[A-Z2-7]{16}$/.test(normalized)) {
        throw new UsageError(`verify-code: "${code}" is not a verification code: 16 letters A–Z and digits 2–7, e.g. ABCD-EFGH-IJKL-MNOP`);
      }
      const matches = await findByVerificationCode(opts.run, normalized);
      if (matches.length === 0) {
        process.stdout.write(`NOT FOUND: no statement of ${opts.run} has the code ${formatVerificationCode(normalized)}\n`);
        process.exitCode = 1;
        return;
      }
      for (const m of matches) {
        process.stdout.write(`VALID: ${formatVerificationCode(normalized)} is piece ${m.pieceId} (batch ${m.batch}, record ${m.recordId}) for ${m.nameMasked} ${m.ssnMasked}\n`);
      }
    });
}
