/**
 * The verification index over a hand-made archive of 20,000 pieces: every code found in O(log n) reads,
 * others not; the same archive gives the same bytes; the files hold no full ssn, name, address or amount;
 * without pieces.jsonl (purged) a known code says purged.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { verificationCode } from '../../src/render';
import { CodeIndex, appendReprints, codeHash, indexPaths, readReprints, writeCodeIndex, writePartIndex } from '../../src/run-dir/code-index';
import { employee, ssnWith } from '../fixtures/records';
import { tmpDir } from '../render/tools';

const KEY = 'index-test-key-0123456789';
const PARTS = 4;
const PER_PART = 5000;

let tmp: ReturnType<typeof tmpDir>;
let runDir: string;
const pieces: { pieceId: string; code: string; ssn: string; name: string; partId: string }[] = [];
const base = employee();

beforeAll(async () => {
  tmp = tmpDir();
  runDir = path.join(tmp.dir, 'IDX');
  mkdirSync(path.join(runDir, 'archive'), { recursive: true });
  for (let p = 1; p <= PARTS; p++) {
    const partId = `E-${String(p).padStart(4, '0')}`;
    const lines: string[] = [];
    for (let i = 1; i <= PER_PART; i++) {
      const n = (p - 1) * PER_PART + i;
      const ssn = ssnWith('110105', '1980-03-15', String(n % 1000).padStart(3, '0')).slice(0, 14) + String(n).padStart(4, '0');
      const record = { ...base, recordId: `E-${String(n).padStart(7, '0')}`, person: { ...base.person, ssn, name: `王${'一二三四五六七八九'[n % 9]}${n}` } };
      const code = verificationCode(record, 'E', 2025, KEY);
      const pieceId = `E${String(n).padStart(8, '0')}`;
      pieces.push({ pieceId, code, ssn, name: record.person.name, partId });
      lines.push(JSON.stringify({ pieceId, batch: 'E', part: p, seq: i, record, recipient: { role: 'self', name: record.person.name, address: record.address }, verificationCode: code }));
    }
    writeFileSync(path.join(runDir, 'archive', `${partId}.jsonl.gz`), gzipSync(`${lines.join('\n')}\n`));
  }
  await writeCodeIndex(runDir, 'IDX', (partId) => `IDX-${partId}.zip`);
}, 120_000);
afterAll(() => tmp.done());

describe('the verification index', () => {
  it('finds every code, with the masked owner, its part and package; another code is not found', () => {
    const index = new CodeIndex(runDir);
    const wrong: string[] = [];
    for (const p of pieces) {
      const r = index.lookup(p.code);
      const want = JSON.stringify([{ pieceId: p.pieceId, batch: 'E', partId: p.partId, recordId: `E-${p.pieceId.slice(2)}`, name: `王${'*'.repeat([...p.name].length - 1)}`, ssn: `${p.ssn.slice(0, 6)}********${p.ssn.slice(-4)}`, agency: base.agency.name, package: `IDX-${p.partId}.zip` }]);
      if (!('found' in r) || JSON.stringify(r.found) !== want) wrong.push(`${p.pieceId}: ${JSON.stringify(r)}`);
    }
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(index.lookup('AAAAAAAAAAAAAAAA')).toEqual({ notFound: true });
    expect(index.lookup(verificationCode(base, 'E', 2024, KEY))).toEqual({ notFound: true });
    index.close();
  });

  it('is sorted by hash with a true fanout, and the same archive gives the same bytes', async () => {
    const codes = readFileSync(indexPaths(runDir).codes);
    expect(codes.subarray(0, 8).toString('latin1')).toBe('SIPIDX01');
    expect(codes.readUInt32LE(8)).toBe(PARTS * PER_PART);
    expect(codes.length).toBe(16 + 1024 + PARTS * PER_PART * 24);
    let unsorted = 0;
    for (let i = 1; i < PARTS * PER_PART; i++) {
      const a = codes.subarray(1040 + (i - 1) * 24, 1040 + (i - 1) * 24 + 16);
      const b = codes.subarray(1040 + i * 24, 1040 + i * 24 + 16);
      if (Buffer.compare(a, b) >= 0) unsorted++;
    }
    expect(unsorted).toBe(0);
    const first = pieces[0]!;
    const bucket = codeHash(first.code)[0]!;
    expect(codes.readUInt32LE(16 + 255 * 4)).toBe(PARTS * PER_PART);
    expect(codes.readUInt32LE(16 + bucket * 4)).toBeGreaterThan(bucket === 0 ? 0 : codes.readUInt32LE(16 + (bucket - 1) * 4));
    const pieceText = readFileSync(indexPaths(runDir).pieces);
    await writeCodeIndex(runDir, 'IDX', (partId) => `IDX-${partId}.zip`);
    expect(readFileSync(indexPaths(runDir).codes).equals(codes)).toBe(true);
    expect(readFileSync(indexPaths(runDir).pieces).equals(pieceText)).toBe(true);
  });

  it("the parts' shares made ahead (by the render jobs) give the same bytes; a share whose archive or package changed is not used", async () => {
    const codes = readFileSync(indexPaths(runDir).codes);
    const pieceText = readFileSync(indexPaths(runDir).pieces);
    const pkg = (partId: string) => `IDX-${partId}.zip`;
    for (let p = 1; p <= PARTS; p++) await writePartIndex(runDir, `E-${String(p).padStart(4, '0')}`, pkg(`E-${String(p).padStart(4, '0')}`));
    const shares = path.join(runDir, 'tmp', 'index');
    expect(readdirSync(shares).sort()).toEqual(['E-0001.bin', 'E-0002.bin', 'E-0003.bin', 'E-0004.bin']);
    // a share used does not read its archive's lines: one with the right header and hash but other text shows it is taken
    const share1 = readFileSync(path.join(shares, 'E-0001.bin'));
    const marked = Buffer.from(share1);
    const at = marked.length - 3;
    marked[at] = 'Q'.charCodeAt(0);
    writeFileSync(path.join(shares, 'E-0001.bin'), marked);
    await writeCodeIndex(runDir, 'IDX', pkg);
    expect(readFileSync(indexPaths(runDir).pieces).equals(pieceText)).toBe(false);
    writeFileSync(path.join(shares, 'E-0001.bin'), share1);
    await writeCodeIndex(runDir, 'IDX', pkg);
    expect(readFileSync(indexPaths(runDir).codes).equals(codes)).toBe(true);
    expect(readFileSync(indexPaths(runDir).pieces).equals(pieceText)).toBe(true);
    // another package name, or an archive no longer the one the share was made from: made from the archive again
    writeFileSync(path.join(shares, 'E-0001.bin'), marked);
    await writeCodeIndex(runDir, 'IDX', (partId) => `${pkg(partId)}.gpg`);
    expect(readFileSync(indexPaths(runDir).pieces, 'utf8')).toContain('"package":"IDX-E-0001.zip.gpg"');
    const archive = path.join(runDir, 'archive', 'E-0001.jsonl.gz');
    const gz = readFileSync(archive);
    writeFileSync(archive, gzipSync(gunzipSync(gz), { level: 1 }));
    await writeCodeIndex(runDir, 'IDX', pkg);
    expect(readFileSync(indexPaths(runDir).pieces).equals(pieceText)).toBe(true);
    writeFileSync(archive, gz);
    rmSync(shares, { recursive: true, force: true });
  });

  it('holds no full ssn, name, address, amount nor the codes themselves', () => {
    const files = [indexPaths(runDir).codes, indexPaths(runDir).pieces, indexPaths(runDir).meta].map((f) => readFileSync(f).toString('utf8'));
    const all = files.join('\n');
    // every ssn, name and code of the archive, looked for in one pass over the index's words
    const words = new Set(all.split(/[^0-9A-Za-z\u3400-\u9fff]+/));
    const leaked = pieces.flatMap((p) => [p.ssn, p.name, p.code]).filter((w) => words.has(w));
    expect(leaked).toEqual([]);
    expect(all).not.toMatch(/\d{17}[\dX]/);
    expect(all).not.toMatch(/王[^*]/);
    for (const text of [base.address?.line ?? 'line', `${base.address?.district ?? ''}${base.address?.line ?? ''}`, base.employer?.name ?? 'employer', '1536000', '768000', '15,360.00', 'monthlyBase']) expect(all.includes(text)).toBe(false);
  });

  it('counts reprints per original piece; without pieces.jsonl a known code answers purged', () => {
    const p = pieces[7]!;
    appendReprints(runDir, [{ originalPieceId: p.pieceId, pieceId: 'RP-000001', date: '2026-02-01' }]);
    appendReprints(runDir, [{ originalPieceId: p.pieceId, pieceId: 'RP-000002', date: '2026-02-03' }]);
    expect(readReprints(runDir).get(p.pieceId)).toEqual({ count: 2, last: { originalPieceId: p.pieceId, pieceId: 'RP-000002', date: '2026-02-03' } });
    rmSync(indexPaths(runDir).pieces);
    const index = new CodeIndex(runDir);
    expect(index.lookup(p.code)).toEqual({ purged: true });
    expect(index.lookup('AAAAAAAAAAAAAAAA')).toEqual({ notFound: true });
    index.close();
  });
});
