module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'charts-feature',
  rootDir: __dirname,
};
