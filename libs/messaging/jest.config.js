module.exports = {
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'messaging',
  rootDir: __dirname,
};
