module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'compliance-feature',
  rootDir: __dirname,
};
