// Stops what tools/test/global-setup.js started (and only that).
const path = require('node:path');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');

module.exports = async function globalTeardown() {
  const pg = globalThis.__revcycleEmbeddedPostgres;
  if (pg) {
    globalThis.__revcycleEmbeddedPostgres = undefined;
    await pg.stop();
    // As root in a closed folder the data lives under /var/lib/revcycle, DATA_DIR/postgres links to it.
    const link = path.join(pg.dir, 'postgres');
    const data = fs.existsSync(link) ? fs.realpathSync(link) : link;
    fs.rmSync(data !== link ? path.dirname(data) : data, { recursive: true, force: true });
    fs.rmSync(pg.dir, { recursive: true, force: true });
  }
  const home = globalThis.__revcycleKafkaHome;
  if (home) {
    globalThis.__revcycleKafkaHome = undefined;
    execFileSync('bash', [path.join(root, 'deploy/kafka/kafka.sh'), 'stop'], {
      env: { ...process.env, KAFKA_HOME_DIR: home },
      stdio: 'inherit',
    });
    fs.rmSync(home, { recursive: true, force: true });
  }
};
