module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'runtime',
  rootDir: __dirname,
};
