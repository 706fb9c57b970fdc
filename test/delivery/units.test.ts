/** The pieces of the hand-off that need no server: acks, known-hosts lines, URLs, the ticket, package states. */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAck } from '../../src/delivery/acks';
import { hostKeyAccepted, hostKeyAlgorithms, knownKeysFor } from '../../src/delivery/known-hosts';
import { parseSftpUrl } from '../../src/delivery/target';
import { loadTicket } from '../../src/pipeline/config';
import { createDeliverProgress } from '../../src/cli/deliver-progress';
import { deliveryLines } from '../../src/cli/delivery-options';
import { runPage } from '../../src/dashboard/pages';
import { deliverySection } from '../../src/report/delivery';
import { rejectionReason } from '../../src/i18n';
import { deliveryView, lockDelivery, type DeliveryEvent } from '../../src/run-dir/delivery';

describe('the hand-off, piece by piece', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'siprint-dlv-unit-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sha = 'a'.repeat(64);

  it('reads P.ack: ACCEPTED, REJECTED reason, an optional SHA-256; anything else is malformed', () => {
    expect(parseAck('ACCEPTED\n', 'P.ack')).toEqual({ accepted: true });
    expect(parseAck(`ACCEPTED\r\n${sha.toUpperCase()}\r\n`, 'P.ack')).toEqual({ accepted: true, sha256: sha });
    expect(parseAck('REJECTED  wrong paper size \n', 'P.ack')).toEqual({ accepted: false, reason: 'wrong paper size' });
    expect(parseAck('REJECTED\n', 'P.ack')).toEqual({ accepted: false, reason: 'no reason given' });
    // the audit log keeps that raw English; a screen shows it in the operator's language, the print house's own words as they are
    const none = (parseAck('REJECTED\n', 'P.ack') as { reason: string }).reason;
    expect([rejectionReason(none, 'en'), rejectionReason(none, 'zh-CN'), rejectionReason('wrong paper size', 'zh-CN')]).toEqual(['no reason given', '未说明原因', 'wrong paper size']);
    const view = { packages: [{ file: 'P1.zip', state: 'rejected', reason: none }], counts: { delivered: 0, acknowledged: 0, rejected: 1, sealed: 0 }, overdue: [], ackWithinHours: 1 } as unknown as Parameters<typeof deliveryLines>[0];
    expect(deliveryLines(view, 'zh-CN').join('\n')).toContain('被印刷厂退回：P1.zip (未说明原因)');
    // report.html and the dashboard's run page say it in the same words
    const dates = { handoffBy: '2026-02-01', deadline: '2026-03-31', today: '2026-01-20' };
    const dir = { stage: 'done', parts: { total: 1, rendered: 1, packaged: 1 }, ingest: { done: true, records: 1, exceptionsSoFar: 0 }, handoffBy: dates.handoffBy, deadline: dates.deadline, mode: 'annual', year: 2025, printDate: '2026-01-15', delivery: view };
    const page = (lang: 'en' | 'zh-CN') => runPage({ runId: 'R', runDir: '/runs/R', dir } as unknown as Parameters<typeof runPage>[0], new Date('2026-01-20T00:00:00Z'), lang);
    for (const [lang, words] of [['zh-CN', '未说明原因'], ['en', 'no reason given']] as const) {
      expect(deliverySection(view as unknown as Parameters<typeof deliverySection>[0], dates, lang)).toContain(`<td>${words}</td>`);
      expect(page(lang)).toContain(`<td>${words}</td>`);
    }
    expect(page('zh-CN')).not.toContain('no reason given');
    // an ID number in the print house's words never reaches the audit log
    expect(parseAck('REJECTED record of 110105199001011234 unreadable', 'P.ack')).toEqual({ accepted: false, reason: 'record of [number removed] unreadable' });
    expect(parseAck('OK\n', 'P.ack')).toEqual({ malformed: expect.stringContaining('first line "OK" is neither ACCEPTED nor REJECTED') });
    expect(parseAck('ACCEPTED\nabc\n', 'P.ack')).toEqual({ malformed: expect.stringContaining('second line is not a SHA-256') });
    expect(parseAck(`ACCEPTED\n${sha}\nmore\n`, 'P.ack')).toEqual({ malformed: expect.stringContaining('more than two lines') });
  });

  it('finds a host\'s keys in known-hosts: plain, [host]:port, hashed, comma lists, @revoked', () => {
    const blob = randomBytes(51);
    const other = randomBytes(51);
    const salt = randomBytes(20);
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[10.0.0.5]:2222').digest('base64')}`;
    const file = path.join(dir, 'known_hosts');
    writeFileSync(
      file,
      [
        '# comment',
        `print.example,192.0.2.7 ssh-ed25519 ${blob.toString('base64')}`,
        `[192.0.2.7]:2222 ssh-rsa ${other.toString('base64')}`,
        `${hashed} ecdsa-sha2-nistp256 ${blob.toString('base64')}`,
        `@revoked [10.0.0.5]:2222 ssh-ed25519 ${other.toString('base64')}`,
        '',
      ].join('\n'),
    );
    expect(knownKeysFor(file, '192.0.2.7', 22).map((k) => k.type)).toEqual(['ssh-ed25519']);
    expect(knownKeysFor(file, 'PRINT.example', 22)).toHaveLength(1);
    expect(hostKeyAlgorithms(knownKeysFor(file, '192.0.2.7', 2222))).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    const hashedKeys = knownKeysFor(file, '10.0.0.5', 2222);
    expect(hostKeyAlgorithms(hashedKeys)).toEqual(['ecdsa-sha2-nistp256']);
    expect(hostKeyAccepted(hashedKeys, blob)).toBe(true);
    expect(hostKeyAccepted(hashedKeys, other)).toBe(false); // revoked
    expect(knownKeysFor(file, '10.0.0.5', 22)).toEqual([]);
  });

  it('parses sftp:// URLs; a password is refused', () => {
    expect(parseSftpUrl('sftp://ph@print.example:2222/in/box/', '--to')).toEqual({ user: 'ph', host: 'print.example', port: 2222, dir: '/in/box' });
    expect(parseSftpUrl('sftp://ph@print.example/', '--to')).toEqual({ user: 'ph', host: 'print.example', port: 22, dir: '/' });
    expect(() => parseSftpUrl('sftp://ph:pw@print.example/in', '--to')).toThrow('--to holds a password');
    expect(() => parseSftpUrl('https://ph@print.example/in', '--to')).toThrow('is not sftp://user@host[:port]/path');
    expect(() => parseSftpUrl('sftp://print.example/in', '--to')).toThrow('is not sftp://user@host[:port]/path');
  });

  it('validates the ticket\'s printHouse (exit 2 naming the field) and makes its paths absolute', () => {
    const ticket = (printHouse: unknown) => {
      const f = path.join(dir, 't.json');
      writeFileSync(f, JSON.stringify({ mode: 'annual', printHouse }));
      return f;
    };
    const t = loadTicket(ticket({ sftp: { url: 'sftp://ph@print.example/in', identityFile: 'keys/id', knownHostsFile: 'kh' }, ackWithinHours: 12 }));
    expect(t.printHouse).toEqual({ sftp: { url: 'sftp://ph@print.example/in', identityFile: path.join(dir, 'keys/id'), knownHostsFile: path.join(dir, 'kh') }, ackWithinHours: 12 });
    expect(() => loadTicket(ticket({ sftp: { url: 'sftp://ph:secret@print.example/in' } }))).toThrow(/field "printHouse\.sftp\.url": expected sftp:\/\/user@host\[:port\]\/path \(key authentication: no password/);
    expect(() => loadTicket(ticket({ ackWithinHours: 0 }))).toThrow(/field "printHouse\.ackWithinHours"/);
    expect(() => loadTicket(ticket({ sftp: { url: 'sftp://ph@h/in', password: 'x' } }))).toThrow(/unknown field "password"/);
  });

  it('folds events into states: only events about the package as sealed count; overdue after ackWithinHours', () => {
    const ev = (e: Partial<DeliveryEvent>): DeliveryEvent => ({ format: 'siprint-delivery/1', time: '2026-01-20T08:00:00.000Z', event: 'delivered', file: 'R-E-p001.zip', sha256: sha, operator: 'op', ...e });
    const pkgs = [
      { path: 'print/R-E-p001.zip', sha256: sha, bytes: 10 },
      { path: 'print/R-E-p002.zip', sha256: 'b'.repeat(64), bytes: 10 },
      { path: 'print/R-R-p001.zip', sha256: 'c'.repeat(64), bytes: 10, status: 'pending' as const },
    ];
    const events = [ev({}), ev({ file: 'R-E-p002.zip', sha256: 'old'.padEnd(64, '0') }), ev({ event: 'rejected', reason: 'torn', time: '2026-01-20T09:00:00.000Z' })];
    const at = (iso: string, hours?: number) => deliveryView(pkgs, events, new Date(iso), hours);
    const v = at('2026-01-20T10:00:00Z');
    expect(v.packages.map((p) => p.state)).toEqual(['rejected', 'released', 'sealed']);
    expect(v.counts).toEqual({ sealed: 1, released: 1, delivered: 0, acknowledged: 0, rejected: 1 });
    const resent = deliveryView(pkgs, [...events, ev({ time: '2026-01-20T10:00:00.000Z' })], new Date('2026-01-21T10:00:01Z'));
    expect(resent.packages[0]).toMatchObject({ state: 'delivered', overdue: true });
    expect(resent.overdue).toEqual(['R-E-p001.zip']);
    expect(deliveryView(pkgs, [...events, ev({ time: '2026-01-20T10:00:00.000Z' })], new Date('2026-01-21T10:00:01Z'), 48).overdue).toEqual([]);
  });

  it('one deliver or acks at a time per run; a lock left by a dead process is taken over', async () => {
    const runDir = mkdtempSync(path.join(dir, 'run-'));
    const first = await lockDelivery(runDir);
    expect('release' in first).toBe(true);
    expect(await lockDelivery(runDir)).toEqual({ heldBy: `${os.hostname()} ${process.pid}` });
    if ('release' in first) await first.release();
    writeFileSync(path.join(runDir, 'delivery', 'lock'), `${os.hostname()} 999999999`); // no such process
    const taken = await lockDelivery(runDir);
    expect('release' in taken).toBe(true);
    if ('release' in taken) await taken.release();
  });

  it('off a terminal, progress is a plain line (file and all: MB, MB/s, ETA), never more often than asked', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const p = createDeliverProgress(stream, { intervalMs: 0 });
    p.onEvent({ type: 'start', packages: [{ file: 'R-E-p001.zip', bytes: 4 * 1048576 }, { file: 'R-R-p001.zip', bytes: 1048576 }] });
    p.onEvent({ type: 'bytes', file: 'R-E-p001.zip', sent: 2 * 1048576, bytes: 4 * 1048576 });
    expect(lines.at(-1)).toMatch(/^siprint: R-E-p001\.zip: 2\.0 of 4\.0 MB, [\d.]+ MB\/s, ETA \S+; all packages: 2\.0 of 5\.0 MB, [\d.]+ MB\/s, ETA \S+\n$/);
    const quiet: string[] = [];
    const q = createDeliverProgress({ isTTY: false, write: (s: string) => quiet.push(s) } as unknown as NodeJS.WriteStream, { intervalMs: 60_000 });
    q.onEvent({ type: 'start', packages: [{ file: 'R-E-p001.zip', bytes: 10 }] });
    q.onEvent({ type: 'bytes', file: 'R-E-p001.zip', sent: 5, bytes: 10 });
    expect(quiet).toEqual([]);
  });
});
