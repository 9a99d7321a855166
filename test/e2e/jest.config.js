module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'e2e',
  rootDir: __dirname,
  testTimeout: 180000,
};
