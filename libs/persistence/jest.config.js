module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'persistence',
  rootDir: __dirname,
};
