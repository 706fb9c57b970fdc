/**
 * Issue 16 item 7: an extract without a single record — empty, a CSV header alone, a CSV header naming
 * no known field (another file, or another delimiter) — is exit 2 with one line in `check` and `run`
 * (in-process and --redis) before anything is written, and a worker's ingest refuses it too; it no
 * longer runs to "done" with 0 records or everything held.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../src/domain/errors';
import { resolveRunConfig } from '../../src/pipeline/config';
import { ingestStage } from '../../src/pipeline/ingest';
import { initRun } from '../../src/pipeline/init';
import { KEY, PERMIT, cliEnv, siprint, tempDir } from '../reliability/helpers';

describe('an extract without a record', () => {
  let dir: string;
  const cases: [string, string, (f: string) => string][] = [];
  beforeAll(() => {
    dir = tempDir('norec');
    const csv = path.join(dir, 'good.csv');
    expect(siprint(['generate', '--count', '3', '--year', '2025', '--seed', 'n', '--out', csv]).status).toBe(0);
    const [header = '', row = ''] = readFileSync(csv, 'utf8').split('\n');
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    cases.push(
      ['an empty file', file('empty.jsonl', ''), (f) => `extract ${f}: no records (the file is empty): check the path, or export the extract again`],
      ['blank lines only', file('blank.csv', '\n\r\n\n'), (f) => `extract ${f}: no records (the file is empty): check the path, or export the extract again`],
      ['a CSV header alone', file('header.csv', `${header}\n\n`), (f) => `extract ${f}: a CSV header and no records: export the extract again with its rows`],
      [
        'a semicolon-separated CSV',
        file('semicolon.csv', `${header.replaceAll(',', ';')}\n${row.replaceAll(',', ';')}\n`),
        (f) => `extract ${f}: the CSV header names no known field, but its column 1 holds recordId and more: delimiter? siprint reads comma-separated CSV`,
      ],
      ['a CSV of something else', file('other.csv', 'a,b,c\n1,2,3\n'), (f) => `extract ${f}: the CSV header names no known field (recordId, kind, person.ssn, …; docs/extract-format.md): is it the extract?`],
    );
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('check: exit 2, one line, no exceptions.jsonl', () => {
    for (const [what, file, line] of cases) {
      const out = path.join(dir, `check-${path.basename(file)}`);
      const r = siprint(['check', '--extract', file, '--year', '2025', '--out', out]);
      expect([what, r.status, r.stdout, r.stderr]).toEqual([what, 2, '', `siprint: ${line(file)}\n`]);
      expect(existsSync(path.join(out, 'exceptions.jsonl'))).toBe(false);
    }
  });

  it('run, in this process and with --redis: exit 2, one line, no run directory', () => {
    for (const [what, file, line] of cases) {
      for (const extra of [[], ['--redis', 'redis://127.0.0.1:1']]) {
        const out = path.join(dir, `run-${path.basename(file)}`);
        const r = siprint(['run', '--extract', file, '--year', '2025', '--out', out, '--run-id', 'N', ...PERMIT, ...extra], cliEnv());
        expect([what, extra, r.status, r.stderr]).toEqual([what, extra, 2, `siprint: ${line(file)}\n`]);
        expect(existsSync(out)).toBe(false);
      }
    }
  }, 120_000);

  it("a worker's ingest of such a run refuses it the same way (InputError: the job fails as bad input)", async () => {
    for (const [what, file, line] of cases) {
      const config = resolveRunConfig({ year: 2025, extract: file, runId: `w-${path.basename(file, path.extname(file))}`, postagePermit: 'P-1', env: { SIPRINT_VERIFY_KEY: KEY } });
      const runDir = await initRun(path.join(dir, 'worker'), config, { resume: false });
      const err = await ingestStage(runDir, { verificationKey: KEY }).then(() => null, (e: unknown) => e);
      expect([what, err instanceof InputError, (err as Error | null)?.message]).toEqual([what, true, line(file)]);
    }
  });
});
