/**
 * Issue 16 item 1: every file a finished run leaves is covered by a hash or a cross-check that
 * `siprint verify` makes, and the seal itself cannot be cut off. Each case tampers with one copy of a
 * real finished run (the CLI, real stages) the way a hostile operator would.
 */
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { realFixture, siprint, tempDir } from '../reliability/helpers';

let dir: string;
let good: string;
let n = 0;

beforeAll(() => {
  dir = tempDir('seal');
  const fx = realFixture(dir, 40, 20);
  const r = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', path.join(dir, 'ref'), '--run-id', 'S1', '--concurrency', '1']);
  if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
  good = path.join(dir, 'ref', 'S1');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function copy(): string {
  const to = path.join(dir, `c${++n}`, 'S1');
  cpSync(good, to, { recursive: true });
  return to;
}

function verify(runDir: string): { status: number | null; lines: string[] } {
  const r = siprint(['verify', runDir]);
  return { status: r.status, lines: r.status === 0 ? [] : r.stdout.split('\n').filter((l) => l !== '') };
}

const auditLines = (runDir: string) => readFileSync(path.join(runDir, 'audit.jsonl'), 'utf8').trimEnd().split('\n');
const sealLine = (runDir: string) => auditLines(runDir).findIndex((l) => l.includes('"action":"run.records"')) + 1;
const flipByte = (file: string, at: (size: number) => number) => {
  const b = readFileSync(file);
  const i = at(b.length);
  b[i] = b[i]! ^ 0x01;
  writeFileSync(file, b);
};

describe('siprint verify: the seal covers every file', () => {
  it('passes the untouched run', () => {
    expect(verify(good)).toEqual({ status: 0, lines: [] });
  });

  it('fails a run whose seal was cut off the log and whose manifest was back-dated', () => {
    const run = copy();
    const lines = auditLines(run);
    const seal = lines.findIndex((l) => l.includes('"action":"run.records"'));
    writeFileSync(path.join(run, 'audit.jsonl'), lines.slice(0, seal).join('\n') + '\n');
    const m = JSON.parse(readFileSync(path.join(run, 'manifest.json'), 'utf8')) as { finishedOn: string };
    m.finishedOn = '2026-01-10';
    writeFileSync(path.join(run, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
    const v = verify(run);
    expect(v.status).toBe(1);
    expect(v.lines.join('\n')).toContain('audit.jsonl: no run.records line, the seal of manifest.json');
  });

  it('names an archive file with one flipped byte, and reprint refuses it in one line', () => {
    const run = copy();
    const file = path.join(run, 'archive', 'E-0001.jsonl.gz');
    flipByte(file, (size) => Math.floor(size / 2));
    const v = verify(run);
    expect(v.status).toBe(1);
    expect(v.lines).toContain('archive/E-0001.jsonl.gz: changed after the run sealed it (SHA-256 differs from audit.jsonl line ' + String(sealLine(run)) + ')');
    const ssn = (JSON.parse(readFileSync(path.join(dir, 'extract.jsonl'), 'utf8').split('\n')[0]!) as { person: { ssn: string } }).person.ssn;
    const r = siprint(['reprint', '--run', run, '--ssn', ssn, '--reason', '遗失', '--requested-by', 'op.li', '--relation', 'self', '--out', path.join(dir, `rp${n}`)]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`siprint: ${file} differs from the run's seal (audit.jsonl line ${sealLine(run)}): the archive was changed or damaged; run siprint verify on ${run}`]);
    expect(r.stderr).not.toMatch(/incorrect data check|at .*\.js:\d+/);
  });

  it('finds an exceptions.jsonl line edited without changing its counts', () => {
    const run = copy();
    const file = path.join(run, 'exceptions.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const e = JSON.parse(lines[0]!) as { message: string };
    e.message = 'nothing wrong here';
    lines[0] = JSON.stringify(e);
    writeFileSync(file, lines.join('\n') + '\n');
    expect(verify(run).lines.some((l) => l.includes('exceptions.jsonl: changed after the run sealed it'))).toBe(true);
  });

  it.each([
    ['run.json', (run: string) => writeFileSync(path.join(run, 'run.json'), readFileSync(path.join(run, 'run.json'), 'utf8').replace('"year": 2025', '"year": 2024'))],
    ['parts/E-0001/packaged.json', (run: string) => flipByte(path.join(run, 'parts', 'E-0001', 'packaged.json'), () => 3)],
    ['parts/E-0001/statements.pdf', (run: string) => flipByte(path.join(run, 'parts', 'E-0001', 'statements.pdf'), (s) => s - 20)],
    ['state/ingest.json', (run: string) => writeFileSync(path.join(run, 'state', 'ingest.json'), readFileSync(path.join(run, 'state', 'ingest.json'), 'utf8') + ' ')],
  ])('finds %s changed', (rel, tamper) => {
    const run = copy();
    tamper(run);
    const v = verify(run);
    expect(v.status).toBe(1);
    expect(v.lines).toContain(`${rel}: changed after the run sealed it (SHA-256 differs from audit.jsonl line ${sealLine(run)})`);
  });

  it('finds a part or archive file added, a sealed one removed, report.html and finalized.json edited', () => {
    const run = copy();
    cpSync(path.join(run, 'archive', 'E-0001.jsonl.gz'), path.join(run, 'archive', 'E-0009.jsonl.gz'));
    rmSync(path.join(run, 'parts', 'E-0001', 'mailing.csv'));
    writeFileSync(path.join(run, 'report.html'), readFileSync(path.join(run, 'report.html'), 'utf8').replace('</body>', '<p>all fine</p></body>'));
    writeFileSync(path.join(run, 'state', 'finalized.json'), JSON.stringify({ runId: 'S1', finishedOn: '2026-01-02' }));
    const text = verify(run).lines.join('\n');
    expect(text).toMatch(/archive\/E-0009\.jsonl\.gz: not in the run's seal \(audit\.jsonl line \d+\): added after the run finished/);
    expect(text).toMatch(/parts\/E-0001\/mailing\.csv: sealed by audit\.jsonl line \d+ but missing/);
    expect(text).toMatch(/report\.html: changed after it was written \(SHA-256 differs from audit\.jsonl line \d+\)/);
    expect(text).toMatch(/state\/finalized\.json: says run S1 finished 2026-01-02, manifest\.json says S1 on \d{4}-\d\d-\d\d/);
  });

  it('seals every file the run left but those with their own check', () => {
    const seal = JSON.parse(auditLines(good).find((l) => l.includes('"action":"run.records"'))!) as { details: { files: Record<string, string> } };
    const all: string[] = [];
    const walk = (rel: string) => {
      for (const e of readdirSync(path.join(good, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) walk(r);
        else all.push(r);
      }
    };
    walk('');
    const own = /^(audit\.jsonl|logs\/.*|print\/.*|manifest\.json|reconciliation\.json|report\.html|state\/finalized\.json)$/;
    expect(Object.keys(seal.details.files).sort()).toEqual(all.filter((f) => !own.test(f)).sort());
  });
});
