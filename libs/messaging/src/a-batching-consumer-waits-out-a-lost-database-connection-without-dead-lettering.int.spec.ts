import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestDatabase } from '@revcycle/persistence';
import { batchingEffects, createEffectsTable, effectsTable } from './batching-consumer.test-support';
import { EventConsumer } from './inbox/event-consumer';
import { Outbox } from './outbox/outbox';
import { sealEventEnvelope } from './sealing/event-sealing';
import { claimEvent, messagingTestDatabase, until } from './test-support';
import { BatchingKafkaTransport } from './transport/batching-kafka.transport';
import { KafkaEventPublisher } from './transport/kafka-publisher';

const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const schema = 'batchtransient';

/**
 * Issue 10 §6 on the batching transport: a transient failure (the database connection terminated,
 * SQLSTATE 57P01) pauses the partition and retries it, however often, never dead-letters and
 * parks nothing; a permanent one (the handler refuses the event) goes to the DLQ.
 */
describe('a batching consumer whose database connection is terminated (real PostgreSQL, real Kafka)', () => {
  const topic = `test.batch-transient.${randomUUID()}`;
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: KafkaEventPublisher;
  let transport: BatchingKafkaTransport | undefined;

  beforeAll(async () => {
    ({ db, dataSource } = await messagingTestDatabase(schema));
    await dataSource.query(createEffectsTable(schema));
    kafka = new KafkaEventPublisher({ brokers, clientId: 'batch-transient-test', ssl: false });
  });
  afterAll(async () => {
    await transport?.close();
    await kafka.close();
    await dataSource.destroy();
    await db.drop();
  });

  it('retries until the database answers, applies every event once and in order, dead-letters only the refused one', async () => {
    await kafka.ensureTopics([topic], { numPartitions: 1, replicationFactor: -1 });
    const events = Array.from({ length: 6 }, (_, i) => claimEvent(1, i + 1));
    const refusedEvent = claimEvent(2, 1);
    let terminations = 0;
    transport = new BatchingKafkaTransport({
      connection: { brokers, clientId: 'batch-transient-test', ssl: false },
      groupId: `test-batch-transient-${randomUUID()}`,
      partitionsConsumedConcurrently: 1,
      maxMessagesPerTransaction: 100,
      sessionTimeoutMs: 6000,
    });
    // Two attempts before a dead letter: the third event's connection is terminated five times,
    // in the batch and one by one, more than the retry policy would allow a failing handler.
    const consumer = new EventConsumer(dataSource, new Outbox(schema), {
      attempts: 2,
      initialDelayMs: 5,
      maxDelayMs: 10,
    });
    const handle = batchingEffects(consumer, schema, async (id, m) => {
      if (id === events[2].id && terminations < 5) {
        terminations++;
        await m.query(`SELECT pg_terminate_backend(pg_backend_pid())`);
      }
      if (id === refusedEvent.id) throw new Error('claim 2 refers to an unknown payer');
    });
    transport.addHandler(topic, async (raw: unknown) => handle(raw), true);
    await kafka.publish(
      [...events, refusedEvent].map((e) => ({
        topic,
        key: e.aggregateId,
        value: JSON.stringify(sealEventEnvelope(e)),
      })),
    );
    await new Promise<void>((ok, fail) => transport!.listen((err) => (err ? fail(err) : ok())));

    await until(
      async () =>
        (await dataSource.query(`SELECT count(*)::int AS n FROM ${effectsTable(schema)}`))[0].n === 6 ||
        undefined,
      'the six events of claim 1 applied',
      60000,
    );
    await until(
      async () =>
        (await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".dead_letter`))[0].n === 1 ||
        undefined,
      'the refused event dead-lettered',
    );
    expect(terminations).toBe(5);
    const applied: Array<{ n: number }> = await dataSource.query(
      `SELECT n FROM ${effectsTable(schema)} ORDER BY seq`,
    );
    expect(applied.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6]);
    const letters: Array<{ event_id: string; errors: string[] }> = await dataSource.query(
      `SELECT event_id, errors FROM "${schema}".dead_letter`,
    );
    expect(letters).toEqual([
      { event_id: refusedEvent.id, errors: expect.arrayContaining([expect.stringMatching(/unknown payer/)]) },
    ]);
    const [{ n: parked }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".parked_event`);
    expect(parked).toBe(0);
  });
});
