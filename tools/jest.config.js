module.exports = {
  ...require('../jest.preset.js').base,
  displayName: 'tools',
  rootDir: __dirname,
  testMatch: ['**/*.spec.js'],
};
