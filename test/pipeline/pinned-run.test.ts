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

/**
 * The generated extract is pinned too, so that a moved hash says whether the generator or the run
 * changed. (Issue 17's generator — every province, employers' addresses, v1.1 items — gave a new
 * extract and so new packages; the extract of before still gives the packages of before.)
 */
const PINNED_EXTRACT = '808a1eaa9cb38c5a86ef9c3afe79234899a7b62342a13a95f1149b8c3b3b30bc';

const PINNED = {
  packages: {
    'print/pinned-E-p001.zip': '2da327ce4d75f05a3c0b6942bd3080ab8ea49c6f2d77b709390555c06cd70c17',
    'print/pinned-E-p002.zip': '4e9dfc36f0fe0ea9140cad01792778169d0b70367228eea6a38ffa852106dcdd',
    'print/pinned-E-p003.zip': '1a844500a22048ea4adfe2e05481e66caa508df5928223b780a15c699dac30cb',
    'print/pinned-EL-E-p001.zip': '6d4e0ac309fed5bbfe98d49494bf0fc7674017c4337074819d565e48e2c00400',
    'print/pinned-EL-R-p001.zip': '385b744dbbce20607a1d727fd186b88586b4f1d9b147e1ab3efc439b5bb38044',
    'print/pinned-R-p001.zip': 'c0e9938d1d4c21442c7c375b2e5c8949dd9471d8ca8218c4122ef3c70f0e4087',
    'print/pinned-R-p002.zip': 'c31329e22d12c02192b85afa7be19c9ded46f7bba4c1dfde0ac2fcf9893ea109',
  },
  // byReason lists every reason code: ADDRESS_RETURNED 0 since issue 19's --returned (the packages are unchanged)
  reconciliation: '0692d87d3253295db03b980a489f877b02a8ebbdbd444a8bcf1efd9987c23ab1',
  exceptions: '2fb19f8320f63ecd2359fb7816993f5f151242b2288b4ceed0b7b12aa6367ec8',
};

describe('a fixed run, byte for byte', () => {
  let dir: string;
  beforeAll(() => (dir = tempDir('pinned')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the pinned packages, reconciliation and exceptions', () => {
    const extract = path.join(dir, 'extract.jsonl');
    expect(siprint(['generate', '--count', '240', '--year', '2025', '--seed', 'pinned', '--faults', '0.05', '--out', extract]).status).toBe(0);
    expect(sha(extract)).toBe(PINNED_EXTRACT);
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
