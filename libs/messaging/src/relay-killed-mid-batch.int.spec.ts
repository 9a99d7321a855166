import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ClaimCreatedEvent } from '@revcycle/contracts';
import { TestDatabase } from '@revcycle/persistence';
import { EventConsumer } from './inbox/event-consumer';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { KafkaEventPublisher } from './transport/kafka-publisher';
import { RELAY_PROCESS_NAME } from './relay-process.test-support';
import { claimCreated, messagingTestDatabase } from './test-support';

const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const root = resolve(__dirname, '..', '..', '..');
const schema = 'relaykill';
const EVENTS = 600;
const BATCH = 100;
const STALL_AT = 3;

/** Polls until `probe` returns a value; failing after `ms` with what it waited for. */
async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 30000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an outbox relay process SIGKILLed mid-batch (real PostgreSQL, real Kafka)', () => {
  const topic = `test.relay-kill.${randomUUID()}`;
  const kafkaClient = new Kafka({ clientId: 'relay-kill-test', brokers, logLevel: logLevel.WARN });
  const admin = kafkaClient.admin();
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: KafkaEventPublisher;

  beforeAll(async () => {
    ({ db, dataSource } = await messagingTestDatabase(schema));
    kafka = new KafkaEventPublisher({ brokers, clientId: 'relay-kill-test', ssl: false });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
    await kafka.close();
    await dataSource.destroy();
    await db.drop();
  });

  /** Messages on the topic: the sum of the partitions' high watermarks (the topic is ours alone). */
  const onTopic = async () =>
    (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const publishedRows = async () =>
    Number(
      (
        await dataSource.query(
          `SELECT count(*) AS n FROM "${schema}".outbox WHERE topic = $1 AND published_at IS NOT NULL`,
          [topic],
        )
      )[0].n,
    );

  it('loses nothing, repeats only the batch in flight, and the inbox applies every event once', async () => {
    const outbox = new Outbox(schema);
    const events = Array.from({ length: EVENTS }, (_, i) => claimCreated(i));
    await dataSource.transaction((m) => outbox.enqueue(m, events, topic));

    // 1. A relay in its own process: two batches go out and are marked; the third is acked by Kafka
    //    and still open in its transaction when the process is SIGKILLed.
    const child = spawn(
      process.execPath,
      [
        '-r',
        join(root, 'libs/codesets/scripts/ts-register.js'),
        join(__dirname, 'relay-process.test-support.ts'),
        db.url,
        schema,
        brokers.join(','),
        String(BATCH),
        String(STALL_AT),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    await new Promise<void>((ok, fail) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes(`acked ${STALL_AT} ${BATCH}\n`)) ok();
      });
      child.on('exit', (code) =>
        fail(new Error(`relay child exited (${code}) before batch ${STALL_AT}: ${stderr}`)),
      );
    });
    expect(await onTopic()).toBe(STALL_AT * BATCH);
    expect(await publishedRows()).toBe((STALL_AT - 1) * BATCH);
    const inFlight: string[] = (
      await dataSource.query(
        `SELECT event_id FROM "${schema}".outbox WHERE topic = $1 AND published_at IS NULL ORDER BY seq LIMIT $2`,
        [topic, BATCH],
      )
    ).map((r: { event_id: string }) => r.event_id);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // PostgreSQL rolls the dead relay's transaction back when it sees the connection gone.
    await until(async () => {
      const rows = await dataSource.query(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1`,
        [RELAY_PROCESS_NAME],
      );
      return Number(rows[0].n) === 0 ? true : undefined;
    }, 'the killed relay’s session to end');
    expect(await publishedRows()).toBe((STALL_AT - 1) * BATCH);

    // 2. A new relay publishes everything still unmarked, the acked batch again included.
    expect(await new OutboxRelay(dataSource, outbox, kafka, { batchSize: BATCH }).drain()).toBe(
      EVENTS - (STALL_AT - 1) * BATCH,
    );
    expect(await publishedRows()).toBe(EVENTS);
    expect(await onTopic()).toBe(EVENTS + BATCH);

    // 3. On the topic: every event at least once; twice exactly the batch that was in flight.
    const received: string[] = [];
    const consumer = kafkaClient.consumer({ groupId: `relay-kill-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message.value!.toString()) });
    await until(async () => (received.length >= EVENTS + BATCH ? true : undefined), 'every message');
    await consumer.disconnect();
    const ids = received.map((v) => JSON.parse(v).id as string);
    const times = new Map<string, number>();
    for (const id of ids) times.set(id, (times.get(id) ?? 0) + 1);
    expect([...times.keys()].sort()).toEqual(events.map((e) => e.id).sort());
    expect(
      [...times]
        .filter(([, n]) => n > 1)
        .map(([id]) => id)
        .sort(),
    ).toEqual([...inFlight].sort());
    expect(Math.max(...times.values())).toBe(2);

    // 4. Through the inbox each event takes effect once.
    await dataSource.query(`CREATE TABLE "${schema}".ledger_effects (event_id uuid NOT NULL)`);
    const inbox = new EventConsumer(dataSource, outbox);
    const outcomes: Record<string, number> = {};
    for (const value of received) {
      const outcome = await inbox.consume('test.relay-kill', ClaimCreatedEvent, Buffer.from(value), (e, m) =>
        m.query(`INSERT INTO "${schema}".ledger_effects (event_id) VALUES ($1)`, [e.id]),
      );
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    expect(outcomes).toEqual({ processed: EVENTS, duplicate: BATCH });
    const [effects] = await dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS uniq FROM "${schema}".ledger_effects`,
    );
    expect(effects).toEqual({ n: EVENTS, uniq: EVENTS });
  }, 120_000);
});
