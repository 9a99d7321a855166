import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { BatchingKafkaTransport } from './transport/batching-kafka.transport';

/**
 * kafkajs does not restart a consumer after a crash it deems not retriable (REBALANCE_IN_PROGRESS or
 * ILLEGAL_GENERATION while the group re-forms after a broker restart, say): left alone the service
 * would consume nothing, its /health down, until someone restarts the process. The transport starts a
 * new consumer after a growing backoff instead, and stops trying once closed. On the real broker, a
 * session above group.max.session.timeout.ms (stock: 30 min) is such a crash (INVALID_SESSION_TIMEOUT).
 */
describe('a consumer kafkajs gives up on', () => {
  let transport: BatchingKafkaTransport | undefined;
  afterEach(async () => {
    await transport?.close();
  });

  it('is started again with a growing backoff, reported as joining, and no more once closed', async () => {
    const brokers = process.env['KAFKA_BROKERS']!.split(',');
    const topic = `crash-restart-${randomUUID()}`;
    const admin = new Kafka({ clientId: 'crash-restart-admin', brokers, logLevel: logLevel.WARN }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const restarts: Array<Record<string, unknown>> = [];
    transport = new BatchingKafkaTransport({
      connection: { brokers, clientId: 'crash-restart-test', ssl: false },
      groupId: `crash-restart-${randomUUID()}`,
      partitionsConsumedConcurrently: 1,
      maxMessagesPerTransaction: 10,
      sessionTimeoutMs: 31 * 60_000,
      heartbeatIntervalMs: 1000,
      log: (level, message, fields) => {
        if (level === 'error' && /starting it again/.test(message)) restarts.push(fields ?? {});
      },
    });
    transport.addHandler(topic, async () => undefined, true);
    await new Promise<void>((ok, fail) => transport!.listen((err) => (err ? fail(err) : ok())));
    const deadline = Date.now() + 60_000;
    while (restarts.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    expect(restarts.map((r) => [r['attempt'], r['backoffMs']])).toEqual([
      [1, 500],
      [2, 1000],
      [3, 2000],
    ]);
    expect(restarts[0]).toMatchObject({ error: 'INVALID_SESSION_TIMEOUT' });
    expect(transport.state()).toBe('joining');

    await transport.close();
    expect(transport.state()).toBe('stopped');
    const after = restarts.length;
    await new Promise((r) => setTimeout(r, 2000));
    expect(restarts.length).toBe(after);
  }, 90_000);
});
