module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'remittance',
  rootDir: __dirname,
};
