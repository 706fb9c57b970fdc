/**
 * The smoke set .ci/smoke-node runs on the Node lines other than the suite's (22, 24): the domain,
 * extract and render tests, the demo, and one run's package hashes compared with Node 20's.
 */
const base = require('../jest.config.js');

module.exports = {
  ...base,
  rootDir: '..',
  roots: ['<rootDir>/test/domain', '<rootDir>/test/extract', '<rootDir>/test/render', '<rootDir>/.ci/smoke'],
  testMatch: ['**/*.test.ts', '**/*.test.js'],
};
