/**
 * A BatchingKafkaTransport consumer in its own process, for the test that SIGKILLs one mid-batch.
 * Arguments: DATABASE_URL SCHEMA BROKERS TOPIC GROUP STALL_AT SESSION_TIMEOUT_MS. Each event inserts an effect row
 * (in the batch's transaction); the STALL_AT-th event handled stalls inside its open transaction and
 * the process prints `stalled`, for the parent's SIGKILL to land mid-batch.
 */
import { DataSource } from 'typeorm';
import { EventConsumer } from './inbox/event-consumer';
import { Outbox } from './outbox/outbox';
import { ensureTestPhiKeyring } from './test-support';
import { BatchingKafkaTransport } from './transport/batching-kafka.transport';
import { batchingEffects } from './batching-consumer.test-support';

export const CONSUMER_PROCESS_NAME = 'batching-consumer-child';

async function main(): Promise<void> {
  const [url, schema, brokers, topic, group, stallAt, sessionTimeoutMs] = process.argv.slice(2);
  ensureTestPhiKeyring(process.env['TEST_PHI_KEY']);
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema,
    applicationName: CONSUMER_PROCESS_NAME,
  });
  await dataSource.initialize();
  const transport = new BatchingKafkaTransport({
    connection: { brokers: brokers.split(','), clientId: CONSUMER_PROCESS_NAME, ssl: false },
    groupId: group,
    partitionsConsumedConcurrently: 4,
    maxMessagesPerTransaction: 50,
    sessionTimeoutMs: Number(sessionTimeoutMs),
  });
  let handled = 0;
  transport.addHandler(
    topic,
    batchingEffects(new EventConsumer(dataSource, new Outbox(schema)), schema, async () => {
      if (++handled === Number(stallAt)) {
        process.stdout.write('stalled\n');
        await new Promise<never>(() => undefined);
      }
    }),
    true,
  );
  transport.listen((err) => {
    if (err) throw err;
    process.stdout.write('listening\n');
  });
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`consumer child: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
