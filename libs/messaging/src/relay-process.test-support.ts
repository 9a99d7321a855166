/**
 * A real outbox relay in its own process, for the test that SIGKILLs one mid-batch. Arguments:
 * DATABASE_URL SCHEMA BROKERS BATCH_SIZE STALL_AT_BATCH. It prints `acked N` on stdout as Kafka
 * acknowledges batch N; batch STALL_AT_BATCH then stays sent and not yet marked published, so the
 * parent's SIGKILL lands at the worst moment for exactly-once.
 */
import { DataSource } from 'typeorm';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { EventPublisher } from './transport/event-publisher';
import { KafkaEventPublisher } from './transport/kafka-publisher';

export const RELAY_PROCESS_NAME = 'outbox-relay-child';

async function main(): Promise<void> {
  const [url, schema, brokers, batchSize, stallAt] = process.argv.slice(2);
  const dataSource = new DataSource({ type: 'postgres', url, schema, applicationName: RELAY_PROCESS_NAME });
  await dataSource.initialize();
  const kafka = new KafkaEventPublisher({
    brokers: brokers.split(','),
    clientId: RELAY_PROCESS_NAME,
    ssl: false,
  });
  let batches = 0;
  const reporting: EventPublisher = {
    publish: async (messages) => {
      await kafka.publish(messages);
      batches++;
      process.stdout.write(`acked ${batches} ${messages.length}\n`);
      if (batches === Number(stallAt)) await new Promise<never>(() => undefined);
    },
    isReady: () => kafka.isReady(),
    close: () => kafka.close(),
  };
  new OutboxRelay(dataSource, new Outbox(schema), reporting, {
    pollMs: 20,
    batchSize: Number(batchSize),
    // One batch at a time: the parent counts what reached the topic before the stalled batch.
    inFlight: 1,
  }).start();
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`relay child: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
