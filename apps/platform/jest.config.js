module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'platform',
  rootDir: __dirname,
};
