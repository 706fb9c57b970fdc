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
    'print/pinned-EL-E-p001.zip': '2ea85fbfa8459fedd54133fdde83c2213b8b8d773421b8b69878c57c7287d1b2',
    'print/pinned-EL-R-p001.zip': '130b8ea3ee12d261ad07479f9a1254ae1fe86f2d7df89be0bed447030ff8fd0a',
    'print/pinned-R-p001.zip': '819086090d1a40c3342cb7622240bf748db27e2fc065c262a16f1c9704a98c65',
    'print/pinned-R-p002.zip': '4328769b897fc8476f806881507c28a5f875979d7ce557b181cc199e5d50b001',
  },
  reconciliation: 'f3ed3a15d8c79f76437b6488524f4d0a632c240ad6ee86de414f72e7bacb19ac',
  exceptions: '7d5e59a8cb854838bdfaa010fa5ea4022626577858e7fc6b028b2cfbfb4b7d49',
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
