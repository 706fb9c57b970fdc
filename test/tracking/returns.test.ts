/**
 * `siprint returns` on a real run (the built CLI): a scanned list with prefixes, repeats, unknown codes,
 * the post's reasons in Chinese and as codes, and a reprint's RP- piece → returns/returned.csv right and
 * free of personal data, the keyed-hash list, the piece states; the same file twice is a no-op; a
 * SIGKILL while a returns file is taken in, then again: the same counts and files.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readArchive, type ArchivedPiece } from '../../src/run-dir/archive';
import { addressHash, ssnHash } from '../../src/domain/keyed-hash';
import { runPage } from '../../src/dashboard/pages';
import { readRunState } from '../../src/pipeline/state';
import { cliEnv, KEY, realFixture, siprint, auditOf, killWhileReading, tempDir } from '../reliability/helpers';

interface Summary {
  k: number;
  rows: number;
  counts: Record<string, number>;
  repeated: { count: number; pieces: string[] };
  unknown: { count: number; codes: string[] };
  returned: { pieceId: string; recordId: string; reason: string; returnedOn: string }[];
}
const summary = (runDir: string, k: number) => JSON.parse(readFileSync(path.join(runDir, 'tracking', `returns-${k}.json`), 'utf8')) as Summary;

describe('siprint returns', () => {
  let dir: string;
  let runDir: string;
  let pristine: string;
  const env = cliEnv({ USER: 'op.li' });
  const archived: ArchivedPiece[] = [];
  let adults: ArchivedPiece[] = [];
  const corrected = { postcode: '200001', province: '上海市', city: '上海市', district: '黄浦区', line: '新址路9号' };

  beforeAll(async () => {
    dir = tempDir('returns');
    const fx = realFixture(dir, 40, 12);
    const r = siprint(['run', '--extract', fx.extract, '--ticket', fx.ticket, '--out', dir, '--run-id', 'ret', '--concurrency', '1'], env);
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    runDir = path.join(dir, 'ret');
    pristine = path.join(dir, 'pristine');
    cpSync(runDir, pristine, { recursive: true });
    for await (const a of readArchive(runDir)) if (!a.electronic) archived.push(a);
    adults = archived.filter((a) => a.recipient.role === 'self');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a scanned list with prefixes, repeats, unknown codes and every reason → the right counts and returned.csv', () => {
    const [a, b, c, d, e, f] = adults as [ArchivedPiece, ArchivedPiece, ArchivedPiece, ArchivedPiece, ArchivedPiece, ArchivedPiece];
    // f was reprinted to a corrected address (RP-000001); that envelope came back too
    const addr = path.join(dir, 'addr.json');
    writeFileSync(addr, JSON.stringify(corrected));
    const rp = siprint(['reprint', '--run', runDir, '--ssn', f.record.person.ssn, '--reason', '地址变更', '--requested-by', 'op.li', '--relation', 'self', '--address-json', addr, '--out', path.join(dir, 'rp'), '--date', '2026-03-05'], env);
    expect(rp.stderr).toBe('');
    expect(rp.status).toBe(0);
    const rpId = /RP-\d{6}/.exec(rp.stdout)?.[0] ?? 'RP-000001';
    const lines = [
      `]d2ret|${a.pieceId}|1/1,查无此人,2026-03-10`,
      `ret|${b.pieceId}|1/2,地址不详`,
      `${c.pieceId},MOVED,2026-03-11`,
      `]d2ret|${d.pieceId}|1/1|MU1,拒收`,
      `${e.pieceId}`, // no reason: OTHER
      `ret|${a.pieceId}|1/1,UNKNOWN_ADDRESSEE`, // a repeat
      `ret|${rpId}|1/1,unknown_addressee,2026-03-20`,
      'ret|E99999999|1/1,查无此人', // not a piece of this run
      'other-run|E00000001|1/1,拒收', // another run's code
      'smudged',
    ];
    const file = path.join(dir, 'returns-1.txt');
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const r = siprint(['returns', runDir, '--file', file], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const s = summary(runDir, 1);
    expect(s.rows).toBe(10);
    expect(s.counts).toEqual({ UNKNOWN_ADDRESSEE: 2, INSUFFICIENT_ADDRESS: 1, MOVED: 1, REFUSED: 1, OTHER: 1 });
    expect(s.repeated).toEqual({ count: 1, pieces: [a.pieceId] });
    expect(s.unknown).toEqual({ count: 3, codes: ['ret|E99999999|1/1', 'other-run|E00000001|1/1', 'smudged'] });
    expect(r.stdout).toContain('10 scan(s), 6 piece(s) newly returned');
    expect(r.stdout).toContain('repeated: 1 scan(s) of a piece already returned');
    expect(r.stdout).toContain('siprint reprint --run');

    const csv = readFileSync(path.join(runDir, 'returns', 'returned.csv'), 'utf8');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(csv.trim().split('\n')).toEqual([
      'recordId,pieceId,batch,reason,returnedOn',
      `${a.record.recordId},${a.pieceId},${a.batch},UNKNOWN_ADDRESSEE,2026-03-10`,
      `${b.record.recordId},${b.pieceId},${b.batch},INSUFFICIENT_ADDRESS,${today}`,
      `${c.record.recordId},${c.pieceId},${c.batch},MOVED,2026-03-11`,
      `${d.record.recordId},${d.pieceId},${d.batch},REFUSED,${today}`,
      `${e.record.recordId},${e.pieceId},${e.batch},OTHER,${today}`,
      `${f.record.recordId},${rpId},${f.batch},UNKNOWN_ADDRESSEE,2026-03-20`,
    ]);
    // the keyed hashes: of the ssn and of the address the envelope went to (the reprint's: the corrected one)
    const hashes = readFileSync(path.join(runDir, 'returns', 'returned-addresses.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(hashes).toHaveLength(6);
    expect(hashes[0]).toEqual({ runId: 'ret', pieceId: a.pieceId, reason: 'UNKNOWN_ADDRESSEE', returnedOn: '2026-03-10', ssnHash: ssnHash(a.record.person.ssn, KEY), addressHash: addressHash(a.recipient.address, KEY) });
    expect(hashes[5]).toMatchObject({ pieceId: rpId, ssnHash: ssnHash(f.record.person.ssn, KEY), addressHash: addressHash(corrected, KEY) });

    // no name, ssn or address of anyone in any file returns or tracking wrote, nor in the audit line
    const written = [
      csv,
      ...readdirSync(path.join(runDir, 'returns')).map((n) => readFileSync(path.join(runDir, 'returns', n), 'utf8')),
      ...readdirSync(path.join(runDir, 'tracking')).filter((n) => n.endsWith('.json')).map((n) => readFileSync(path.join(runDir, 'tracking', n), 'utf8')),
      JSON.stringify(auditOf(runDir).filter((l) => l.action === 'returns.recorded')),
      r.stdout,
    ].join('\n');
    for (const p of archived) {
      expect(written).not.toContain(p.record.person.ssn);
      expect(written).not.toContain(p.record.person.ssn.slice(-8));
      expect(written).not.toContain(p.recipient.name);
      expect(written).not.toContain(p.recipient.address.line);
    }

    const st = JSON.parse(siprint(['status', runDir, '--json'], env).stdout) as { tracking: { counts: Record<string, number> } };
    expect(st.tracking.counts.returned).toBe(6);
    const ev = auditOf(runDir).filter((l) => l.action === 'returns.recorded');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.details).toMatchObject({ k: 1, rows: 10, returned: 6, repeated: 1, unknown: 3 });
    expect(siprint(['verify', runDir], env).status).toBe(0);

    // report.html (made again by returns) and the dashboard's run page: the funnel per batch, the days left
    const cell = (html: string, key: string) => new RegExp(`data-funnel="${key.replace('.', '\\.')}">([\\d,]+)`).exec(html)?.[1];
    const report = readFileSync(path.join(runDir, 'report.html'), 'utf8');
    const total = archived.length;
    expect(cell(report, 'total.total')).toBe(String(total));
    expect(cell(report, 'total.returned')).toBe('6');
    expect(cell(report, 'total.atPrintHouse')).toBe('6'); // nothing was delivered here: only the returned ones got that far
    const batches = [...new Set(archived.map((x) => x.batch))];
    const perBatch = batches.map((b) => Number(cell(report, `${b}.total`)));
    expect(perBatch.reduce((x, y) => x + y, 0)).toBe(total);
    expect(report).toMatch(/data-days-left="-?\d+"/);
    expect(report).toContain('After the hand-off: every piece');
    const page = runPage({ runId: 'ret', runDir, dir: readRunState(runDir) }, new Date(), 'zh-CN');
    expect(cell(page, 'total.returned')).toBe('6');
    expect(page).toContain('交付之后：每件邮件');
    expect(page).toContain('法定送达期限');
  });

  it('results knows a reprint\'s RP- piece (not unknown): its latest report wins, a failed one is named', () => {
    const rpId = (JSON.parse(readFileSync(path.join(runDir, 'reprints', 'reprinted.jsonl'), 'utf8').trim().split('\n')[0]!) as { pieceId: string }).pieceId;
    const file = path.join(dir, 'results-rp.csv');
    writeFileSync(file, `piece,status\n]d2ret|${rpId}|1/1,jammed\nret|RP-999999|1/1,ok\n`);
    const r = siprint(['results', runDir, '--file', file], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const s = JSON.parse(readFileSync(path.join(runDir, 'tracking', 'results-1.json'), 'utf8')) as { unknown: { codes: string[] }; reprints: { count: number; counts: Record<string, number>; failed: string[] } };
    expect(s.unknown.codes).toEqual(['ret|RP-999999|1/1']);
    expect(s.reprints).toMatchObject({ count: 1, counts: { jammed: 1, ok: 0 }, failed: [rpId] });
    expect(r.stdout).toContain(`1 reprint(s) not ok: reprint them again`);
    const again = path.join(dir, 'results-rp2.csv');
    writeFileSync(again, `piece,status\n${rpId},jammed\n${rpId},ok\n`);
    const r2 = siprint(['results', runDir, '--file', again], env);
    expect(r2.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(runDir, 'tracking', 'results-2.json'), 'utf8'))).toMatchObject({ reprints: { count: 2, failed: [] } });
  });

  it('the same file twice changes nothing; a second file counts what was returned before as repeated', () => {
    const before = readFileSync(path.join(runDir, 'tracking', 'pieces.bin'));
    const csvBefore = readFileSync(path.join(runDir, 'returns', 'returned.csv'));
    const r = siprint(['returns', runDir, '--file', path.join(dir, 'returns-1.txt')], env);
    expect(r.stdout).toContain('was taken in before (tracking/returns-1.json): nothing changed');
    expect(readFileSync(path.join(runDir, 'tracking', 'pieces.bin')).equals(before)).toBe(true);
    expect(readFileSync(path.join(runDir, 'returns', 'returned.csv')).equals(csvBefore)).toBe(true);
    expect(auditOf(runDir).filter((l) => l.action === 'returns.recorded')).toHaveLength(1);

    const g = adults[6]!;
    const file = path.join(dir, 'returns-2.txt');
    writeFileSync(file, `piece,reason,returnedOn\n${adults[0]!.pieceId},查无此人\n${g.pieceId},迁移新址不明,2026-04-01\n`);
    const r2 = siprint(['returns', runDir, '--file', file], env);
    expect(r2.stderr).toBe('');
    expect(summary(runDir, 2)).toMatchObject({ rows: 2, repeated: { count: 1, pieces: [adults[0]!.pieceId] }, counts: { MOVED: 1, UNKNOWN_ADDRESSEE: 0 } });
    const csv = readFileSync(path.join(runDir, 'returns', 'returned.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(8);
    expect(csv[7]).toBe(`${g.record.recordId},${g.pieceId},${g.batch},MOVED,2026-04-01`);
    expect(siprint(['verify', runDir], env).status).toBe(0);
    // verify rebuilds returned.csv from the files taken in: a line dropped from it is found
    const f = path.join(runDir, 'returns', 'returned.csv');
    const kept = readFileSync(f);
    writeFileSync(f, `${csv.slice(0, 7).join('\n')}\n`);
    const v = siprint(['verify', runDir], env);
    expect(v.status).toBe(1);
    expect(v.stdout + v.stderr).toContain('returns/returned.csv: differs from what the returns files taken in');
    writeFileSync(f, kept);
  });

  it('next year: check and run --returned hold the person still at the address that came back, and print the one whose address was corrected', () => {
    const [a, b, c, d, e, f] = adults as [ArchivedPiece, ArchivedPiece, ArchivedPiece, ArchivedPiece, ArchivedPiece, ArchivedPiece];
    const g = adults[6]!;
    const list = path.join(runDir, 'returns', 'returned-addresses.jsonl');
    // next year's extract: the same people (a business year that has ended: 2025 again), c's address
    // corrected in the core system (a different line), f at the old address (only f's reprint to the
    // corrected one came back), everyone else as they were
    const lines = readFileSync(path.join(dir, 'extract.jsonl'), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes(`"recordId":"${c.record.recordId}"`));
    const rec = JSON.parse(lines[at]!) as { address: { line: string } };
    rec.address.line = '解放路88号3单元201';
    lines[at] = JSON.stringify(rec);
    const next = path.join(dir, 'extract-next.jsonl');
    writeFileSync(next, lines.join('\n'));
    const held = [a, b, d, e, g].map((x) => x.record.recordId).sort();

    const out = path.join(dir, 'check-next');
    const chk = siprint(['check', '--extract', next, '--year', '2025', '--returned', list, '--out', out], env);
    expect(chk.stderr.split('\n').filter((l) => /error|Error/.test(l))).toEqual([]);
    expect(chk.stdout).toMatch(/ADDRESS_RETURNED[^\n]*\b5\b|\b5\b[^\n]*ADDRESS_RETURNED/);
    expect(chk.stdout).toContain(`returned-mail list ${list}: 7 returned address(es)`);
    const exc = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { recordId: string; reason: string; message: string });
    expect(exc(path.join(out, 'exceptions.jsonl')).filter((x) => x.reason === 'ADDRESS_RETURNED').map((x) => x.recordId).sort()).toEqual(held);

    const r = siprint(['run', '--extract', next, '--ticket', path.join(dir, 'ticket.json'), '--out', dir, '--run-id', 'next', '--concurrency', '1', '--returned', list], env);
    expect(r.status).toBe(0);
    const nextDir = path.join(dir, 'next');
    const e2 = exc(path.join(nextDir, 'exceptions.jsonl')).filter((x) => x.reason === 'ADDRESS_RETURNED');
    expect(e2.map((x) => x.recordId).sort()).toEqual(held);
    expect(e2.find((x) => x.recordId === a.record.recordId)!.message).toContain(`UNKNOWN_ADDRESSEE 查无此人, piece ${a.pieceId} of run ret, 2026-03-10`);
    for (const x of e2) expect(x.message).not.toContain(a.recipient.address.line);
    // the corrected one prints, at the corrected address; f (at the address its first envelope reached) prints
    const mailing = readdirSync(path.join(nextDir, 'parts')).filter((p) => !p.includes('.') && !p.startsWith('EL-')).map((p) => readFileSync(path.join(nextDir, 'parts', p, 'mailing.csv'), 'utf8')).join('');
    expect(mailing).toContain(`,${c.record.recordId},`);
    expect(mailing).toContain('解放路88号3单元201');
    expect(mailing).toContain(`,${f.record.recordId},`);
    for (const id of held) expect(mailing).not.toContain(`,${id},`);
    // reconciliation balances with the new reason; run.json and the audit log name the list by content
    const rec2 = JSON.parse(readFileSync(path.join(nextDir, 'reconciliation.json'), 'utf8')) as { overall: Record<string, number>; byReason: Record<string, number> };
    const o = rec2.overall;
    expect(o.input).toBe(o.printed! + o.electronic! + o.exceptions! + o.suppressed! + o.outOfScope!);
    expect(rec2.byReason.ADDRESS_RETURNED).toBe(5);
    const first = JSON.parse(readFileSync(path.join(runDir, 'reconciliation.json'), 'utf8')) as { overall: Record<string, number> };
    expect(o.printed).toBe(first.overall.printed! - 5);
    const cfg = JSON.parse(readFileSync(path.join(nextDir, 'run.json'), 'utf8')) as { returned: { file: string; sha256: string; entries: number }[] };
    expect(cfg.returned).toEqual([{ file: list, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), entries: 7 }]);
    expect(auditOf(nextDir).find((l) => l.action === 'run.created')!.details).toMatchObject({ returned: cfg.returned });
    expect(siprint(['verify', nextDir], env).status).toBe(0);
    // and the report names the reason
    expect(readFileSync(path.join(nextDir, 'report.html'), 'utf8')).toContain('ADDRESS_RETURNED');
  }, 120_000);

  it('--returned without the key, or with a file that is not a list: one line, exit 2', () => {
    const list = path.join(runDir, 'returns', 'returned-addresses.jsonl');
    const noKey = siprint(['check', '--extract', path.join(dir, 'extract.jsonl'), '--year', '2025', '--returned', list], cliEnv({ SIPRINT_VERIFY_KEY: '' }));
    expect(noKey.status).toBe(2);
    expect(noKey.stderr.trim()).toContain('--returned needs the verification key');
    const notList = siprint(['check', '--extract', path.join(dir, 'extract.jsonl'), '--year', '2025', '--returned', path.join(runDir, 'returns', 'returned.csv')], env);
    expect(notList.status).toBe(2);
    expect(notList.stderr.trim().split('\n')).toHaveLength(1);
    expect(notList.stderr).toContain('line 1: not a line of returned-addresses.jsonl');
  });

  it.each([
    ['a reason the post does not use', `${'X'},torn\n`, 'line 1: reason "torn" is not one of UNKNOWN_ADDRESSEE 查无此人'],
    ['a bad date', `X,查无此人,2026-02-30\n`, 'line 1: field "returnedOn" is "2026-02-30", not a date YYYY-MM-DD'],
    ['too many fields', `X,拒收,2026-03-01,extra\n`, 'line 1: 4 fields, expected piece[,reason[,returnedOn]]'],
  ])('a file with %s records nothing and names the line (exit 2)', (_what, body, message) => {
    const file = path.join(dir, `bad-${message.length}.txt`);
    writeFileSync(file, body.replace('X', adults[9]!.pieceId));
    const before = readFileSync(path.join(runDir, 'tracking', 'pieces.bin'));
    const r = siprint(['returns', runDir, '--file', file], env);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('nothing of this file was recorded');
    expect(readFileSync(path.join(runDir, 'tracking', 'pieces.bin')).equals(before)).toBe(true);
  });

  it('SIGKILL while a returns file is taken in, then again: the same counts and files as without the crash', async () => {
    // 400,000 scans (the same envelopes scanned over and over: repeats) — long enough to be caught reading
    const reasons = ['查无此人', 'MOVED', '', '拒收', 'INSUFFICIENT_ADDRESS'];
    const lines: string[] = [];
    for (let i = 0; i < 400_000; i++) lines.push(`]d2ret|${archived[i % archived.length]!.pieceId}|1/1,${reasons[i % reasons.length]},2026-03-15`);
    const file = path.join(dir, 'big-returns.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const calm = path.join(dir, 'calm');
    cpSync(pristine, calm, { recursive: true });
    expect(siprint(['returns', calm, '--file', file], env).stderr).toBe('');

    const crashed = path.join(dir, 'crashed');
    cpSync(pristine, crashed, { recursive: true });
    const { killedAt, result: killed } = await killWhileReading(['returns', crashed, '--file', file], env, file, 4000);
    expect(killedAt).toBeGreaterThan(0);
    expect(killed.status).toBeNull();
    expect(existsSync(path.join(crashed, 'tracking', 'pieces.bin'))).toBe(false);
    const again = siprint(['returns', crashed, '--file', file], env);
    expect(again.stderr).toBe('');
    const a = summary(calm, 1);
    const b = summary(crashed, 1);
    expect({ ...b, time: '' }).toEqual({ ...a, time: '' });
    expect(b.rows).toBe(400_000);
    expect(b.returned).toHaveLength(archived.length);
    expect(b.repeated.count).toBe(400_000 - archived.length);
    for (const f of ['tracking/pieces.bin', 'returns/returned.csv', 'returns/returned-addresses.jsonl']) expect(readFileSync(path.join(crashed, f)).equals(readFileSync(path.join(calm, f)))).toBe(true);
    expect(auditOf(crashed).filter((l) => l.action === 'returns.recorded')).toHaveLength(1);
  }, 180_000);
});
