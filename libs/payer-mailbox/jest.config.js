// The *.int.spec.ts here need a real OpenSSH server, which each spec starts itself
// (src/testing/openssh-server.ts); no PostgreSQL or Kafka, so the base preset.
module.exports = {
  ...require('../../jest.preset.js').base,
  displayName: 'payer-mailbox',
  rootDir: __dirname,
};
