module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'charts',
  rootDir: __dirname,
};
