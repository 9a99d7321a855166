module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'coding-feature',
  rootDir: __dirname,
};
