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
const schema = 'gathered';
const PARTITIONS = 6;
const KEYS = 24;
const PER_KEY = 5;

describe("a topic's partitions handed over together are consumed in one transaction (real PostgreSQL, real Kafka)", () => {
  const topic = `test.gathered.${randomUUID()}`;
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: KafkaEventPublisher;
  let transport: BatchingKafkaTransport | undefined;
  const refused = new Set<string>();

  beforeAll(async () => {
    ({ db, dataSource } = await messagingTestDatabase(schema));
    await dataSource.query(createEffectsTable(schema));
    kafka = new KafkaEventPublisher({ brokers, clientId: 'gathered-test', ssl: false });
    await kafka.ensureTopics([topic], { numPartitions: PARTITIONS, replicationFactor: -1 });
  });
  afterAll(async () => {
    await transport?.close();
    await kafka.close();
    await dataSource.destroy();
    await db.drop();
  });

  const effects = async (): Promise<Array<{ aggregate: string; n: number; txid: string }>> =>
    dataSource.query(`SELECT aggregate, n, txid::text AS txid FROM ${effectsTable(schema)} ORDER BY seq`);

  async function publish(events: ReturnType<typeof claimEvent>[]): Promise<void> {
    await kafka.publish(
      events.map((e) => ({ topic, key: e.aggregateId, value: JSON.stringify(sealEventEnvelope(e)) })),
    );
  }

  it('applies every event once, each key in order, in fewer transactions than the partitions it came from', async () => {
    // Published before the consumer starts: its first fetches find every partition full.
    const events = Array.from({ length: PER_KEY }, (_, i) =>
      Array.from({ length: KEYS }, (_, k) => claimEvent(k + 1, i + 1)),
    ).flat();
    await publish(events);
    transport = new BatchingKafkaTransport({
      connection: { brokers, clientId: 'gathered-test', ssl: false },
      groupId: `test-gathered-${randomUUID()}`,
      partitionsConsumedConcurrently: PARTITIONS,
      maxMessagesPerTransaction: 500,
      sessionTimeoutMs: 6000,
    });
    const consumer = new EventConsumer(dataSource, new Outbox(schema), {
      attempts: 2,
      initialDelayMs: 5,
      maxDelayMs: 10,
    });
    const handle = batchingEffects(consumer, schema, async (id) => {
      if (refused.has(id)) throw new Error('payer 1 has no such plan');
    });
    transport.addHandler(topic, async (raw: unknown) => handle(raw), true);
    await new Promise<void>((ok, fail) => transport!.listen((err) => (err ? fail(err) : ok())));

    await until(async () => ((await effects()).length >= events.length ? true : undefined), 'all applied');
    const rows = await effects();
    expect(rows).toHaveLength(events.length);
    for (let k = 1; k <= KEYS; k++) {
      expect(rows.filter((r) => r.aggregate === `claim-${k}`).map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
    }
    // 24 keys spread over the 6 partitions; one transaction per partition would be at least 6.
    const transactions = new Set(rows.map((r) => r.txid)).size;
    expect(transactions).toBeLessThan(PARTITIONS);
  });

  it('a gathered transaction with a failing handler is rolled back and each partition consumed alone: the others applied, the bad event dead-lettered', async () => {
    const before = (await effects()).length;
    const events = Array.from({ length: KEYS }, (_, k) => claimEvent(k + 1, 6));
    refused.add(events[3].id);
    await publish(events);
    await until(
      async () => ((await effects()).length >= before + events.length - 1 ? true : undefined),
      'the other keys applied',
    );
    const letters = async (): Promise<number> =>
      (
        await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE topic = $1`, [
          deadLetterTopic(ClaimCreatedEvent.type),
        ])
      )[0].n;
    await until(async () => ((await letters()) === 1 ? true : undefined), 'one dead letter');
    const rows = (await effects()).slice(before);
    expect(rows).toHaveLength(events.length - 1);
    expect(rows.some((r) => r.aggregate === 'claim-4')).toBe(false);
    expect(new Set(rows.map((r) => r.aggregate)).size).toBe(KEYS - 1);
    const inbox: Array<{ outcome: string }> = await dataSource.query(
      `SELECT outcome FROM "${schema}".inbox WHERE event_id = $1`,
      [events[3].id],
    );
    expect(inbox).toEqual([{ outcome: 'dead-lettered' }]);
  });
});
