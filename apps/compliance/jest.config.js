module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'compliance',
  rootDir: __dirname,
};
