module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'coding',
  rootDir: __dirname,
};
