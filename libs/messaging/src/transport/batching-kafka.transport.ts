import { CustomTransportStrategy, KafkaContext, MessageHandler, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { ConsumerBatch, inConsumeScope } from '../inbox/consumer-batch';
import { ConsumerGroupState, ConsumerGroupStatus } from './consumer-group-status';
import { KafkaConnection, kafkaClientConfig } from './kafka-config';
import { PartitionPiece, PieceGathering } from './partition-pieces';

export interface BatchingKafkaOptions {
  connection: KafkaConnection;
  groupId: string;
  /** Partitions of this process handled side by side (each holds one pooled connection while it runs). */
  partitionsConsumedConcurrently: number;
  /** Most messages handled in one transaction; a longer fetched batch is cut into such pieces. */
  maxMessagesPerTransaction: number;
  /**
   * The broker drops a member it has not heard from in this long (a killed instance's partitions move
   * then). A broker that refuses it (below its group.min.session.timeout.ms) gets
   * STOCK_MIN_SESSION_TIMEOUT_MS instead, with a warning.
   */
  sessionTimeoutMs: number;
  /** Most ms between heartbeats, and the longest an idle fetch waits (default a third of the session, at most 1 s). */
  heartbeatIntervalMs?: number;
  /** How long a rebalance waits for the live members to rejoin (default twice the session, at least 10 s). */
  rebalanceTimeoutMs?: number;
  /** A fetch waits for this many bytes (at most the heartbeat interval): larger, fewer batches (default 1). */
  fetchMinBytes?: number;
  /** The longest a fetch waits for fetchMinBytes (default, and at most, the heartbeat interval). */
  fetchMaxWaitMs?: number;
  /** Resolved offsets committed at most this often (ms); default 0, after every batch. */
  commitIntervalMs?: number;
  log?: (level: 'warn' | 'error' | 'info', message: string, fields?: Record<string, unknown>) => void;
}

/**
 * A Nest microservice transport over kafkajs `eachBatch`, for the same @EventPattern handlers as
 * Nest's stock Kafka server, which hands them one message per partition at a time. Here:
 * - each partition's messages go, in offset order, through one database transaction per piece of
 *   at most maxMessagesPerTransaction (ConsumerBatch: the inbox rows in one statement, then the
 *   handlers on the batch's manager); a key's events stay in order because a key has one partition;
 * - the offset is committed only after that transaction committed: a consumer killed mid-batch
 *   leaves it uncommitted and whoever gets the partition consumes it again, the inbox making the
 *   already-committed events duplicates;
 * - a batch that fails (a handler throws, a malformed event) is rolled back and replayed one event
 *   per transaction (EventConsumer's retries and dead letters); when that fails too — the database
 *   away — the partition waits and tries again, offset uncommitted, nothing dead-lettered;
 * - the pieces of a topic's partitions handed over together (one fetch) are gathered into one
 *   transaction (PieceGathering), rolled back and consumed partition by partition when it fails;
 * - partitions run side by side (partitionsConsumedConcurrently), and /health reads `state()`:
 *   `joining` until the group has assigned this member its partitions.
 */
export class BatchingKafkaTransport extends Server implements CustomTransportStrategy, ConsumerGroupStatus {
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;
  private groupState: ConsumerGroupState = 'joining';
  /** Crashes kafkajs gave up on since the group last assigned this member its partitions. */
  private crashesSinceAssigned = 0;
  /** Per topic: its partitions' pieces handed over together, consumed in one transaction. */
  private readonly gatherings = new Map<string, PieceGathering>();

  constructor(private readonly options: BatchingKafkaOptions) {
    super();
    this.kafka = new Kafka(kafkaClientConfig(options.connection));
  }

  state(): ConsumerGroupState {
    return this.groupState;
  }

  listen(callback: (err?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (err) => callback(err),
    );
  }

  private async start(sessionTimeout = this.options.sessionTimeoutMs): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    // A third of the session, at most a second: the group notices a rebalance, and we notice it, soon.
    const heartbeatInterval = Math.min(
      this.options.heartbeatIntervalMs ?? Math.min(1000, Math.floor(sessionTimeout / 3)),
      sessionTimeout - 1,
    );
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout,
      heartbeatInterval,
      // kafkajs heartbeats between fetches: an idle fetch held longer than the session (its default
      // is 5 s) would cost the member its place in the group.
      maxWaitTimeInMs: Math.min(this.options.fetchMaxWaitMs ?? heartbeatInterval, heartbeatInterval),
      minBytes: this.options.fetchMinBytes ?? 1,
      rebalanceTimeout: this.options.rebalanceTimeoutMs ?? Math.max(sessionTimeout * 2, 10_000),
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.groupState = 'assigned';
      this.crashesSinceAssigned = 0;
    });
    consumer.on(consumer.events.REBALANCING, () => (this.groupState = 'joining'));
    consumer.on(consumer.events.STOP, () => (this.groupState = 'stopped'));
    // kafkajs restarts a consumer after a retriable crash; one it does not restart consumes no more,
    // unless it was refused for a session shorter than the broker allows: then again with the stock minimum.
    consumer.on(consumer.events.CRASH, (e) => {
      if (
        !e.payload.restart &&
        this.consumer === consumer &&
        sessionTimeout < STOCK_MIN_SESSION_TIMEOUT_MS &&
        errorType(e.payload.error) === 'INVALID_SESSION_TIMEOUT'
      ) {
        this.options.log?.(
          'warn',
          'the broker refuses the session timeout (below its group.min.session.timeout.ms): joining with the stock minimum',
          {
            groupId: this.options.groupId,
            sessionTimeoutMs: sessionTimeout,
            nowMs: STOCK_MIN_SESSION_TIMEOUT_MS,
          },
        );
        this.groupState = 'joining';
        this.start(STOCK_MIN_SESSION_TIMEOUT_MS).catch((err: Error) => {
          this.groupState = 'stopped';
          this.options.log?.('error', 'consumer did not start again', { error: err.message });
        });
        return;
      }
      if (e.payload.restart || this.consumer !== consumer) {
        this.groupState = 'joining';
        return;
      }
      this.startAgainAfterCrash(consumer, sessionTimeout, errorType(e.payload.error) ?? e.payload.error.name);
    });
    await consumer.connect();
    if (topics.length > 0) await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatchAutoResolve: false,
      autoCommit: true,
      // Only resolved offsets are committed, so only ever after their transaction committed: at once
      // by default, or on an interval (fewer commits; a crash redelivers more, which the inbox absorbs).
      ...(this.options.commitIntervalMs
        ? { autoCommitInterval: this.options.commitIntervalMs }
        : { autoCommitThreshold: 1 }),
      eachBatch: (payload) => this.consumeBatch(payload),
    });
  }

  /**
   * kafkajs does not restart a consumer after a crash it deems not retriable (REBALANCE_IN_PROGRESS
   * or ILLEGAL_GENERATION while the group re-forms after a broker restart, say): such a member would
   * consume nothing until the process is restarted. It is started again here — a new consumer, after
   * a backoff that doubles per crash since the last assignment, up to 30 s — until the transport is
   * closed; /health says `joining` meanwhile.
   */
  private startAgainAfterCrash(crashed: Consumer, sessionTimeout: number, error: string): void {
    this.groupState = 'joining';
    const attempt = ++this.crashesSinceAssigned;
    const backoffMs = Math.min(30_000, 500 * 2 ** Math.min(attempt - 1, 6));
    this.options.log?.('error', 'consumer crashed and kafkajs will not restart it: starting it again', {
      groupId: this.options.groupId,
      error,
      attempt,
      backoffMs,
    });
    setTimeout(() => {
      if (this.consumer !== crashed) return; // closed, or replaced already
      crashed
        .disconnect()
        .catch(() => undefined)
        .then(() => (this.consumer === crashed ? this.start(sessionTimeout) : undefined))
        .catch((err: Error) => {
          if (this.consumer) this.startAgainAfterCrash(this.consumer, sessionTimeout, err.message);
        });
    }, backoffMs).unref();
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale } = payload;
    const handler = this.getHandlerByPattern(batch.topic);
    if (!handler) {
      this.options.log?.('warn', 'no handler for a subscribed topic: messages skipped', {
        topic: batch.topic,
      });
      resolveOffset(batch.lastOffset());
      return;
    }
    const size = this.options.maxMessagesPerTransaction;
    for (let start = 0; start < batch.messages.length; start += size) {
      if (!isRunning() || isStale()) return;
      const messages = batch.messages.slice(start, start + size);
      const piece = { partition: batch.partition, messages, handler, payload };
      const done = await this.gathering(batch.topic).consume(piece);
      if (!done) return;
      resolveOffset(messages[messages.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private gathering(topic: string): PieceGathering {
    let gathering = this.gatherings.get(topic);
    if (!gathering) {
      gathering = new PieceGathering(this.options.maxMessagesPerTransaction, {
        together: (pieces) => this.inOneTransaction(topic, pieces),
        alone: (p) => this.handleUntilCommitted(topic, p),
      });
      this.gatherings.set(topic, gathering);
    }
    return gathering;
  }

  /**
   * Pieces of one topic (one partition's, or several gathered) in one transaction: true once it
   * committed; false when it was rolled back (an event to be handled on its own, a handler that
   * threw). Heartbeats between events (kafkajs sends one per heartbeatInterval at most) keep a long
   * batch within the session; one that says the group is rebalancing ends it, uncommitted.
   */
  private async inOneTransaction(topic: string, pieces: PartitionPiece[]): Promise<boolean> {
    const values = pieces.map((p) => p.messages.map((m) => parseValue(m.value)));
    const batch = new ConsumerBatch(topic, values.flat());
    const heartbeat = pieces[0].payload.heartbeat;
    try {
      await inConsumeScope(batch, async () => {
        for (const [k, p] of pieces.entries()) {
          for (const [i, m] of p.messages.entries()) {
            await this.invoke(p.handler, values[k][i], m, p.partition, p.payload);
            if (batch.deferred) return;
            await heartbeat().catch((err: Error) => {
              throw new GroupMoved(err);
            });
          }
        }
      });
      if (batch.deferred) {
        await batch.rollback();
        return false;
      }
      await batch.commit();
      return true;
    } catch (err) {
      await batch.rollback();
      if (err instanceof GroupMoved) throw err.cause;
      return false;
    }
  }

  /** False when the partition was taken away (or the consumer stopped) before the piece committed. */
  private async handleUntilCommitted(topic: string, piece: PartitionPiece): Promise<boolean> {
    const { partition, messages, handler, payload } = piece;
    const redeliverAll = async () => {
      for (const m of messages) {
        await this.invoke(handler, parseValue(m.value), m, partition, payload);
        await payload.heartbeat().catch((err: Error) => {
          throw new GroupMoved(err);
        });
      }
    };
    for (let failures = 0; ; failures++) {
      if (await this.inOneTransaction(topic, [piece])) return true;
      try {
        await inConsumeScope('redelivering', redeliverAll);
        return true;
      } catch (err) {
        if (err instanceof GroupMoved) throw err.cause;
        const retryInMs = Math.min(10_000, 200 * 2 ** Math.min(failures, 6));
        this.options.log?.('warn', 'consumer batch failed, will retry (offset not committed)', {
          topic,
          partition,
          firstOffset: messages[0].offset,
          attempt: failures + 1,
          retryInMs,
          error: (err as Error).message,
        });
        if (!payload.isRunning() || payload.isStale()) return false;
        await sleep(retryInMs);
        if (!payload.isRunning() || payload.isStale()) return false;
        await payload.heartbeat();
      }
    }
  }

  private async invoke(
    handler: MessageHandler,
    value: unknown,
    message: KafkaMessage,
    partition: number,
    payload: EachBatchPayload,
  ): Promise<void> {
    const context = new KafkaContext([
      message,
      partition,
      payload.batch.topic,
      this.consumer as never,
      payload.heartbeat,
      undefined as unknown as Producer,
    ]);
    const result = await handler(value, context);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }

  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.groupState = 'stopped';
    await consumer?.disconnect();
  }

  on(): void {
    // Transport events are observed through state().
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}

/** group.min.session.timeout.ms of a broker left at its defaults. */
export const STOCK_MIN_SESSION_TIMEOUT_MS = 6000;

/** The Kafka error code name of an error or of what caused it (kafkajs wraps them). */
function errorType(err: unknown): string | undefined {
  for (let e = err as { type?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (typeof e.type === 'string') return e.type;
  return undefined;
}

/** A heartbeat failed (the group rebalances): handed back to kafkajs, which rejoins. */
class GroupMoved extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/** Mirrors Nest's Kafka parser: JSON when it parses, the text otherwise, null for a tombstone. */
function parseValue(value: Buffer | null): unknown {
  if (value === null) return null;
  const text = value.toString();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
