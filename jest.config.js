/** Tests run from TypeScript sources through swc (fast, no type check: `npm run typecheck` does that). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 120000,
  // worker threads and the spawned CLI run dist/: rebuild it first when src/ is newer
  globalSetup: '<rootDir>/test/global-setup.ts',
};
