/**
 * The loop back on a real run, with the real CLI and a real sshd on loopback: deliver, results with
 * failures (and unreported pieces), the approval gate, `makeup` — its package holds exactly the failed
 * pieces, checked by decoding every DataMatrix with dmtxread and reading every page with pdftotext
 * against the original part's page — deliver sends it, its results close the loop to zero failed.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readZip } from '../../src/package/zip';
import { describeWhen } from '../prerequisites';
import { cliEnv, realFixture, siprint, tempDir, auditOf } from '../reliability/helpers';
import { sshdMissing, startSshd, type Sshd } from '../delivery/sshd';

const tool = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', [pdf]))?.[1]);
const pageText = (pdf: string, page: number) => tool('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-']);
/** The pages of a statements PDF grouped by statement: a continuation page （续） joins the one before. */
function statementTexts(pdf: string): string[][] {
  const statements: string[][] = [];
  for (let p = 1; p <= pageCount(pdf); p++) {
    const text = pageText(pdf, p);
    if (text.includes('（续）') && statements.length) statements[statements.length - 1]!.push(text);
    else statements.push([text]);
  }
  return statements;
}
/** Every DataMatrix on every page, in page order (dmtxread on a 100 dpi raster). */
function codesOf(pdf: string, dir: string): string[][] {
  const out: string[][] = [];
  for (let p = 1; p <= pageCount(pdf); p++) {
    const png = path.join(dir, `${path.basename(pdf)}-${p}`);
    tool('pdftoppm', ['-r', '100', '-f', String(p), '-l', String(p), '-png', '-singlefile', pdf, png]);
    out.push(tool('dmtxread', ['-N', '1', '-m', '20000', `${png}.png`]).split('\n').filter(Boolean));
  }
  return out;
}
const notInstalled = (t: string) => {
  try {
    execFileSync('which', [t], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
};
const absent = ['dmtxread', 'pdftotext', 'pdftoppm', 'pdfinfo'].find(notInstalled);
const missing = sshdMissing ?? (absent ? `${absent} is not installed (scripts/test-tools.sh installs it)` : null);

describeWhen(missing, 'makeup: the failed pieces made up, delivered and reported back (real sshd, dmtxread, pdftotext)', () => {
  let sshd: Sshd;
  let dir: string;
  let runDir: string;
  const env = cliEnv({ USER: 'op.zhang' });
  const pieces = new Map<string, { part: string; index: number }>();
  const ids: string[] = [];

  beforeAll(async () => {
    sshd = await startSshd();
    dir = tempDir('makeup');
    const fx = realFixture(dir, 40, 12);
    const ticket = JSON.parse(readFileSync(fx.ticket, 'utf8')) as Record<string, unknown>;
    writeFileSync(fx.ticket, JSON.stringify({ ...ticket, makeupApprovalPercent: 5, printHouse: { sftp: { url: sshd.url, identityFile: sshd.identity, knownHostsFile: sshd.knownHosts } } }));
    const r = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'mu', '--concurrency', '1'], env);
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    runDir = path.join(dir, 'mu');
    for (const part of readdirSync(path.join(runDir, 'parts')).filter((p) => !p.includes('.') && !p.startsWith('EL-')).sort()) {
      const csv = readFileSync(path.join(runDir, 'parts', part, 'mailing.csv'), 'utf8').trim().split('\r\n');
      csv.slice(1).forEach((line, index) => {
        pieces.set(line.split(',')[0]!, { part, index });
        ids.push(line.split(',')[0]!);
      });
    }
  }, 180_000);
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const failed = () => [ids[1]!, ids[4]!, ids[13]!, ids[ids.length - 1]!];

  it('results after delivery: the failed pieces, and the pieces never reported', () => {
    expect(siprint(['deliver', runDir], env).status).toBe(0);
    const [f1, f2, f3, f4] = failed();
    const rows = ['piece,status', ...ids.filter((id) => !failed().includes(id) && id !== ids[5]).map((id) => `]d2mu|${id}|1/1,ok`), `mu|${f1}|1/1,jammed`, `${f2},damaged`, `]d2mu|${f3}|1/1,outsorted`, `${f4},missing`];
    writeFileSync(path.join(dir, 'r1.csv'), `${rows.join('\n')}\n`);
    const r = siprint(['results', runDir, '--file', path.join(dir, 'r1.csv')], env);
    expect(r.status).toBe(1);
    const s = JSON.parse(readFileSync(path.join(runDir, 'tracking', 'results-1.json'), 'utf8')) as { unreported: { count: number; byPackage: Record<string, number> } };
    expect(s.unreported.count).toBe(1); // ids[5]
    expect(r.stdout).toContain('unreported: 1 piece(s) of delivered packages with no result');
  });

  it('more than makeupApprovalPercent needs a second operator (exit 2, nothing made)', () => {
    const r = siprint(['makeup', runDir], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`4 of ${ids.length} pieces (${(400 / ids.length).toFixed(1)}%) to make up, more than makeupApprovalPercent 5%: a second operator must approve`);
    const same = siprint(['makeup', runDir, '--approved-by', 'op.zhang'], env);
    expect(same.status).toBe(2);
    expect(same.stderr).toContain('a make-up needs a second operator');
    const nobody = siprint(['makeup', runDir, '--approved-by', 'system'], env);
    expect([nobody.status, nobody.stderr.trim()]).toEqual([2, 'siprint: --approved-by system names nobody: a make-up needs the ID of the second operator who approves it']);
    expect(readdirSync(path.join(runDir, 'print')).filter((f) => f.includes('-MU-'))).toEqual([]);
  });

  it('makes up exactly the failed pieces: the same statement pages, the DataMatrix with |MU1', () => {
    const r = siprint(['makeup', runDir, '--approved-by', 'op.wang'], env);
    expect(`${r.status} ${r.stderr}`).toBe('0 ');
    expect(r.stdout).toContain('make-up package');
    const zip = readZip(readFileSync(path.join(runDir, 'print', 'mu-MU-1.zip')));
    expect(zip.map((e) => e.name)).toEqual(['statements.pdf', 'envelopes.pdf', 'mailing.csv', 'manifest.json']);
    const out = path.join(dir, 'mu1');
    execFileSync('mkdir', ['-p', out]);
    for (const e of zip) writeFileSync(path.join(out, e.name), e.data);
    // in print order: the order of the run
    const want = failed();
    const mailing = readFileSync(path.join(out, 'mailing.csv'), 'utf8').trim().split('\r\n').slice(1).map((l) => l.split(',')[0]);
    expect(mailing).toEqual(want);
    // every statement sheet and envelope decoded: exactly the failed pieces, each with |MU1
    const statementCodes = codesOf(path.join(out, 'statements.pdf'), out);
    expect(statementCodes.flat().map((c) => c.split('|')[1])).toEqual(want);
    for (const c of statementCodes.flat()) expect(c).toMatch(/^mu\|[A-Z]+\d{8}\|1\/1\|MU1$/);
    expect(codesOf(path.join(out, 'envelopes.pdf'), out).flat()).toEqual(want.map((id) => `mu|${id}|1/1|MU1`));
    // each statement reads as the original part's statement of that piece, page for page (same text,
    // so the same 校验码); a statement may run onto a continuation page （续）
    const made = statementTexts(path.join(out, 'statements.pdf'));
    expect(made).toHaveLength(want.length);
    want.forEach((id, i) => {
      const { part, index } = pieces.get(id)!;
      expect(made[i]![0]).toContain('校验码');
      expect(made[i]).toEqual(statementTexts(path.join(runDir, 'parts', part, 'statements.pdf'))[index]);
    });
    const ev = auditOf(runDir).filter((l) => l.action === 'makeup.packaged');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ operator: 'op.zhang', details: { k: 1, file: 'mu-MU-1.zip', pieces: 4, approvedBy: 'op.wang' } });
    expect(siprint(['verify', runDir], env).stdout).toMatch(/^OK mu/);
    // made up once: a second makeup has nothing to do
    expect(siprint(['makeup', runDir, '--approved-by', 'op.wang'], env).stdout).toContain('no piece to make up');
    const st = JSON.parse(siprint(['status', runDir, '--json'], env).stdout) as { tracking: { counts: Record<string, number> } };
    expect(st.tracking.counts).toMatchObject({ madeUp: 4, produced: ids.length - 5, unreported: 1, failed: 0 });
  });

  it('deliver sends the make-up package; its results close the loop to zero failed', () => {
    const d = siprint(['deliver', runDir], env);
    expect(`${d.status} ${d.stderr}`).toBe('0 ');
    expect(readFileSync(path.join(sshd.inbox, 'mu-MU-1.zip')).equals(readFileSync(path.join(runDir, 'print', 'mu-MU-1.zip')))).toBe(true);
    const sidecar = JSON.parse(readFileSync(path.join(sshd.inbox, 'mu-MU-1.zip.manifest.json'), 'utf8')) as { pieces: number };
    expect(sidecar.pieces).toBe(4);
    // before its results: the make-up pieces are unreported (their package is at the print house)
    const rows = ['piece,status', ...failed().map((id) => `]d2mu|${id}|1/1|MU1,ok`), `mu|${ids[5]}|1/1,ok`];
    writeFileSync(path.join(dir, 'r2.csv'), `${rows.join('\n')}\n`);
    const r = siprint(['results', runDir, '--file', path.join(dir, 'r2.csv')], env);
    expect(`${r.status} ${r.stderr}`).toBe('0 ');
    const s = JSON.parse(readFileSync(path.join(runDir, 'tracking', 'results-2.json'), 'utf8')) as { duplicates: { count: number }; unreported: { count: number } };
    expect(s.duplicates.count).toBe(0); // a make-up piece's ok is not a second envelope
    expect(s.unreported.count).toBe(0);
    const st = JSON.parse(siprint(['status', runDir, '--json'], env).stdout) as { tracking: { counts: Record<string, number> } };
    expect(st.tracking.counts).toMatchObject({ produced: ids.length, failed: 0, madeUp: 0, unreported: 0 });
    expect(siprint(['makeup', runDir], env).stdout).toContain('no piece to make up');
    expect(siprint(['verify', runDir], env).stdout).toMatch(/^OK mu/);
  });
});
