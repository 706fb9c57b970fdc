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
    'print/pinned-E-p001.zip': 'de4e48ea170788dd154aba1035bf5d218df0a97f4c3f870a1b0e6c5542ba0c67',
    'print/pinned-E-p002.zip': '9e66e9df77412e50727dbc223f3a0f6d9cf21481e432e62f7994fb4642e0bf6e',
    'print/pinned-E-p003.zip': 'dd9445e49133e70db98042f4ec183827d4d84395a04c18c186b25eb89381379b',
    'print/pinned-R-p001.zip': 'b6999593fee85e09735e7646cdcee9b404cfb800c9c4ab64476028996ea56742',
    'print/pinned-R-p002.zip': 'ad3dd5b238a941a515b3bfce543a11b6c3c940c43b3ed73480d59554fe3c4c37',
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
