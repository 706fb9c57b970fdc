/**
 * Issue 16 item 8: a run records its extract's SHA-256 and size at creation (run.json, the run.created
 * audit line, manifest.json); a resume, or an ingest on a worker of another machine, refuses a file
 * that has changed since.
 */
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/domain/errors';
import { ingestStage } from '../../src/pipeline/ingest';
import { sha256 } from '../../src/run-dir/hash';
import { KEY, realFixture, siprint, tempDir } from '../reliability/helpers';

describe('the run is tied to its extract', () => {
  let dir: string;
  let fx: { extract: string; ticket: string };
  beforeAll(() => {
    dir = tempDir('extract-id');
    fx = realFixture(dir, 30, 15);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records the SHA-256 and size in run.json, the audit log and the manifest; a resume after a change is refused', () => {
    const bytes = readFileSync(fx.extract);
    const want = { sha256: sha256(bytes), bytes: bytes.length };
    expect(siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'a', '--concurrency', '1']).status).toBe(0);
    const runDir = path.join(dir, 'a');
    const run = JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect([run.extractSha256, run.extractBytes]).toEqual([want.sha256, want.bytes]);
    const created = readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8').split('\n').map((l) => (l ? (JSON.parse(l) as { action: string; details: Record<string, unknown> }) : null)).find((l) => l?.action === 'run.created');
    expect(created?.details.extract).toEqual(want);
    expect((JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as { extract: unknown }).extract).toEqual(want);

    appendFileSync(fx.extract, readFileSync(fx.extract, 'utf8').split('\n')[1] + '\n');
    const r = siprint(['run', '--resume', runDir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^siprint: run a: the extract ${fx.extract.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not the file the run was created from \\(now \\d+ bytes, SHA-256 [0-9a-f]{12}…; created from ${want.bytes} bytes, ${want.sha256.slice(0, 12)}…\\): put that file back, or start a new run\\n$`));
    writeFileSync(fx.extract, bytes);
    expect(siprint(['run', '--resume', runDir]).status).toBe(0);
  }, 120_000);

  it('an ingest (a worker elsewhere) refuses a changed extract before reading a record', async () => {
    const run = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'b', '--concurrency', '1']);
    expect(run.status).toBe(0);
    const runDir = path.join(dir, 'b');
    rmSync(path.join(runDir, 'state', 'ingest.json'));
    const original = readFileSync(fx.extract);
    writeFileSync(fx.extract, Buffer.concat([original.subarray(0, 10), Buffer.from('X'), original.subarray(11)]));
    try {
      await expect(ingestStage(runDir, { verificationKey: KEY })).rejects.toThrow(UsageError);
      await expect(ingestStage(runDir, { verificationKey: KEY })).rejects.toThrow(/is not the file the run was created from/);
    } finally {
      writeFileSync(fx.extract, original);
    }
  }, 120_000);
});
