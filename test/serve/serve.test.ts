/**
 * `siprint serve` over real (small) runs made by the built CLI: the page and the JSON for a code, 未找到
 * 404, a purged run 410, the rate limit 429, /healthz, basic auth on /admin only, SIGTERM; and no
 * response or access-log line holds a full ssn, a name, an address, an amount or the code in the clear.
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServe, type RunningServer } from '../../src/serve';
import { siprint, spawnSiprint, tempDir } from '../reliability/helpers';

interface Archived { pieceId: string; verificationCode: string; record: { agency: { name: string }; person: { ssn: string; name: string }; address?: { line: string }; schemes?: Record<string, { personalContribution?: number }> } }
const TICKET_AGENCY = { code: '110101', name: '北京市东城区社会保险事业管理中心', address: '北京市东城区东长安街1号', postcode: '100010', phone: '12333' }; // a district the generator never uses
let tmp: string;
let runs: string;
let pieces: Archived[];
let server: RunningServer;
const log: string[] = [];
const bodies: string[] = [];

const get = async (p: string, headers: Record<string, string> = {}) => {
  const r = await fetch(new URL(p, server.url), { headers });
  const body = await r.text();
  bodies.push(body);
  return { status: r.status, body, headers: r.headers };
};

beforeAll(async () => {
  tmp = tempDir('serve');
  runs = path.join(tmp, 'runs');
  const extract = path.join(tmp, 'extract.jsonl');
  expect(siprint(['generate', '--count', '12', '--year', '2025', '--seed', 'sv', '--out', extract]).status).toBe(0);
  // the ticket's agency (run.json) is not the records' own: the statement prints the record's
  const ticket = path.join(tmp, 'ticket.json');
  writeFileSync(ticket, JSON.stringify({ mode: 'annual', year: 2025, printDate: '2026-01-15', agency: TICKET_AGENCY }));
  const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', runs, '--run-id', 'SV1', '--concurrency', '1', '--ticket', ticket]);
  expect([r.status, r.stderr]).toEqual([0, expect.stringContaining('run finalized')]);
  pieces = gunzipSync(readFileSync(path.join(runs, 'SV1', 'archive', 'E-0001.jsonl.gz'))).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Archived);
  // a second run of another year whose data was purged
  cpSync(path.join(runs, 'SV1'), path.join(tmp, 'SV0'), { recursive: true });
  expect(siprint(['purge', path.join(tmp, 'SV0'), '--keep-audit']).status).toBe(0);
  server = await startServe({ runs, port: 0, ratePerMinute: 1000, accessLog: (l) => log.push(l) });
}, 180_000);
afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('siprint serve', () => {
  it('GET /v/<code>: 真实有效 with the masked name and ssn, zh-CN, no script, a strict CSP', async () => {
    const p = pieces[0]!;
    const r = await get(`/v/${p.verificationCode.toLowerCase()}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('真实有效');
    expect(r.body).toContain('<html lang="zh-CN">');
    expect(r.body).toContain([...p.record.person.name][0]! + '*'.repeat([...p.record.person.name].length - 1));
    expect(r.body).toContain(`${p.record.person.ssn.slice(0, 6)}********${p.record.person.ssn.slice(-4)}`);
    expect(r.body).toContain(p.pieceId);
    // 发出机构: the agency the statement printed (the record's), not the ticket's
    expect(p.record.agency.name).not.toBe(TICKET_AGENCY.name);
    expect(r.body).toContain(`<dt>发出机构</dt><dd>${p.record.agency.name}</dd>`);
    expect(r.body).not.toContain(TICKET_AGENCY.name);
    expect(r.body).not.toMatch(/<script/i);
    expect(r.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('GET /api/v1/verify/<code>: the same as JSON, with dashes', async () => {
    const p = pieces[1]!;
    const dashed = p.verificationCode.replace(/(.{4})(?=.)/g, '$1-');
    const r = await get(`/api/v1/verify/${dashed}`);
    expect(r.status).toBe(200);
    const j = JSON.parse(r.body) as { status: string; statements: { pieceId: string; year: number; reprints: number }[] };
    expect(j.status).toBe('valid');
    expect(j.statements).toEqual([expect.objectContaining({ pieceId: p.pieceId, year: 2025, reprints: 0, runId: 'SV1', agency: p.record.agency.name })]);
  });

  it('未找到 404 for a changed code; 400 for a malformed one; a purged run 410', async () => {
    const code = pieces[0]!.verificationCode;
    const changed = `${code.slice(0, 15)}${code[15] === 'A' ? 'B' : 'A'}`;
    const nf = await get(`/v/${changed}`);
    expect([nf.status, nf.body.includes('未找到')]).toEqual([404, true]);
    expect((await get(`/api/v1/verify/${changed}`)).status).toBe(404);
    expect((await get('/v/not-a-code')).status).toBe(400);
    const purgedOnly = await startServe({ runs: tmp, port: 0, accessLog: () => undefined });
    try {
      // tmp holds SV0 (purged) beside runs/: only the purged copy is a run directory there
      const r = await fetch(new URL(`/api/v1/verify/${code}`, purgedOnly.url));
      expect(r.status).toBe(410);
      expect(((await r.json()) as { status: string }).status).toBe('purged');
      const h = await fetch(new URL(`/v/${code}`, purgedOnly.url));
      expect([h.status, (await h.text()).includes('已清除')]).toEqual([410, true]);
    } finally {
      await purgedOnly.close();
    }
  });

  it('rate-limits a client (429) and /healthz and /admin are not limited', async () => {
    const limited = await startServe({ runs, port: 0, ratePerMinute: 3, accessLog: () => undefined });
    try {
      const codes = [0, 1, 2, 3].map((i) => pieces[i % pieces.length]!.verificationCode);
      const statuses: number[] = [];
      for (const c of codes) statuses.push((await fetch(new URL(`/api/v1/verify/${c}`, limited.url))).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await fetch(new URL('/v/AAAAAAAAAAAAAAAA', limited.url))).status).toBe(429);
      expect((await fetch(new URL('/healthz', limited.url))).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('binds loopback by default; elsewhere only with credentials, which guard /admin and not the lookups', async () => {
    await expect(startServe({ runs, port: 0, host: '0.0.0.0', env: {} })).rejects.toThrow(/reachable from other machines: set SIPRINT_SERVE_USER and SIPRINT_SERVE_PASSWORD/);
    const withAuth = await startServe({ runs, port: 0, env: { SIPRINT_SERVE_USER: 'ops', SIPRINT_SERVE_PASSWORD: 'long-enough-pw' }, accessLog: () => undefined });
    try {
      expect((await fetch(new URL('/admin/runs', withAuth.url))).status).toBe(401);
      const ok = await fetch(new URL('/admin/runs', withAuth.url), { headers: { authorization: `Basic ${Buffer.from('ops:long-enough-pw').toString('base64')}` } });
      expect(ok.status).toBe(200);
      expect((await fetch(new URL(`/v/${pieces[0]!.verificationCode}`, withAuth.url))).status).toBe(200);
    } finally {
      await withAuth.close();
    }
    const h = await get('/healthz');
    expect(JSON.parse(h.body)).toEqual({ status: 'ok', runs: 1, unindexed: 0 });
  });

  it('no response, access-log line or index file holds a full ssn, name, address, amount or code', () => {
    expect(log.length).toBeGreaterThan(5);
    const indexDir = path.join(runs, 'SV1', 'index');
    const indexFiles = readdirSync(indexDir).map((f) => readFileSync(path.join(indexDir, f)).toString('latin1') + readFileSync(path.join(indexDir, f)).toString('utf8'));
    expect(indexFiles.length).toBe(3);
    const all = [...bodies, ...log, ...indexFiles].join('\n');
    // every amount of every record (fen, and as printed in yuan), looked for as a whole number
    const words = new Set(all.split(/[^0-9.,]+/));
    const numbers = (v: unknown): number[] => (typeof v === 'number' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(numbers) : []);
    const amounts = pieces.flatMap((p) => numbers(p.record.schemes)).filter((n) => n >= 10000).flatMap((n) => [String(n), (n / 100).toFixed(2), (n / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })]);
    expect(amounts.length).toBeGreaterThan(10);
    expect(amounts.filter((a) => words.has(a))).toEqual([]);
    for (const p of pieces) {
      expect(all).not.toContain(p.record.person.ssn);
      expect(all).not.toContain(p.record.person.name);
      if (p.record.address?.line) expect(all).not.toContain(p.record.address.line);
    }
    const logText = [...log, ...indexFiles].join('\n').toUpperCase();
    expect(pieces.filter((p) => logText.includes(p.verificationCode))).toEqual([]);
    const line = JSON.parse(log[0]!) as Record<string, unknown>;
    expect(Object.keys(line).sort()).toEqual(['client', 'code', 'method', 'ms', 'route', 'status', 'time'].filter((k) => k in line).sort());
    expect(all).not.toMatch(/personalContribution|monthlyBase|\d+\.\d{2} 元/);
  });

  it('the CLI stops cleanly on SIGTERM', async () => {
    const s = spawnSiprint(['serve', '--runs', runs, '--port', '0']);
    await new Promise<void>((resolve) => {
      const on = (c: Buffer) => {
        if (String(c).includes('siprint serve on')) resolve();
      };
      s.child.stderr?.on('data', on);
    });
    s.child.kill('SIGTERM');
    const done = await s.done;
    expect([done.status, done.stderr]).toEqual([0, expect.stringContaining('siprint serve stopped')]);
  });
});
