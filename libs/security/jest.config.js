module.exports = {
  ...require('../../jest.preset.js').base,
  displayName: 'security',
  rootDir: __dirname,
};
