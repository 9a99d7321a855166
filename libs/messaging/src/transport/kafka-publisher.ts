import { Admin, Kafka, Producer } from 'kafkajs';
import { createHash } from 'node:crypto';
import { EarlierSendFailed, EventPublisher, OutgoingMessage } from './event-publisher';
import { KafkaConnection, kafkaClientConfig } from './kafka-config';

export interface KafkaPublisherOptions {
  /**
   * Idempotent producers side by side; a key always goes through the same one (default 4). Each
   * has one request in flight at a time: kafkajs gives the sequence number of a failed request to
   * the next one, so two requests of one producer in flight could reorder, or drop as duplicates,
   * what a retry sends (producer/sendMessages.js). Lanes give concurrency without that.
   */
  lanes?: number;
}

/** Partitions and replication of the topics this platform creates. */
export interface TopicLayout {
  numPartitions: number;
  /** -1: the broker's default.replication.factor. */
  replicationFactor: number;
}

interface Lane {
  producer: Producer;
  tail: Promise<void>;
  pending: number;
}

/**
 * Idempotent kafkajs producers (acks=all) behind one publish(): messages are keyed by aggregate id,
 * so one claim's events stay on one partition, and a key's lane sends them in call order, one
 * request after the other; a request that failed makes the lane's later requests of the same
 * moment fail too (EarlierSendFailed) rather than overtake it, until the lane is idle again.
 * publish() may be called again before the previous call resolved (the relay keeps several
 * batches in flight).
 */
export class KafkaEventPublisher implements EventPublisher {
  private readonly kafka: Kafka;
  private readonly lanes: Lane[];
  private readonly admin: Admin;
  private connected: Promise<void> | undefined;

  constructor(connection: KafkaConnection, options: KafkaPublisherOptions = {}) {
    this.kafka = new Kafka(kafkaClientConfig(connection));
    this.lanes = Array.from({ length: Math.max(1, options.lanes ?? 4) }, () => ({
      producer: this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
      }),
      tail: Promise.resolve(),
      pending: 0,
    }));
    this.admin = this.kafka.admin();
  }

  private connect(): Promise<void> {
    this.connected ??= Promise.all([
      ...this.lanes.map((l) => l.producer.connect()),
      this.admin.connect(),
    ]).then(() => undefined);
    this.connected.catch(() => (this.connected = undefined));
    return this.connected;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    await this.connect();
    const byLane = new Map<Lane, OutgoingMessage[]>();
    for (const m of messages) {
      const lane = this.lanes[laneOf(m.key, this.lanes.length)];
      byLane.set(lane, [...(byLane.get(lane) ?? []), m]);
    }
    await Promise.all([...byLane].map(([lane, list]) => this.sendOnLane(lane, list)));
  }

  private sendOnLane(lane: Lane, messages: OutgoingMessage[]): Promise<void> {
    lane.pending++;
    const sent = lane.tail.then(
      () => this.send(lane.producer, messages),
      (err: Error) => {
        throw err instanceof EarlierSendFailed ? err : new EarlierSendFailed(err);
      },
    );
    lane.tail = sent;
    // The lane's tail is awaited by the next send; its rejection is reported through `sent`.
    sent.catch(() => undefined);
    return sent.finally(() => {
      if (--lane.pending === 0) lane.tail = Promise.resolve();
    });
  }

  private async send(producer: Producer, messages: OutgoingMessage[]): Promise<void> {
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await producer.sendBatch({
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

  /**
   * Creates topics (and their .dlq) up front so consumers can subscribe before the first event. A
   * topic that exists keeps its partitions: adding some would move keys to other partitions while
   * their earlier events wait on the old ones (per-key order); the returned list names those with
   * fewer partitions than asked, for the caller to report.
   */
  async ensureTopics(
    topics: string[],
    layout: TopicLayout = { numPartitions: 12, replicationFactor: -1 },
  ): Promise<Array<{ topic: string; partitions: number }>> {
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, ...layout })),
      });
    }
    const present = topics.filter((t) => existing.has(t));
    if (present.length === 0) return [];
    const metadata = await this.admin.fetchTopicMetadata({ topics: present });
    return metadata.topics
      .map((t) => ({ topic: t.name, partitions: t.partitions.length }))
      .filter((t) => t.partitions < layout.numPartitions);
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = undefined;
    await Promise.allSettled([...this.lanes.map((l) => l.producer.disconnect()), this.admin.disconnect()]);
  }
}

function laneOf(key: string, lanes: number): number {
  return lanes === 1 ? 0 : createHash('md5').update(key).digest().readUInt32BE(0) % lanes;
}
