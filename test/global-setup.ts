/**
 * jest globalSetup: the tests import src/ through swc, but worker threads and the spawned CLI run the
 * compiled dist/ (src/pipeline/pool.ts workerScript, bin/siprint.js). A bare `npx jest` after an
 * edit would run old dist/ code, so this builds (tsc -p tsconfig.build.json) when a .ts file under src/ is
 * newer than its dist/ counterpart, one is missing, or a tsconfig changed since the last build.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield p;
  }
}

const mtime = (file: string): number | undefined => statSync(file, { throwIfNoEntry: false })?.mtimeMs;

/** Why dist/ is stale ("src/x.ts is newer than dist/x.js"), or null when it is up to date. */
export function staleness(): string | null {
  let oldestOut = Infinity;
  for (const src of sources(SRC)) {
    const rel = path.relative(SRC, src);
    const out = path.join(DIST, rel.replace(/\.ts$/, '.js'));
    const outTime = mtime(out);
    if (outTime === undefined) return `dist/${path.relative(DIST, out)} is missing`;
    if (mtime(src)! > outTime) return `src/${rel} is newer than dist/${path.relative(DIST, out)}`;
    oldestOut = Math.min(oldestOut, outTime);
  }
  for (const config of ['tsconfig.json', 'tsconfig.build.json']) {
    if ((mtime(path.join(ROOT, config)) ?? 0) > oldestOut) return `${config} changed since the last build`;
  }
  return null;
}

export default function globalSetup(): void {
  const why = staleness();
  if (why === null) return;
  process.stderr.write(`\njest global setup: ${why}: building dist/ (tsc -p tsconfig.build.json)\n`);
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (tsc.status === 0) return;
  const still = staleness();
  // tsc emits despite type errors; the tests may run on what it wrote (`npm run typecheck` judges types)
  if (still === null) {
    process.stderr.write(`jest global setup: tsc reported errors, dist/ was written anyway:\n${tsc.stdout}${tsc.stderr}`);
    return;
  }
  throw new Error(`jest global setup: the build failed and dist/ is still stale (${still}):\n${tsc.stdout}${tsc.stderr}${tsc.error?.message ?? ''}`);
}
