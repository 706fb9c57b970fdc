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
    'print/pinned-E-p001.zip': '44f703cbb083f1de10d3ed0e576d25430e65e7126ff9984f6d32605e494fee99',
    'print/pinned-E-p002.zip': '5ce28114dad9410aefae84d020f351621adaaaf3a600ac5ea3497ae7e4bacd3e',
    'print/pinned-E-p003.zip': 'afe0921b0a24d7199e7dea757c641f25aacf234e0bb5548e11a46b775cdf5403',
    'print/pinned-R-p001.zip': '819086090d1a40c3342cb7622240bf748db27e2fc065c262a16f1c9704a98c65',
    'print/pinned-R-p002.zip': '4328769b897fc8476f806881507c28a5f875979d7ce557b181cc199e5d50b001',
  },
  reconciliation: '3cd452961978a1c6c10ebb150dd42b7d5f2c1a043d1c8b206846d2c3eda4632c',
  exceptions: '65907f61ea420042e73a0f080378fdf497f0aa16abb05cfbf8ea00bf1687a95a',
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
