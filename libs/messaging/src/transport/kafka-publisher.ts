import { Admin, Kafka, Producer } from 'kafkajs';
import { EventPublisher, OutgoingMessage } from './event-publisher';
import { KafkaConnection, kafkaClientConfig } from './kafka-config';

/**
 * Idempotent kafkajs producer (acks=all, one request in flight so a retry cannot reorder a key's
 * messages). Messages are keyed by aggregate id: one claim's events stay on one partition, in order.
 */
export class KafkaEventPublisher implements EventPublisher {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private connected: Promise<void> | undefined;

  constructor(connection: KafkaConnection) {
    this.kafka = new Kafka(kafkaClientConfig(connection));
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
    });
    this.admin = this.kafka.admin();
  }

  private connect(): Promise<void> {
    this.connected ??= Promise.all([this.producer.connect(), this.admin.connect()]).then(() => undefined);
    this.connected.catch(() => (this.connected = undefined));
    return this.connected;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    await this.connect();
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async isReady(): Promise<boolean> {
    try {
      await this.connect();
      const cluster = await this.admin.describeCluster();
      return cluster.brokers.length > 0;
    } catch {
      return false;
    }
  }

  /** Creates topics (and their .dlq) up front so consumers can subscribe before the first event. */
  async ensureTopics(topics: string[], numPartitions = 3): Promise<void> {
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions })),
      });
    }
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = undefined;
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
