/**
 * The layers of src/ (docs/architecture.md), checked by `npm run lint`: each module may import only
 * the modules listed for it (and itself), and nothing may form a cycle.
 *
 *   cli → {queue, dashboard, serve, delivery, tracking, reprint, release, purge, proof}
 *       → pipeline → {extract, render, assets, package, verify, audit, report, generate}
 *       → run-dir → domain
 * and the message catalogue (i18n, pure) for every module but domain.
 */
const below = {
  domain: [],
  i18n: ['domain'],
  'run-dir': ['domain'],
  audit: ['run-dir', 'domain'],
  extract: ['domain'],
  render: ['domain'],
  report: ['domain'],
  generate: ['domain'],
  assets: ['render', 'run-dir', 'domain'],
  package: ['run-dir', 'domain'],
  verify: ['package', 'audit', 'run-dir', 'domain'],
  // the HTTP services' shared rules (loopback, basic auth)
  http: ['domain'],
};
const stages = ['extract', 'render', 'assets', 'package', 'verify', 'audit', 'report', 'generate', 'run-dir', 'domain'];
const allowed = {
  ...below,
  pipeline: stages,
  proof: ['pipeline', ...stages],
  reprint: ['pipeline', ...stages],
  release: ['pipeline', ...stages],
  purge: ['pipeline', ...stages],
  queue: ['pipeline', ...stages],
  tracking: ['pipeline', ...stages],
  delivery: ['pipeline', ...stages],
  serve: ['http', 'pipeline', ...stages],
  dashboard: ['http', 'queue', 'pipeline', ...stages],
};
// src/version.ts (the package root and version: reads package.json) serves the modules that do I/O
const pure = ['domain', 'render', 'extract', 'report', 'package', 'generate'];

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'an import cycle makes the layers meaningless', from: {}, to: { circular: true } },
    ...Object.entries(allowed).map(([mod, deps]) => ({
      name: `layer-${mod}`,
      severity: 'error',
      comment: `src/${mod} may import only ${deps.length ? deps.join(', ') : 'nothing outside itself'} (docs/architecture.md)`,
      from: { path: `^src/${mod}/` },
      to: { path: '^src/', pathNot: [`^src/(${[mod, ...deps, ...(mod === 'domain' ? [] : ['i18n'])].join('|')})/`, ...(pure.includes(mod) ? [] : ['^src/version\\.ts$']), '^src/types/'] },
    })),
    {
      name: 'known-modules-only',
      severity: 'error',
      comment: 'every module of src/ has its place in the layers: add a new one to .dependency-cruiser.cjs',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: [`^src/(${[...Object.keys(allowed), 'cli', 'types'].join('|')})/`, '^src/version\\.ts$'] },
    },
    {
      name: 'src-not-tests',
      severity: 'error',
      comment: 'src/ never imports tests or benchmarks',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
