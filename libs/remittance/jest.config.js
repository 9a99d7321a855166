module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'remittance-feature',
  rootDir: __dirname,
};
