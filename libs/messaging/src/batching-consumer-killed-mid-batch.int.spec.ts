import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { TestDatabase } from '@revcycle/persistence';
import { createEffectsTable, batchingEffects, effectsTable } from './batching-consumer.test-support';
import { CONSUMER_PROCESS_NAME } from './consumer-process.test-support';
import { EventConsumer } from './inbox/event-consumer';
import { Outbox } from './outbox/outbox';
import { sealEventEnvelope } from './sealing/event-sealing';
import { claimEvent, messagingTestDatabase, testPhiKey, until } from './test-support';
import { BatchingKafkaTransport } from './transport/batching-kafka.transport';
import { KafkaEventPublisher } from './transport/kafka-publisher';

const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const root = resolve(__dirname, '..', '..', '..');
const schema = 'batching';
const KEYS = 40;
const PER_KEY = 25;
const EVENTS = KEYS * PER_KEY;
const STALL_AT = 300;
/** The bound for a restarted consumer to consume again. */
const RECOVERY_BOUND_MS = 5000;
/**
 * A member killed with -9 never leaves the group: its partitions move when its session expires.
 * Restarted at once, a consumer waits about this long (KAFKA_SESSION_TIMEOUT_MS; the bundled broker
 * accepts down to 1 s, a stock one 6 s).
 */
const SESSION_TIMEOUT_MS = 3000;

describe('a batching consumer SIGKILLed mid-batch and restarted (real PostgreSQL, real Kafka)', () => {
  const topic = `test.batching.${randomUUID()}`;
  const group = `test-batching-${randomUUID()}`;
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: KafkaEventPublisher;
  let restarted: BatchingKafkaTransport | undefined;

  beforeAll(async () => {
    ({ db, dataSource } = await messagingTestDatabase(schema));
    await dataSource.query(createEffectsTable(schema));
    kafka = new KafkaEventPublisher({ brokers, clientId: 'batching-test', ssl: false });
  });
  afterAll(async () => {
    await restarted?.close();
    await kafka.close();
    await dataSource.destroy();
    await db.drop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await dataSource.query(sql, params))[0].n);

  it('applies every event once, each key in order, batches in one transaction, and consumes again within seconds', async () => {
    await kafka.ensureTopics([topic], { numPartitions: 12, replicationFactor: -1 });
    // Key k's events 1..PER_KEY, interleaved across keys as a busy outbox would send them.
    const events = Array.from({ length: PER_KEY }, (_, i) =>
      Array.from({ length: KEYS }, (_, k) => claimEvent(k, i + 1)),
    ).flat();
    await kafka.publish(
      events.map((e) => ({ topic, key: e.aggregateId, value: JSON.stringify(sealEventEnvelope(e)) })),
    );

    // 1. A consumer in its own process handles events until the STALL_AT-th, which hangs inside
    //    its batch's open transaction; then the process is SIGKILLed.
    const child = spawn(
      process.execPath,
      [
        '-r',
        join(root, 'libs/codesets/scripts/ts-register.js'),
        join(__dirname, 'consumer-process.test-support.ts'),
        db.url,
        schema,
        brokers.join(','),
        topic,
        group,
        String(STALL_AT),
        String(SESSION_TIMEOUT_MS),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TEST_PHI_KEY: testPhiKey() } },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, signal) => r(signal)));
    await new Promise<void>((ok, fail) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('stalled\n')) ok();
      });
      child.on('exit', (code) =>
        fail(new Error(`consumer child exited (${code}) before stalling: ${stderr}`)),
      );
    });
    const committedBeforeKill = await count(`SELECT count(*) AS n FROM ${effectsTable(schema)}`);
    expect(committedBeforeKill).toBeLessThan(STALL_AT);
    child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await exited).toBe('SIGKILL');
    await until(
      async () =>
        (await count(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1`, [
          CONSUMER_PROCESS_NAME,
        ])) === 0 || undefined,
      'the killed consumer’s sessions to end',
    );

    // 2. Restarted at once, in the same group: it gets the partitions when the group drops the
    //    dead member (its session timeout), and consumes from the last committed offsets.
    let firstHandledAt: number | undefined;
    restarted = new BatchingKafkaTransport({
      connection: { brokers, clientId: 'batching-test-restarted', ssl: false },
      groupId: group,
      partitionsConsumedConcurrently: 4,
      maxMessagesPerTransaction: 50,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
    });
    const consumer = new EventConsumer(dataSource, new Outbox(schema));
    restarted.addHandler(
      topic,
      batchingEffects(consumer, schema, async () => void (firstHandledAt ??= Date.now())),
      true,
    );
    const restartedAt = Date.now();
    expect(restarted.state()).toBe('joining');
    await new Promise<void>((ok, fail) => restarted!.listen((err) => (err ? fail(err) : ok())));
    await until(
      async () => (await count(`SELECT count(*) AS n FROM ${effectsTable(schema)}`)) >= EVENTS || undefined,
      'every event to be applied',
      90_000,
    );
    expect(restarted.state()).toBe('assigned');
    const recoveryMs = firstHandledAt! - restartedAt;
    process.stdout.write(
      `batching consumer recovery: restarted → consuming ${recoveryMs} ms (killed → consuming ${firstHandledAt! - killedAt} ms; session timeout ${SESSION_TIMEOUT_MS} ms; bound ${RECOVERY_BOUND_MS} ms)\n`,
    );

    // Exactly once in effect: every event applied once, and one inbox row each.
    const [effects] = await dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS uniq, count(DISTINCT txid)::int AS transactions
         FROM ${effectsTable(schema)}`,
    );
    expect({ n: effects.n, uniq: effects.uniq }).toEqual({ n: EVENTS, uniq: EVENTS });
    expect(await count(`SELECT count(*) AS n FROM "${schema}".inbox WHERE consumer = 'test.batching'`)).toBe(
      EVENTS,
    );
    // Batches: many events per transaction, not one each.
    expect(effects.transactions).toBeLessThan(EVENTS / 4);
    // Each key's events applied in the order they were sent.
    const outOfOrder = await count(
      `SELECT count(*) AS n FROM (
         SELECT n, lag(n) OVER (PARTITION BY aggregate ORDER BY seq) AS previous FROM ${effectsTable(schema)}
       ) ordered WHERE previous IS NOT NULL AND n <> previous + 1`,
    );
    expect(outOfOrder).toBe(0);
    // The bound (5 s), checked generously: the machine is shared by several test runs.
    expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS * 2);
  }, 180_000);
});
