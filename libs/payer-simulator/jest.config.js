module.exports = {
  ...require('../../jest.preset.js').base,
  displayName: 'payer-simulator',
  rootDir: __dirname,
};
