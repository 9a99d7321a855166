import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  ClaimCreated,
  ClaimCreatedEvent,
  EventEnvelope,
  createEvent,
  deadLetterTopic,
  defineEvent,
  object,
  str,
} from '@revcycle/contracts';
import { TestDatabase } from '@revcycle/persistence';
import { DeadLetter, EventConsumer } from './inbox/event-consumer';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { EventPublisher, OutgoingMessage } from './transport/event-publisher';
import { KafkaEventPublisher } from './transport/kafka-publisher';
import { openEventEnvelope, sealEventEnvelope } from './sealing/event-sealing';
import { claimCreated, messagingTestDatabase } from './test-support';

const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const schema = 'claims';

/** Reads a topic from the beginning until `count` matching messages arrived (or the deadline passed). */
async function readTopic(
  topic: string,
  count: number,
  timeoutMs = 30000,
  match: (value: string) => boolean = () => true,
): Promise<Array<{ key: string; value: string }>> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers, logLevel: logLevel.WARN });
  const consumer: Consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const seen: Array<{ key: string; value: string }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void consumer.run({
      eachMessage: async ({ message }) => {
        const value = message.value?.toString() ?? '';
        if (match(value)) seen.push({ key: message.key?.toString() ?? '', value });
        if (seen.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await done;
  await consumer.disconnect();
  return seen;
}

/** Polls until `probe` returns a value; failing after `ms` with what it waited for. */
async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  ms = 30000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A synthetic event naming a patient ('-' is outside base64: no ciphertext holds the name by chance). */
const PatientNamedEvent = defineEvent<{ patientName: string }>(
  'test.patient.named',
  1,
  object({ patientName: str({ min: 1 }) }),
);
const SYNTHETIC_NAME = 'Quill-Oakes';

describe('outbox → Kafka → inbox on a real broker and a real PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let outbox: Outbox;
  let kafka: KafkaEventPublisher;

  beforeAll(async () => {
    ({ db, dataSource } = await messagingTestDatabase(schema));
    outbox = new Outbox(schema);
    kafka = new KafkaEventPublisher({ brokers, clientId: 'messaging-test', ssl: false });
  });

  afterAll(async () => {
    await kafka.close();
    await dataSource.destroy();
    await db.drop();
  });

  async function enqueue(events: EventEnvelope[], topic?: string): Promise<void> {
    await dataSource.transaction((m) => outbox.enqueue(m, events, topic));
  }

  it('publishes committed outbox rows keyed by aggregate id, one aggregate in order, and marks them published', async () => {
    const topic = `test.relay.${randomUUID()}`;
    // Three events of one claim: same key, same partition, so Kafka keeps their order.
    const events = [1, 2, 3].map((n) => ({ ...claimCreated(n), aggregateId: 'claim-1' }));
    await enqueue(events, topic);
    const relay = new OutboxRelay(dataSource, outbox, kafka, { pollMs: 50 });
    expect(await relay.drain()).toBe(3);
    const received = await readTopic(topic, 3);
    expect(received.map((m) => JSON.parse(m.value).id)).toEqual(events.map((e) => e.id));
    expect(received.map((m) => m.key)).toEqual(['claim-1', 'claim-1', 'claim-1']);
    const [{ pending }] = await dataSource.query(
      `SELECT count(*)::int AS pending FROM claims.outbox WHERE published_at IS NULL`,
    );
    expect(pending).toBe(0);
  });

  it('outbox rows and Kafka messages hold the payload sealed; it opens back to the same payload', async () => {
    const topic = `test.sealed.${randomUUID()}`;
    const event = createEvent(PatientNamedEvent, {
      aggregateId: 'claim-sealed',
      actor: { id: 'test', role: 'system' },
      payload: { patientName: `${SYNTHETIC_NAME} Jr` },
    });
    await enqueue([event], topic);
    const [row] = await dataSource.query(
      `SELECT envelope::text AS envelope FROM claims.outbox WHERE event_id = $1`,
      [event.id],
    );
    expect(row.envelope).not.toContain(SYNTHETIC_NAME);
    expect(await new OutboxRelay(dataSource, outbox, kafka).drain()).toBe(1);
    const [message] = await readTopic(topic, 1);
    expect(message.value).not.toContain(SYNTHETIC_NAME);
    const { sealedPayload, ...clear } = JSON.parse(message.value);
    expect(sealedPayload).toMatch(/^v2:test:/);
    const { payload, ...expectedClear } = event;
    expect(clear).toEqual(expectedClear);
    expect(openEventEnvelope(message.value)).toEqual(event);
    expect(openEventEnvelope(row.envelope).payload).toEqual(payload);
  });

  it('a rolled-back transaction publishes nothing', async () => {
    const topic = `test.rollback.${randomUUID()}`;
    await expect(
      dataSource.transaction(async (m) => {
        await outbox.enqueue(m, claimCreated(9), topic);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM claims.outbox WHERE topic = $1`, [
      topic,
    ]);
    expect(n).toBe(0);
  });

  it('a relay that dies after sending but before marking loses nothing; the repeat is a no-op at the inbox', async () => {
    const topic = `test.crash.${randomUUID()}`;
    const events = [4, 5].map(claimCreated);
    await enqueue(events, topic);
    // Sends to Kafka, then "crashes" before the batch is marked published.
    const crashing: EventPublisher = {
      publish: async (messages: OutgoingMessage[]) => {
        await kafka.publish(messages);
        throw new Error('relay process killed');
      },
      isReady: async () => true,
      close: async () => undefined,
    };
    await expect(new OutboxRelay(dataSource, outbox, crashing).drain()).rejects.toThrow(
      'relay process killed',
    );
    const [{ pending, attempts }] = await dataSource.query(
      `SELECT count(*)::int AS pending, max(attempts) AS attempts FROM claims.outbox WHERE topic = $1 AND published_at IS NULL`,
      [topic],
    );
    expect(pending).toBe(2);
    expect(attempts).toBe(1);

    // Restart: the rows go out again.
    expect(await new OutboxRelay(dataSource, outbox, kafka).drain()).toBe(2);
    const received = await readTopic(topic, 4);
    expect(received).toHaveLength(4);

    // The consumer sees each event twice and applies it once.
    const consumer = new EventConsumer(dataSource, outbox);
    const applied: string[] = [];
    const outcomes = [];
    for (const m of received) {
      outcomes.push(
        await consumer.consume(
          'test.ledger',
          ClaimCreatedEvent,
          Buffer.from(m.value),
          async (e) => void applied.push(e.id),
        ),
      );
    }
    expect(outcomes).toEqual(['processed', 'processed', 'duplicate', 'duplicate']);
    expect(applied.sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('stop() waits for the batch in flight, and a later relay publishes the rest', async () => {
    const topic = `test.stop.${randomUUID()}`;
    await enqueue([6, 7, 8].map(claimCreated), topic);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered = false;
    const slow: EventPublisher = {
      publish: async (messages) => {
        entered = true;
        await gate;
        await kafka.publish(messages);
      },
      isReady: async () => true,
      close: async () => undefined,
    };
    // One batch in flight at a time, so that the second is not handed over before stop().
    const relay = new OutboxRelay(dataSource, outbox, slow, { pollMs: 20, batchSize: 2, inFlight: 1 });
    relay.start();
    // Stop once the first batch is in flight (sent, waiting on the transport).
    await until(() => (entered ? true : undefined), 'the first batch to reach the transport');
    const stopping = relay.stop();
    release();
    await stopping;
    const [{ published }] = await dataSource.query(
      `SELECT count(*)::int AS published FROM claims.outbox WHERE topic = $1 AND published_at IS NOT NULL`,
      [topic],
    );
    expect(published).toBe(2);
    expect(await new OutboxRelay(dataSource, outbox, kafka).drain()).toBe(1);
    expect(await readTopic(topic, 3)).toHaveLength(3);
  });

  it('a malformed event goes to <topic>.dlq with its error and the next event is still handled', async () => {
    const consumer = new EventConsumer(dataSource, outbox, {
      attempts: 2,
      initialDelayMs: 5,
      maxDelayMs: 10,
    });
    const name = `test.dlq.${randomUUID()}`;
    const handled: string[] = [];
    const handler = async (e: EventEnvelope<ClaimCreated>) => void handled.push(e.payload.claimId);
    expect(await consumer.consume(name, ClaimCreatedEvent, Buffer.from('{"not": json'), handler)).toBe(
      'dead-lettered',
    );
    const wrong = sealEventEnvelope({ ...claimCreated(10), payload: { claimId: 'x' } });
    expect(await consumer.consume(name, ClaimCreatedEvent, wrong, handler)).toBe('dead-lettered');
    expect(
      await consumer.consume(name, ClaimCreatedEvent, sealEventEnvelope(claimCreated(11)), handler),
    ).toBe('processed');
    expect(handled).toEqual(['claim-11']);

    await new OutboxRelay(dataSource, outbox, kafka).drain();
    // The two letters have different keys (so partitions): they arrive in no set order.
    const letters = (
      await readTopic(deadLetterTopic(ClaimCreatedEvent.type), 2, 30000, (v) => v.includes(name))
    ).map((m) => openEventEnvelope<DeadLetter>(m.value).payload);
    const errors = letters.map((l) => l.errors.join(' ')).sort();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^event: not valid JSON/);
    expect(errors[1]).toMatch(/payload\.encounterId: must be a string/);
  });

  it('a handler that keeps failing is retried with backoff, then dead-lettered; its partial writes roll back', async () => {
    const consumer = new EventConsumer(dataSource, outbox, {
      attempts: 3,
      initialDelayMs: 5,
      maxDelayMs: 20,
    });
    let calls = 0;
    const event = sealEventEnvelope(claimCreated(12));
    const outcome = await consumer.consume('test.retry', ClaimCreatedEvent, event, async (_e, m) => {
      calls++;
      await m.query(`CREATE TABLE IF NOT EXISTS claims.scratch (id text)`);
      await m.query(`INSERT INTO claims.scratch VALUES ($1)`, [`attempt-${calls}`]);
      throw new Error('payer table unavailable');
    });
    expect(outcome).toBe('dead-lettered');
    expect(calls).toBe(3);
    const inbox = await dataSource.query(`SELECT outcome FROM claims.inbox WHERE consumer = 'test.retry'`);
    expect(inbox).toEqual([{ outcome: 'dead-lettered' }]);
    const [{ exists }] = await dataSource.query(`SELECT to_regclass('claims.scratch') IS NOT NULL AS exists`);
    expect(exists).toBe(false);
    // Redelivery of a dead-lettered event is a no-op too.
    expect(await consumer.consume('test.retry', ClaimCreatedEvent, event, async () => undefined)).toBe(
      'duplicate',
    );
  });
});
