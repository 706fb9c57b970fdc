import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { writeError, writeFileAtomic, writeJsonAtomic } from '../../src/run-dir/atomic';
import { partPaths } from '../../src/run-dir/paths';

describe('run directory helpers', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'siprint-rundir-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes atomically with the given mode and leaves no temp file behind', async () => {
    const f = path.join(tmp, 'a', 'b.json');
    await writeFileAtomic(f, 'one', 0o600);
    await writeFileAtomic(f, 'two', 0o600);
    expect(readFileSync(f, 'utf8')).toBe('two');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(f))).toEqual(['b.json']);
  });

  it('fails without a torn file or temp file when the target cannot be written', async () => {
    const blocker = path.join(tmp, 'file');
    writeFileSync(blocker, 'x');
    await expect(writeFileAtomic(path.join(blocker, 'c.json'), 'data')).rejects.toThrow(/EEXIST|ENOTDIR|a file of that name is in the way/);
    expect(readdirSync(tmp)).toEqual(['file']);
  });

  it('turns disk errors into one line naming the file and the fix', () => {
    const e = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(writeError(e, '/runs/r1/print/E-0001.zip').message).toBe('cannot write /runs/r1/print/E-0001.zip: no space left on the device: free space, then resume the run');
    const other = Object.assign(new Error('boom'), { code: 'EIO' });
    expect(writeError(other, '/x')).toBe(other);
  });

  it('accepts only part IDs of the pipeline (no path tricks)', () => {
    expect(partPaths('/r', 'S-pension-0001').pieces).toBe('/r/parts/S-pension-0001.json.gz');
    expect(() => partPaths('/r', '../../etc/passwd')).toThrow(/not a part/);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file in one step and leaves no temporary file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'siprint-atomic-'));
    try {
      const file = path.join(dir, 'manifest.json');
      await writeFileAtomic(file, 'old');
      await writeJsonAtomic(file, { a: 1 }, 0o600);
      expect(readFileSync(file, 'utf8')).toBe('{\n  "a": 1\n}\n');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir)).toEqual(['manifest.json']);
      // a missing directory is made, private to the owner (a run directory holds personal data)
      await writeFileAtomic(path.join(dir, 'new', 'such.json'), 'x');
      expect(statSync(path.join(dir, 'new')).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
