// `npm run test:faults`: the fault suite — the five services as separate processes on a broker of
// the suite's own (it kills it) and a fresh database on DATABASE_URL's server (embedded when unset).
// Not part of `npm test`: it needs the machine to itself for the recovery times it measures.
module.exports = {
  ...require('../../jest.preset.js').base,
  displayName: 'faults',
  rootDir: __dirname,
  globalSetup: `${__dirname}/global-setup.js`,
  globalTeardown: `${__dirname}/../../tools/test/global-teardown.js`,
  testTimeout: 300000,
};
