import { ClaimCreatedEvent, EventEnvelope } from '@revcycle/contracts';
import { TestDatabase } from '@revcycle/persistence';
import { DataSource } from 'typeorm';
import { batchingEffects, createEffectsTable, effectsTable } from '../batching-consumer.test-support';
import { EventConsumer } from '../inbox/event-consumer';
import { Outbox } from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import { claimEvent, messagingTestDatabase, until } from '../test-support';
import { InProcessBus } from '../transport/in-process-bus';
import { InProcessTransport } from '../transport/in-process.transport';
import { DeadLetterConflict, DeadLetterNotFound, DeadLetters } from './dead-letters';

const schema = 'parking';
const topic = ClaimCreatedEvent.type;

/**
 * The in-process transport of `npm start` on a real PostgreSQL: a key's events after its dead letter
 * are parked, and resolving the dead letter applies them in order (DeadLetters).
 */
describe('later events of a dead-lettered key are parked until it is replayed or discarded (real PostgreSQL)', () => {
  const outbox = new Outbox(schema);
  /** Event ids the handler refuses for now (a payer rule missing, say), until a test lets them pass. */
  const refused = new Set<string>();
  let db: TestDatabase;
  let dataSource: DataSource;
  let bus: InProcessBus;
  let transport: InProcessTransport;
  let relay: OutboxRelay;
  let letters: DeadLetters;

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
      batchingEffects(consumer, schema, async (id) => {
        if (refused.has(id)) throw new Error('payer 1 has no such plan');
      }),
      true,
    );
    letters = new DeadLetters(dataSource, outbox, async (t, raw) => {
      const handler = transport.getHandlerByPattern(t);
      if (!handler) throw new Error(`no handler for ${t}`);
      await handler(raw);
    });
    relay = new OutboxRelay(dataSource, outbox, bus, { pollMs: 20, maxBackoffMs: 200 });
    relay.start();
    transport.listen(() => undefined);
  });
  afterAll(async () => {
    await relay.stop();
    transport.close();
    await bus.close();
    await dataSource.destroy();
    await db.drop();
  });

  const enqueue = (events: EventEnvelope[]) =>
    dataSource.transaction((m) => outbox.enqueue(m, events, topic));
  /** The order numbers (1-based) of a claim's applied events, in the order they were applied. */
  const applied = async (k: number): Promise<number[]> =>
    (
      await dataSource.query(`SELECT n FROM ${effectsTable(schema)} WHERE aggregate = $1 ORDER BY seq`, [
        `claim-${k}`,
      ])
    ).map((r: { n: number }) => r.n);
  const parked = async (k: number): Promise<number> =>
    (
      await dataSource.query(
        `SELECT count(*)::int AS n FROM "${schema}".parked_event WHERE message_key = $1`,
        [`claim-${k}`],
      )
    )[0].n;
  const letterOf = async (eventId: string) =>
    (await letters.list({}, { limit: 500, offset: 0 })).items.find((l) => l.eventId === eventId);
  const published = async (ids: string[]) =>
    (
      await dataSource.query(
        `SELECT count(*)::int AS n FROM "${schema}".outbox WHERE event_id = ANY($1) AND published_at IS NOT NULL`,
        [ids],
      )
    )[0].n === ids.length || undefined;

  it('parks every later event of the key, applies the other keys, and lists the dead letter without its content', async () => {
    const a = [1, 2, 3, 4].map((n) => claimEvent(1, n));
    const b = claimEvent(2, 1);
    refused.add(a[1].id);
    await enqueue([...a, b]);
    await until(() => published([...a, b].map((e) => e.id)), 'every event delivered');

    expect(await applied(1)).toEqual([1]);
    expect(await applied(2)).toEqual([1]);
    expect(await parked(1)).toBe(2);
    const letter = await letterOf(a[1].id);
    expect(letter).toMatchObject({
      service: schema,
      consumer: 'test.batching',
      topic,
      key: 'claim-1',
      eventType: topic,
      attempts: 2,
      status: 'open',
      parkedCount: 2,
      error: 'attempt 2: payer 1 has no such plan',
    });
    // No content: nothing of the payload (the claim's PCN, the patient) is in what the list answers.
    const listed = JSON.stringify(
      await letters.list({ consumer: 'test.batching', topic }, { limit: 10, offset: 0 }),
    );
    expect(listed).not.toContain('PCN1');
    expect(listed).not.toContain('pat-1');
    // Stored sealed too: the dead letter row holds no clear payload.
    const [row] = await dataSource.query(`SELECT original FROM "${schema}".dead_letter WHERE id = $1`, [
      letter!.id,
    ]);
    expect(row.original).toMatch(/^v2:/);
    expect(row.original).not.toContain('PCN1');
  });

  it('a replay its handler refuses again leaves it open, one attempt more, the events still parked', async () => {
    const a2 = (await letters.list({ status: 'open' }, { limit: 10, offset: 0 })).items[0];
    const outcome = await letters.replay(a2.id, 'test-admin');
    expect(outcome).toMatchObject({
      outcome: 'failed',
      error: 'payer 1 has no such plan',
      appliedParked: 0,
      stillParked: 2,
    });
    expect(await letters.find(a2.id)).toMatchObject({ status: 'open', attempts: 3, parkedCount: 2 });
    expect(await applied(1)).toEqual([1]);
  });

  it('a replay that applies is followed by the parked events in order; later events are applied at once', async () => {
    const a2 = (await letters.list({ status: 'open' }, { limit: 10, offset: 0 })).items[0];
    refused.clear();
    const outcome = await letters.replay(a2.id, 'test-admin');
    expect(outcome).toEqual({ id: a2.id, outcome: 'replayed', appliedParked: 2, stillParked: 0 });
    expect(await applied(1)).toEqual([1, 2, 3, 4]);
    expect(await letters.find(a2.id)).toMatchObject({
      status: 'replayed',
      resolvedBy: 'test-admin',
      parkedCount: 0,
    });
    await expect(letters.replay(a2.id, 'test-admin')).rejects.toThrow(DeadLetterConflict);
    await expect(letters.replay('00000000-0000-4000-8000-000000000000', 'x')).rejects.toThrow(
      DeadLetterNotFound,
    );

    const a5 = claimEvent(1, 5);
    await enqueue([a5]);
    await until(() => published([a5.id]), 'event 5 delivered');
    expect(await applied(1)).toEqual([1, 2, 3, 4, 5]);
    const [inbox] = await dataSource.query(
      `SELECT outcome FROM "${schema}".inbox WHERE consumer = 'test.batching' AND event_id = $1`,
      [a2.eventId],
    );
    expect(inbox.outcome).toBe('processed');
  });

  it('a discard never applies the dead letter and applies what was parked behind it', async () => {
    const c = [1, 2, 3].map((n) => claimEvent(3, n));
    refused.add(c[0].id);
    await enqueue(c);
    await until(() => published(c.map((e) => e.id)), 'claim 3 delivered');
    expect(await parked(3)).toBe(2);
    const letter = (await letterOf(c[0].id))!;
    const outcome = await letters.discard(letter.id, 'sent in error by the clearinghouse', 'test-admin');
    expect(outcome).toEqual({ id: letter.id, outcome: 'discarded', appliedParked: 2, stillParked: 0 });
    expect(await applied(3)).toEqual([2, 3]);
    expect(await letters.find(letter.id)).toMatchObject({
      status: 'discarded',
      discardReason: 'sent in error by the clearinghouse',
    });
    await expect(letters.discard(letter.id, 'again', 'test-admin')).rejects.toThrow(DeadLetterConflict);
  });

  it('a parked event refused when its turn comes is dead-lettered in its place; the rest wait behind it, in order', async () => {
    const d = [1, 2, 3].map((n) => claimEvent(4, n));
    refused.add(d[0].id);
    refused.add(d[1].id);
    await enqueue(d);
    await until(() => published(d.map((e) => e.id)), 'claim 4 delivered');
    refused.delete(d[0].id);
    const first = (await letterOf(d[0].id))!;
    const outcome = await letters.replay(first.id, 'test-admin');
    expect(outcome).toMatchObject({ outcome: 'replayed', appliedParked: 0, stillParked: 1 });
    expect(outcome.parkedDeadLettered).toBeDefined();
    const second = (await letters.find(outcome.parkedDeadLettered!))!;
    expect(second).toMatchObject({ eventId: d[1].id, status: 'open', parkedCount: 1, attempts: 1 });
    expect(await applied(4)).toEqual([1]);

    // Event 4 arrives meanwhile: parked behind the new dead letter, after event 3.
    const d4 = claimEvent(4, 4);
    await enqueue([d4]);
    await until(() => published([d4.id]), 'event 4 delivered');
    expect(await parked(4)).toBe(2);
    refused.clear();
    expect(await letters.replay(second.id, 'test-admin')).toMatchObject({
      outcome: 'replayed',
      appliedParked: 2,
    });
    expect(await applied(4)).toEqual([1, 2, 3, 4]);
  });
});
