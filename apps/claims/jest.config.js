module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'claims',
  rootDir: __dirname,
};
