module.exports = {
  ...require('../../jest.preset.js').base,
  displayName: 'edit-engine',
  rootDir: __dirname,
};
