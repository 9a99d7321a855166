module.exports = {
  ...require('../../jest.preset.js').base,
  displayName: 'codesets',
  rootDir: __dirname,
};
