module.exports = {
  ...require('../../jest.preset.js').base,
  displayName: 'identity',
  rootDir: __dirname,
};
