// The slow suites (`npm run test:reliability`): faults with real processes and races, against the built API and
// worker (dist/), one file at a time (they start processes of their own and must not starve each other of CPU).
const { projects } = require('./jest.config.js');
const e2e = projects.find((project) => project.displayName === 'e2e');

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 300_000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [{ ...e2e, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.rel-spec.ts'] }],
};
