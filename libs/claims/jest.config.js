module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'claims-feature',
  rootDir: __dirname,
};
