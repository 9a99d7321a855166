import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ClaimCreatedEvent, EventEnvelope, deadLetterTopic } from '@revcycle/contracts';
import { TestDatabase } from '@revcycle/persistence';
import { batchingEffects, createEffectsTable, effectsTable } from './batching-consumer.test-support';
import { EventConsumer } from './inbox/event-consumer';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { claimCreated, messagingTestDatabase, until } from './test-support';
import { InProcessBus } from './transport/in-process-bus';
import { InProcessTransport } from './transport/in-process.transport';

const schema = 'inproc';

describe('the in-process transport of `npm start` (real PostgreSQL)', () => {
  const topic = `test.in-process.${randomUUID()}`;
  const outbox = new Outbox(schema);
  const early = claimCreated(0);
  let db: TestDatabase;
  let dataSource: DataSource;
  let bus: InProcessBus;
  let transport: InProcessTransport;
  let relay: OutboxRelay;
  /** What the handler does after recording an event, per event id (a test's hook). */
  const hooks = new Map<string, (m: EntityManager) => Promise<void>>();

  beforeAll(async () => {
    ({ db, dataSource } = await messagingTestDatabase(schema));
    await dataSource.query(createEffectsTable(schema));
    bus = new InProcessBus();
    transport = new InProcessTransport(bus);
    const consumer = new EventConsumer(dataSource, outbox, {
      attempts: 2,
      initialDelayMs: 5,
      maxDelayMs: 10,
    });
    transport.addHandler(
      topic,
      batchingEffects(consumer, schema, async (id, m) => hooks.get(id)?.(m)),
      true,
    );
    relay = new OutboxRelay(dataSource, outbox, bus, { pollMs: 20, maxBackoffMs: 200 });
    relay.start();
    // Published before the handlers listen, an event waits: it is not delivered to nobody.
    await dataSource.transaction((m) => outbox.enqueue(m, early, topic));
    await new Promise((r) => setTimeout(r, 300));
    expect(await publishedAt(dataSource, early.id)).toBeUndefined();
    transport.listen(() => undefined);
  });
  afterAll(async () => {
    await relay.stop();
    transport.close();
    await bus.close();
    await dataSource.destroy();
    await db.drop();
  });

  const effects = async (id: string) =>
    (
      await dataSource.query(`SELECT count(*)::int AS n FROM ${effectsTable(schema)} WHERE event_id = $1`, [
        id,
      ])
    )[0].n as number;
  const enqueue = (e: EventEnvelope) => dataSource.transaction((m) => outbox.enqueue(m, e, topic));

  it('delivers what was published before the handlers listened, once they do', async () => {
    await until(async () => ((await effects(early.id)) === 1 ? true : undefined), 'event 0 applied');
  });

  it('marks a row published only after its handler committed', async () => {
    const event = claimCreated(1);
    let release!: () => void;
    let entered = false;
    hooks.set(event.id, async () => {
      entered = true;
      await new Promise<void>((r) => (release = r));
    });
    await enqueue(event);
    await until(() => (entered ? true : undefined), 'the handler to run');
    await new Promise((r) => setTimeout(r, 200));
    // The handler has not committed: the row is not published, so a process dying now loses nothing.
    expect(await publishedAt(dataSource, event.id)).toBeUndefined();
    expect(await effects(event.id)).toBe(0);
    release();
    await until(
      async () => ((await publishedAt(dataSource, event.id)) ? true : undefined),
      'the row published',
    );
    expect(await effects(event.id)).toBe(1);
  });

  it('retries an event whose database connection was terminated, applies it once and dead-letters nothing', async () => {
    const event = claimCreated(2);
    let calls = 0;
    hooks.set(event.id, async (m) => {
      // A real transient failure: PostgreSQL terminates this very connection (SQLSTATE 57P01), as
      // often as the consumer's retry policy tries (2): it would be dead-lettered were it not transient.
      if (++calls <= 2) await m.query(`SELECT pg_terminate_backend(pg_backend_pid())`);
    });
    await enqueue(event);
    await until(
      async () => ((await publishedAt(dataSource, event.id)) ? true : undefined),
      'the row published',
    );
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(await effects(event.id)).toBe(1);
    const [row] = await dataSource.query(`SELECT attempts FROM "${schema}".outbox WHERE event_id = $1`, [
      event.id,
    ]);
    // A consumer that could not take it now is not the row's fault: no attempt counted towards quarantine.
    expect(row.attempts).toBe(0);
    const [inbox] = await dataSource.query(
      `SELECT outcome FROM "${schema}".inbox WHERE consumer = 'test.batching' AND event_id = $1`,
      [event.id],
    );
    expect(inbox.outcome).toBe('processed');
    expect(await letters(dataSource)).toBe(0);
  });

  it('dead-letters an event that can never be handled, and goes on with the next', async () => {
    const bad = { ...claimCreated(3), payload: { claimId: 'only this' } } as unknown as EventEnvelope;
    const next = claimCreated(4);
    await enqueue(bad);
    await enqueue(next);
    await until(async () => ((await effects(next.id)) === 1 ? true : undefined), 'the next event applied');
    expect(await letters(dataSource)).toBe(1);
    expect(await publishedAt(dataSource, bad.id)).toBeDefined();
    expect(await effects(bad.id)).toBe(0);
  });
});

async function publishedAt(dataSource: DataSource, eventId: string): Promise<Date | undefined> {
  const [row] = await dataSource.query(`SELECT published_at FROM "${schema}".outbox WHERE event_id = $1`, [
    eventId,
  ]);
  return row?.published_at ?? undefined;
}

async function letters(dataSource: DataSource): Promise<number> {
  return (
    await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE topic = $1`, [
      deadLetterTopic(ClaimCreatedEvent.type),
    ])
  )[0].n;
}
