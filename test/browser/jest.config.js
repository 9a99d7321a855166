// The portal in a real Chromium (playwright-core on Debian's /usr/bin/chromium) against the platform
// started as `npm start` runs it. PostgreSQL: a fresh database on DATABASE_URL when set, else the
// platform's own embedded one under a private DATA_DIR — no Kafka (the embedded default's transport).
module.exports = {
  ...require('../../jest.preset.js').base,
  displayName: 'browser',
  rootDir: __dirname,
  testTimeout: 120000,
};
