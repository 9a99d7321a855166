module.exports = {
  ...require('../../jest.preset.js').base,
  displayName: 'platform',
  rootDir: __dirname,
};
