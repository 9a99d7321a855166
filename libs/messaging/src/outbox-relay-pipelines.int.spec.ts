import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { EventEnvelope } from '@revcycle/contracts';
import { TestDatabase } from '@revcycle/persistence';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { openEventEnvelope } from './sealing/event-sealing';
import { claimCreated, claimEvent, messagingTestDatabase, until } from './test-support';
import { EventPublisher } from './transport/event-publisher';
import { KafkaEventPublisher } from './transport/kafka-publisher';

const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const schema = 'relaypipe';

type Received = Array<{ key: string; value: string }>;

/** The messages of a topic of ours, in partition order, once `count` have arrived (or `enough` says so). */
async function readTopic(
  topic: string,
  count: number,
  enough: (seen: Received) => boolean = (seen) => seen.length >= count,
): Promise<Received> {
  const kafka = new Kafka({ clientId: 'relay-pipe-reader', brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const seen: Received = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      void seen.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' }),
  });
  await until(() => (enough(seen) ? true : undefined), `${count} messages on ${topic}`);
  await consumer.disconnect();
  return seen;
}

describe('the outbox relay on a real broker and a real PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: KafkaEventPublisher;
  const outbox = new Outbox(schema);
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    ({ db, dataSource } = await messagingTestDatabase(schema));
    kafka = new KafkaEventPublisher({ brokers, clientId: 'relay-pipe-test', ssl: false });
  });
  afterEach(async () => {
    for (const relay of relays.splice(0)) await relay.stop();
  });
  afterAll(async () => {
    await kafka.close();
    await dataSource.destroy();
    await db.drop();
  });

  const enqueue = (events: EventEnvelope[], topic: string) =>
    dataSource.transaction((m) => outbox.enqueue(m, events, topic));
  const published = async (topic: string) =>
    Number(
      (
        await dataSource.query(
          `SELECT count(*) AS n FROM "${schema}".outbox WHERE topic = $1 AND published_at IS NOT NULL`,
          [topic],
        )
      )[0].n,
    );
  const relay = (publisher: EventPublisher, options: ConstructorParameters<typeof OutboxRelay>[3]) => {
    const r = new OutboxRelay(dataSource, outbox, publisher, options);
    relays.push(r);
    return r;
  };

  it('is woken by the NOTIFY of the commit, not before it, with no poll to find the rows', async () => {
    const topic = `test.notify.${randomUUID()}`;
    let sends = 0;
    const counting: EventPublisher = {
      publish: async (messages) => {
        sends++;
        await kafka.publish(messages);
      },
      isReady: () => kafka.isReady(),
      close: async () => undefined,
    };
    relay(counting, { pollMs: 60_000 }).start();
    // The relay leads (its session holds the schema's advisory lock) and listens.
    await until(
      async () =>
        Number(
          (
            await dataSource.query(
              `SELECT count(*) AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()`,
            )
          )[0].n,
        ) > 0 || undefined,
      'the relay to take the lead',
    );
    await new Promise((r) => setTimeout(r, 300));

    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await outbox.enqueue(runner.manager, [1, 2, 3].map(claimCreated), topic);
    // Inserted, not committed: no wake-up yet, nothing sent.
    await new Promise((r) => setTimeout(r, 1000));
    expect(sends).toBe(0);
    await runner.commitTransaction();
    await runner.release();
    // The next poll is a minute away: only the notification can bring the relay now.
    await until(
      async () => ((await published(topic)) === 3 ? true : undefined),
      'the rows to be published',
      20_000,
    );
    expect(sends).toBe(1);
    expect(await readTopic(topic, 3)).toHaveLength(3);
  });

  it('holds no row lock while a batch is on the wire, and stamps published_at when the broker acknowledged', async () => {
    const topic = `test.nolock.${randomUUID()}`;
    await enqueue([4, 5].map(claimCreated), topic);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered = false;
    const slow: EventPublisher = {
      publish: async (messages) => {
        entered = true;
        await gate;
        await kafka.publish(messages);
      },
      isReady: () => kafka.isReady(),
      close: async () => undefined,
    };
    relay(slow, { pollMs: 20 }).start();
    await until(() => (entered ? true : undefined), 'the batch to reach the transport');
    // The rows on the wire can be locked by anyone else (retention, an operator) at once.
    const locked = await dataSource.transaction((m) =>
      m.query(`SELECT seq FROM "${schema}".outbox WHERE topic = $1 FOR UPDATE NOWAIT`, [topic]),
    );
    expect(locked).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 300));
    const releasedAt = new Date();
    release();
    await until(async () => ((await published(topic)) === 2 ? true : undefined), 'the rows to be published');
    const rows: Array<{ created_at: Date; published_at: Date }> = await dataSource.query(
      `SELECT created_at, published_at FROM "${schema}".outbox WHERE topic = $1`,
      [topic],
    );
    for (const row of rows) expect(row.published_at.getTime()).toBeGreaterThanOrEqual(releasedAt.getTime());
  });

  it('keeps several batches in flight and every key in order', async () => {
    const topic = `test.pipeline.${randomUUID()}`;
    await kafka.ensureTopics([topic], { numPartitions: 12, replicationFactor: -1 });
    const KEYS = 30;
    const PER_KEY = 20;
    // Several transactions, each a slice of every key's events in order.
    for (let slice = 0; slice < 4; slice++)
      await enqueue(
        Array.from({ length: PER_KEY / 4 }, (_, i) =>
          Array.from({ length: KEYS }, (_, k) => claimEvent(k, slice * (PER_KEY / 4) + i + 1)),
        ).flat(),
        topic,
      );
    let inFlight = 0;
    let mostInFlight = 0;
    const watching: EventPublisher = {
      publish: async (messages) => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        try {
          await kafka.publish(messages);
        } finally {
          inFlight--;
        }
      },
      isReady: () => kafka.isReady(),
      close: async () => undefined,
    };
    expect(await relay(watching, { batchSize: 25, inFlight: 4 }).drain()).toBe(KEYS * PER_KEY);
    expect(mostInFlight).toBeGreaterThan(1);

    const received = await readTopic(topic, KEYS * PER_KEY);
    expect(received).toHaveLength(KEYS * PER_KEY);
    const byKey = new Map<string, number[]>();
    for (const m of received) {
      const n = openEventEnvelope<{ totalChargeCents: number }>(m.value).payload.totalChargeCents;
      byKey.set(m.key, [...(byKey.get(m.key) ?? []), n]);
    }
    expect(byKey.size).toBe(KEYS);
    for (const sequence of byKey.values())
      expect(sequence).toEqual(Array.from({ length: PER_KEY }, (_, i) => i + 1));
  });

  it('quarantines a row the broker refuses after N attempts, and the rest of the schema goes on', async () => {
    const topic = `test.poison.${randomUUID()}`;
    const base = claimCreated(99);
    // Over the broker's message.max.bytes (about 1 MB): refused every time, MESSAGE_TOO_LARGE.
    const poison: EventEnvelope = {
      ...base,
      id: randomUUID(),
      aggregateId: 'claim-poison',
      payload: { ...base.payload, patientControlNumber: 'P'.repeat(1_500_000) },
    };
    const good = [1, 2, 3, 6, 7, 8, 9].map(claimCreated);
    await enqueue(good.slice(0, 3), topic);
    await enqueue([poison], topic);
    await enqueue(good.slice(3, 6), topic);
    const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    relay(kafka, {
      pollMs: 20,
      maxBackoffMs: 200,
      quarantineAfter: 3,
      log: (_level, message, fields) => void logged.push({ message, fields }),
    }).start();
    await until(async () => {
      const [row] = await dataSource.query(
        `SELECT attempts FROM "${schema}".outbox WHERE event_id = $1 AND attempts >= 3`,
        [poison.id],
      );
      return row && (await published(topic)) === 6 ? true : undefined;
    }, 'the poison row quarantined and the others published');
    const [row] = await dataSource.query(
      `SELECT attempts, published_at, last_error FROM "${schema}".outbox WHERE event_id = $1`,
      [poison.id],
    );
    expect(row.attempts).toBe(3);
    expect(row.published_at).toBeNull();
    expect(row.last_error).toMatch(/larger than the max message size/);
    expect(logged.some((l) => l.message.includes('quarantined') && l.fields?.['eventId'] === poison.id)).toBe(
      true,
    );

    // Later rows of the schema are not held up by it.
    await enqueue(good.slice(6), topic);
    await until(
      async () => ((await published(topic)) === 7 ? true : undefined),
      'a later row to be published',
    );
    // Each good event at least once (rows of the batch that failed first are sent again), the poison never.
    const ids = (seen: Received) => new Set(seen.map((m) => JSON.parse(m.value).id as string));
    const received = await readTopic(topic, 7, (seen) => ids(seen).size >= 7);
    expect([...ids(received)].sort()).toEqual(good.map((e) => e.id).sort());
    const [again] = await dataSource.query(`SELECT attempts FROM "${schema}".outbox WHERE event_id = $1`, [
      poison.id,
    ]);
    expect(again.attempts).toBe(3);
  });
});
