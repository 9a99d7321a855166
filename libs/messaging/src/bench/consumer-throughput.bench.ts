/**
 * Consumer throughput, batching transport against Nest's stock Kafka server, on the same handler
 * as the services write them (EventConsumer.consume: an inbox row and one insert per event) and
 * the same load: BENCH_EVENTS (default 10000) sealed events of 200 claims on a 12-partition topic,
 * consumed from the beginning by a new group; time from listen() to the last event committed.
 * Prints events/s per transport; the last line is one JSON object.
 *
 *   node -r ./libs/codesets/scripts/ts-register.js libs/messaging/src/bench/consumer-throughput.bench.ts
 *
 * DATABASE_URL and KAFKA_BROKERS name the servers; the bench creates and drops its own databases.
 */
import { ServerKafka } from '@nestjs/microservices';
import { createTestDatabase } from '@revcycle/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { batchingEffects, createEffectsTable, effectsTable } from '../batching-consumer.test-support';
import { EventConsumer } from '../inbox/event-consumer';
import { messagingTablesMigration } from '../messaging-tables.migration';
import { Outbox } from '../outbox/outbox';
import { sealEventEnvelope } from '../sealing/event-sealing';
import { claimEvent, ensureTestPhiKeyring } from '../test-support';
import { BatchingKafkaTransport } from '../transport/batching-kafka.transport';
import { KafkaEventPublisher } from '../transport/kafka-publisher';

type Transport = 'batching' | 'stock';

const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 10_000);
const CLAIMS = 200;

async function eventsPerSecond(kind: Transport): Promise<number> {
  const schema = `bench_${kind}`;
  const db = await createTestDatabase();
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    schema,
    migrations: [messagingTablesMigration(schema)],
    migrationsTableName: 'migrations',
  });
  await dataSource.initialize();
  const kafka = new KafkaEventPublisher({ brokers, clientId: 'consumer-bench', ssl: false });
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations();
    await dataSource.query(createEffectsTable(schema));
    const topic = `bench.consumer.${kind}.${randomUUID()}`;
    await kafka.ensureTopics([topic], { numPartitions: 12, replicationFactor: -1 });
    const events = Array.from({ length: EVENTS }, (_, i) =>
      claimEvent(i % CLAIMS, Math.floor(i / CLAIMS) + 1),
    );
    await kafka.publish(
      events.map((e) => ({ topic, key: e.aggregateId, value: JSON.stringify(sealEventEnvelope(e)) })),
    );
    const groupId = `consumer-bench-${randomUUID()}`;
    const server =
      kind === 'batching'
        ? new BatchingKafkaTransport({
            connection: { brokers, clientId: 'consumer-bench', ssl: false },
            groupId,
            partitionsConsumedConcurrently: 4,
            maxMessagesPerTransaction: 500,
            sessionTimeoutMs: 6000,
          })
        : new ServerKafka({
            client: { clientId: 'consumer-bench', brokers },
            consumer: { groupId },
            subscribe: { fromBeginning: true },
            // As bootstrap configured it before the batching transport.
            run: { partitionsConsumedConcurrently: 3 },
            postfixId: '',
          });
    server.addHandler(
      topic,
      batchingEffects(new EventConsumer(dataSource, new Outbox(schema)), schema),
      true,
    );
    const started = Date.now();
    await new Promise<void>((ok, fail) => server.listen((err?: unknown) => (err ? fail(err) : ok())));
    for (;;) {
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM ${effectsTable(schema)}`);
      if (n >= EVENTS) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const ms = Date.now() - started;
    await server.close();
    return Math.round((EVENTS / ms) * 1000);
  } finally {
    await kafka.close();
    await dataSource.destroy();
    await db.drop();
  }
}

async function main(): Promise<void> {
  ensureTestPhiKeyring();
  const stock = await eventsPerSecond('stock');
  process.stdout.write(`stock Kafka server: ${stock} events/s\n`);
  const batching = await eventsPerSecond('batching');
  process.stdout.write(`batching transport: ${batching} events/s\n`);
  process.stdout.write(
    `${JSON.stringify({ events: EVENTS, batchingEventsPerSec: batching, stockEventsPerSec: stock, vsStock: +(batching / stock).toFixed(2) })}\n`,
  );
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: Error) => {
      process.stderr.write(`consumer bench: ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
