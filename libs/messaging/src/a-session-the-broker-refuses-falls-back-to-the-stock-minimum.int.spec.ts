import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { BatchingKafkaTransport, STOCK_MIN_SESSION_TIMEOUT_MS } from './transport/batching-kafka.transport';

/**
 * KAFKA_SESSION_TIMEOUT_MS defaults below a stock broker's group.min.session.timeout.ms (6000), so
 * that a killed instance's partitions move sooner where the broker allows it. A broker that refuses
 * the session (INVALID_SESSION_TIMEOUT) must not leave the service without consumers: the
 * transport joins again with the stock minimum and says so. The test broker (kafka.sh) allows 1 s,
 * so a 500 ms session stands in for the refused one.
 */
describe('a session timeout the broker refuses', () => {
  let transport: BatchingKafkaTransport | undefined;

  afterEach(async () => {
    await transport?.close();
  });

  it(`joins the group with ${STOCK_MIN_SESSION_TIMEOUT_MS} ms instead, with a warning, and is assigned`, async () => {
    const brokers = process.env['KAFKA_BROKERS']!.split(',');
    const topic = `session-fallback-${randomUUID()}`;
    const admin = new Kafka({ clientId: 'session-fallback-admin', brokers, logLevel: logLevel.WARN }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    transport = new BatchingKafkaTransport({
      connection: { brokers, clientId: 'session-fallback-test', ssl: false },
      groupId: `session-fallback-${randomUUID()}`,
      partitionsConsumedConcurrently: 1,
      maxMessagesPerTransaction: 10,
      sessionTimeoutMs: 500,
      heartbeatIntervalMs: 100,
      log: (level, message, fields) => {
        if (level === 'warn') warnings.push({ message, fields });
      },
    });
    transport.addHandler(topic, async () => undefined, true);
    await new Promise<void>((ok, fail) => transport!.listen((err) => (err ? fail(err) : ok())));
    const deadline = Date.now() + 60000;
    while (transport.state() !== 'assigned' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(transport.state()).toBe('assigned');
    expect(warnings).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/refuses the session timeout/),
        fields: expect.objectContaining({ sessionTimeoutMs: 500, nowMs: STOCK_MIN_SESSION_TIMEOUT_MS }),
      }),
    ]);
  }, 90000);
});
