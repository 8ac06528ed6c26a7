// NestJS 12 packages are ES modules. Jest's CommonJS runtime cannot require() them, so SWC compiles every file,
// node_modules included, to CommonJS (cached after the first run); decorator metadata is kept for Nest and TypeORM.
const transform = { '^.+\\.(t|j)s$': ['@swc/jest'] };
// Dynamic imports in tests name the compiled file (`./x.js`), as TypeScript's node20 resolution asks.
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
      transform,
      moduleNameMapper,
      transformIgnorePatterns: [],
    },
    {
      displayName: 'e2e',
      testEnvironment: '<rootDir>/test/support/e2e-environment.ts',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      moduleNameMapper,
      transformIgnorePatterns: [],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/one-query-at-a-time.ts'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
