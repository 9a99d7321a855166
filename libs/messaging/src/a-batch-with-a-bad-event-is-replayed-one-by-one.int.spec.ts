import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClaimCreatedEvent, deadLetterTopic } from '@revcycle/contracts';
import { TestDatabase } from '@revcycle/persistence';
import { batchingEffects, createEffectsTable, effectsTable } from './batching-consumer.test-support';
import { DeadLetters } from './dead-letters/dead-letters';
import { EventConsumer } from './inbox/event-consumer';
import { Outbox } from './outbox/outbox';
import { sealEventEnvelope } from './sealing/event-sealing';
import { claimEvent, messagingTestDatabase, until } from './test-support';
import { BatchingKafkaTransport } from './transport/batching-kafka.transport';
import { KafkaEventPublisher } from './transport/kafka-publisher';

const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const schema = 'batchbad';

describe('a batch holding a malformed event and a failing handler (real PostgreSQL, real Kafka, batching transport)', () => {
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

  let consumer: EventConsumer;
  const refused = new Set<string>();
  const events = Array.from({ length: 10 }, (_, i) => claimEvent(1, i + 1));
  const applied = async (): Promise<number[]> =>
    (
      await dataSource.query(`SELECT n FROM ${effectsTable(schema)} WHERE aggregate = 'claim-1' ORDER BY seq`)
    ).map((r: { n: number }) => r.n);
  const parked = async (): Promise<number> =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".parked_event`))[0].n;

  it('is rolled back and replayed one event per transaction: the events before the failing one applied once, in order, the later ones of its key parked', async () => {
    // One partition, one key: ten events of one claim, in order; the 5th is not an envelope at all
    // (no aggregate id in clear: it parks nothing), the 7th is one its handler refuses.
    await kafka.ensureTopics([topic], { numPartitions: 1, replicationFactor: -1 });
    refused.add(events[6].id);
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
    consumer = new EventConsumer(dataSource, new Outbox(schema), {
      attempts: 2,
      initialDelayMs: 5,
      maxDelayMs: 10,
    });
    const handle = batchingEffects(consumer, schema, async (id) => {
      if (refused.has(id)) throw new Error('payer 1 has no such plan');
    });
    transport.addHandler(topic, async (raw: unknown) => handle(raw), true);
    await new Promise<void>((ok, fail) => transport!.listen((err) => (err ? fail(err) : ok())));

    const letters = async () =>
      (
        await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE topic = $1`, [
          deadLetterTopic(ClaimCreatedEvent.type),
        ])
      )[0].n as number;
    await until(async () => ((await letters()) === 2 ? true : undefined), 'two dead letters');
    await until(async () => ((await parked()) === 3 ? true : undefined), 'events 8–10 parked');
    expect(await applied()).toEqual([1, 2, 3, 4, 6]);
    const inbox: Array<{ event_id: string; outcome: string }> = await dataSource.query(
      `SELECT event_id, outcome FROM "${schema}".inbox WHERE consumer = 'test.batching'`,
    );
    // 1–4, 6 processed, 7 dead-lettered; the parked ones have no inbox row until they are applied.
    expect(inbox).toHaveLength(6);
    expect(inbox.find((r) => r.event_id === events[6].id)?.outcome).toBe('dead-lettered');
    // The malformed message has no event to record: its letter is all that remains of it.
    expect(inbox.some((r) => r.event_id === malformedId)).toBe(false);
    expect(await letters()).toBe(2);
  });

  it('parks the events of that key of later batches in the batch, applies the other keys, and a replay applies them all in order', async () => {
    const more = [11, 12].map((n) => claimEvent(1, n));
    const other = claimEvent(2, 1);
    await kafka.publish(
      [more[0], other, more[1]].map((e) => ({
        topic,
        key: e.aggregateId,
        value: JSON.stringify(sealEventEnvelope(e)),
      })),
    );
    await until(async () => ((await parked()) === 5 ? true : undefined), 'events 11 and 12 parked');
    await until(
      async () =>
        (await dataSource.query(`SELECT 1 FROM ${effectsTable(schema)} WHERE event_id = $1`, [other.id]))
          .length === 1 || undefined,
      'the other claim applied',
    );
    expect(await applied()).toEqual([1, 2, 3, 4, 6]);

    const letters = new DeadLetters(dataSource, new Outbox(schema), async (t, raw) => {
      const handler = transport!.getHandlerByPattern(t === ClaimCreatedEvent.type ? topic : t);
      if (!handler) throw new Error(`no handler for ${t}`);
      await handler(raw);
    });
    const open = (await letters.list({ status: 'open', consumer: 'test.batching' }, { limit: 10, offset: 0 }))
      .items;
    const seventh = open.find((l) => l.eventId === events[6].id)!;
    expect(seventh).toMatchObject({ key: 'claim-1', parkedCount: 5 });
    refused.clear();
    expect(await letters.replay(seventh.id, 'test-admin')).toMatchObject({
      outcome: 'replayed',
      appliedParked: 5,
      stillParked: 0,
    });
    expect(await applied()).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12]);
    // The consumer goes on: the next event of the key is applied at once.
    const next = claimEvent(1, 13);
    await kafka.publish([{ topic, key: next.aggregateId, value: JSON.stringify(sealEventEnvelope(next)) }]);
    await until(async () => ((await applied()).length === 12 ? true : undefined), 'event 13 applied');
    expect(await applied()).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13]);
  });
});
