/**
 * The bytes of a whole run, pinned: a fixed extract and run ID give these packages, this
 * reconciliation and these exceptions, whatever the code's layout. A change that moves a hash here
 * changes what the print house receives: it must be meant, and the new hashes go in with it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliEnv, manifestOf, siprint, tempDir } from '../reliability/helpers';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const PINNED = {
  packages: {
    'print/pinned-E-p001.zip': '7f63617cad327a5122276d3b7d1e06962b04185b567ab3bc9025707ec233f848',
    'print/pinned-E-p002.zip': 'da59e2468e6600ed74bc93368d75df6017274a61a5a655492857a0dcce2fb8dd',
    'print/pinned-E-p003.zip': '241b85ec048d42d4b0e8ec51573e605d57e85d71912c3734ec22edfefed7973b',
    'print/pinned-R-p001.zip': '9a2c2ee34e4f15ced25b1b946ffd259464e73cf95a6c27dd533d46764a7d508f',
    'print/pinned-R-p002.zip': '4ece722cd00da354b48d03a21e57b764dc034de61d27b18c7ae28a4b427000c8',
  },
  reconciliation: '873dd13972695d10a7d6fc1cdec58149a3d692152836285f5207dd4686c2fe7d',
  exceptions: '9b9a24a5fdabd6730e1006da579ce2c97f5307b6f20453190c4d86463cefd228',
};

describe('a fixed run, byte for byte', () => {
  let dir: string;
  beforeAll(() => (dir = tempDir('pinned')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the pinned packages, reconciliation and exceptions', () => {
    const extract = path.join(dir, 'extract.jsonl');
    expect(siprint(['generate', '--count', '240', '--year', '2025', '--seed', 'pinned', '--faults', '0.05', '--out', extract]).status).toBe(0);
    const ticket = path.join(dir, 'ticket.json');
    const base = JSON.parse(readFileSync(path.join(__dirname, '../../jobs/annual-2025.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(ticket, JSON.stringify({ ...base, piecesPerFile: 60, printDate: '2026-01-15' }));
    const r = siprint(['run', '--extract', extract, '--year', '2025', '--out', dir, '--run-id', 'pinned', '--ticket', ticket], cliEnv({ SIPRINT_VERIFY_KEY: 'pinned-run-verification-key-01' }));
    if (r.status !== 0) throw new Error(`run exited ${r.status}: ${r.stderr}`);
    const runDir = path.join(dir, 'pinned');
    const packages = Object.fromEntries(manifestOf(runDir).packages.map((p) => [p.path, p.sha256]));
    const got = { packages, reconciliation: sha(path.join(runDir, 'reconciliation.json')), exceptions: sha(path.join(runDir, 'exceptions.jsonl')) };
    expect(got).toEqual(PINNED);
  });
});
