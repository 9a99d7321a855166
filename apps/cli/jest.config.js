module.exports = {
  // `keys rotate` runs against a real PostgreSQL (*.int.spec.ts).
  ...require('../../jest.preset.js').withInfrastructure,
  displayName: 'cli',
  rootDir: __dirname,
};
