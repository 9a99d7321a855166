// The fault suite's setup: dist/ built (the services run as `node dist/apps/<service>/src/main.js`)
// and a PostgreSQL server — DATABASE_URL's, else an embedded one. No shared broker: every scenario
// starts (and kills) its own.
const { ensureBuilt } = require('../../tools/ensure-built.js');
const { startEmbeddedPostgres } = require('../../tools/test/global-setup.js');

module.exports = async function globalSetup() {
  ensureBuilt();
  if (!process.env.DATABASE_URL) process.env.DATABASE_URL = await startEmbeddedPostgres();
};
