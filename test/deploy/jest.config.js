module.exports = { ...require('../../jest.preset.js').base, displayName: 'deploy', rootDir: __dirname };
