// Shared jest settings: ts-jest transpiles file by file (tsconfig isolatedModules; type checking is
// `npm run typecheck`),
// path aliases from tsconfig.base.json.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

const base = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: `${__dirname}/tsconfig.base.json` }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: `${__dirname}/` }),
  testMatch: ['**/?(*.)+(spec).ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

/** For projects whose tests need real PostgreSQL and Kafka (*.int.spec.ts, test/e2e). */
const withInfrastructure = {
  ...base,
  globalSetup: `${__dirname}/tools/test/global-setup.js`,
  globalTeardown: `${__dirname}/tools/test/global-teardown.js`,
  testTimeout: 60000,
};

module.exports = { base, withInfrastructure };
