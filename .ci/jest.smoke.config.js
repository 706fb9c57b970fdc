/**
 * The smoke set .ci/smoke-node runs on the Node lines other than the suite's (22, 24): the domain,
 * extract and render tests, the SFTP hand-off against a real sshd (ssh2's crypto differs by Node
 * line), the demo, and one run's package hashes compared with Node 20's.
 */
const base = require('../jest.config.js');

module.exports = {
  ...base,
  rootDir: '..',
  roots: ['<rootDir>/test/domain', '<rootDir>/test/extract', '<rootDir>/test/render', '<rootDir>/test/delivery', '<rootDir>/.ci/smoke'],
  testMatch: ['**/*.test.ts', '**/*.test.js'],
};
