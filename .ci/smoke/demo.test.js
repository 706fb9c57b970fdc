/**
 * `npm run demo` (scripts/demo.js) on the node running this test: the demo finishes, its counts balance,
 * the six faulty lines it adds are held with their reasons, and its run verifies (`siprint verify`). Plain CommonJS: .ci/ is neither type-checked
 * nor linted.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { readFileSync, rmSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

jest.setTimeout(180_000);

it(`the demo runs, holds its faulty records and verifies (node ${process.version})`, () => {
  // this node first on PATH: bin/siprint (the launcher the demo runs) execs `node`
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` };
  const demo = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'demo.js')], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 150_000 });
  if (demo.status !== 0) throw new Error(`demo exited ${demo.status}: ${demo.stderr || demo.error}`);
  const runDir = path.join(ROOT, /run directory (\S+)/.exec(demo.stdout)?.[1] ?? 'no run directory in the output');
  try {
    const out = demo.stdout;
    expect(out).toMatch(/^run demo-\S+ \(annual 2025\) done$/m);
    const [, input, printed, electronic, held, suppressed] = /records ([\d,]+): printed ([\d,]+), electronic ([\d,]+), held ([\d,]+), suppressed ([\d,]+)/.exec(out).map((n) => Number(String(n).replace(/,/g, '')));
    expect(printed + electronic + held + suppressed).toBe(input);
    expect(electronic).toBeGreaterThan(0);
    expect(input).toBe(2000); // 1,994 generated + the six added
    // the six lines the demo appends (1995–2000): each held for its own reason, the electronic one made as a PDF
    const exceptions = readFileSync(path.join(runDir, 'exceptions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const reasonsOn = (line) => exceptions.filter((e) => e.line === line).map((e) => e.reason);
    expect([1995, 1996, 1997, 1998, 1999, 2000].map(reasonsOn)).toEqual([
      ['INVALID_SSN'],
      ['INVALID_POSTCODE'],
      ['DUPLICATE_RECORD_ID'],
      ['INVALID_AMOUNT'],
      [],
      ['PARSE_ERROR'],
    ]);
    // each faulty copy is another person: no record it was copied from is held as a duplicate
    expect(exceptions.filter((e) => e.reason === 'DUPLICATE_SSN')).toEqual([]);
    const verify = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'siprint.js'), 'verify', runDir], { cwd: ROOT, env, encoding: 'utf8' });
    expect({ status: verify.status, stdout: verify.stdout }).toEqual({ status: 0, stdout: expect.stringMatching(new RegExp(`^OK demo-\\S+: \\d+ packages, ${printed + electronic} pieces, `)) });
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
});
