module.exports = {
  ...require('../../jest.preset.js').base,
  displayName: 'runtime',
  rootDir: __dirname,
};
