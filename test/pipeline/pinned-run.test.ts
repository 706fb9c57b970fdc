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
    'print/pinned-E-p001.zip': 'd8dbcb267d955f1b78eeb3ebb9304057ce6306ffe4a56ba77431d9ae0e1bc9ea',
    'print/pinned-E-p002.zip': 'dcd3427bba6de56d356a26530667b4988acf3d6df36bf116785b39c709cd91ab',
    'print/pinned-E-p003.zip': '624d6ffbf8e367a8448935acde8636f2d23eb5a729c9489580d45569688bc8a9',
    'print/pinned-R-p001.zip': 'f135833373532e95b1a9ff9ce1f9858589c9a0c65b4cadfbd8bd7fd26c78f4cf',
    'print/pinned-R-p002.zip': '56c7729ca63fea8c310e956232a3809960572efe6367bd440e2bfc070abf5989',
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
