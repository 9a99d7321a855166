import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClaimCreatedEvent, deadLetterTopic } from '@revcycle/contracts';
import { TestDatabase } from '@revcycle/persistence';
import { batchingEffects, createEffectsTable, effectsTable } from './batching-consumer.test-support';
import { EventConsumer } from './inbox/event-consumer';
import { Outbox } from './outbox/outbox';
import { sealEventEnvelope } from './sealing/event-sealing';
import { claimEvent, messagingTestDatabase, until } from './test-support';
import { BatchingKafkaTransport } from './transport/batching-kafka.transport';
import { KafkaEventPublisher } from './transport/kafka-publisher';

const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const schema = 'batchbad';

describe('a batch holding a malformed event and a failing handler (real PostgreSQL, real Kafka)', () => {
  const topic = `test.batch-bad.${randomUUID()}`;
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: KafkaEventPublisher;
  let transport: BatchingKafkaTransport | undefined;

  beforeAll(async () => {
    ({ db, dataSource } = await messagingTestDatabase(schema));
    await dataSource.query(createEffectsTable(schema));
    kafka = new KafkaEventPublisher({ brokers, clientId: 'batch-bad-test', ssl: false });
  });
  afterAll(async () => {
    await transport?.close();
    await kafka.close();
    await dataSource.destroy();
    await db.drop();
  });

  it('is rolled back and replayed one event per transaction: the others applied once, in order, the two dead-lettered', async () => {
    // One partition, one key: ten events of one claim, in order; the 5th is not an envelope at all,
    // the 7th is one its handler refuses every time.
    await kafka.ensureTopics([topic], { numPartitions: 1, replicationFactor: -1 });
    const events = Array.from({ length: 10 }, (_, i) => claimEvent(1, i + 1));
    const malformedId = randomUUID();
    await kafka.publish(
      events.map((e, i) => ({
        topic,
        key: e.aggregateId,
        value:
          i === 4
            ? JSON.stringify({ id: malformedId, note: 'no envelope' })
            : JSON.stringify(sealEventEnvelope(e)),
      })),
    );
    transport = new BatchingKafkaTransport({
      connection: { brokers, clientId: 'batch-bad-test', ssl: false },
      groupId: `test-batch-bad-${randomUUID()}`,
      partitionsConsumedConcurrently: 1,
      maxMessagesPerTransaction: 100,
      sessionTimeoutMs: 6000,
    });
    const consumer = new EventConsumer(dataSource, new Outbox(schema), {
      attempts: 2,
      initialDelayMs: 5,
      maxDelayMs: 10,
    });
    const handle = batchingEffects(consumer, schema, async () => undefined);
    transport.addHandler(
      topic,
      async (raw: unknown) => {
        if ((raw as { id?: string }).id === events[6].id)
          return consumer.consume('test.batching', ClaimCreatedEvent, raw, async () => {
            throw new Error('payer 1 has no such plan');
          });
        return handle(raw);
      },
      true,
    );
    await new Promise<void>((ok, fail) => transport!.listen((err) => (err ? fail(err) : ok())));

    const letters = async () =>
      (
        await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE topic = $1`, [
          deadLetterTopic(ClaimCreatedEvent.type),
        ])
      )[0].n as number;
    await until(async () => ((await letters()) === 2 ? true : undefined), 'two dead letters');
    await until(
      async () =>
        (await dataSource.query(`SELECT count(*)::int AS n FROM ${effectsTable(schema)}`))[0].n === 8 ||
        undefined,
      'the eight good events applied',
    );
    const applied: Array<{ n: number }> = await dataSource.query(
      `SELECT n FROM ${effectsTable(schema)} ORDER BY seq`,
    );
    expect(applied.map((r) => r.n)).toEqual([1, 2, 3, 4, 6, 8, 9, 10]);
    const inbox: Array<{ event_id: string; outcome: string }> = await dataSource.query(
      `SELECT event_id, outcome FROM "${schema}".inbox WHERE consumer = 'test.batching'`,
    );
    expect(inbox).toHaveLength(9);
    expect(inbox.find((r) => r.event_id === events[6].id)?.outcome).toBe('dead-lettered');
    // The malformed message has no event to record: its letter is all that remains of it.
    expect(inbox.some((r) => r.event_id === malformedId)).toBe(false);
    expect(await letters()).toBe(2);
  });
});
