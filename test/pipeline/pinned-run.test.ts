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
    'print/pinned-E-p001.zip': 'ca20bc87e8eb728f7af2857009f2bca4037fb0dc185d32ceb2086f3e5b10ba10',
    'print/pinned-E-p002.zip': '6ba455be6360a300138123a97454463eeba59dc7b10c530208ddbcad6f507754',
    'print/pinned-E-p003.zip': 'f9ad1227b06cc1bb56b4e5758b4f69789439199df6e8c300248d6b847de2cbda',
    'print/pinned-EL-E-p001.zip': '28dec15a758f5c7d89de430591c93c681d23db299b5999bfcd194ae5a123b52c',
    'print/pinned-EL-R-p001.zip': 'c14f0c69d6a65336481791dc7ca32db0d5c0aca0c507c66d108af76cebfd123e',
    'print/pinned-R-p001.zip': 'f9be1258e7a45bb2c1a4a7e1535fa2e174ad1f939737b74ab198b2ec7397d099',
    'print/pinned-R-p002.zip': 'abeecce1d43590b02ba66b208deea1dace3e8cf534b62055c23a396632e00849',
  },
  // byReason lists every reason code: ADDRESS_RETURNED 0 since issue 19's --returned (the packages are unchanged)
  reconciliation: '0692d87d3253295db03b980a489f877b02a8ebbdbd444a8bcf1efd9987c23ab1',
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
