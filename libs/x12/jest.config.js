module.exports = {
  ...require('../../jest.preset.js').base,
  displayName: 'x12',
  rootDir: __dirname,
};
