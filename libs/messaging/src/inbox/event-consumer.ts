import { EventDefinition, EventEnvelope, openEvent } from '@revcycle/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { DeadLetterReplay } from '../dead-letters/dead-letter-replay';
import { parkEvent, storeDeadLetter } from '../dead-letters/dead-letter-store';
import { Outbox } from '../outbox/outbox';
import { keyringPayloadOpener } from '../sealing/event-sealing';
import { ConsumerBatch, currentConsumeScope, eventIdOf, messageKeyOf } from './consumer-batch';
import { isTransientFailure } from './transient-failure';

export type { DeadLetter } from '../dead-letters/dead-letter-store';

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * `deferred`: inside a batch, an event to handle on its own once the batch rolled back (ConsumerBatch).
 * `parked`: stored behind an open dead letter of its key, applied when that one is replayed or
 * discarded. `skipped`: a replay meant for another consumer.
 */
export type ConsumeOutcome = 'processed' | 'duplicate' | 'dead-lettered' | 'deferred' | 'parked' | 'skipped';

export type EventHandler<T> = (event: EventEnvelope<T>, manager: EntityManager) => Promise<void>;

export interface ConsumerLog {
  (level: 'warn' | 'error' | 'info', message: string, fields?: Record<string, unknown>): void;
}

/**
 * Consumes one event exactly once in effect: the handler's state change and the inbox row
 * (consumer, event id) commit in one transaction, so a redelivered event is a no-op. A failing
 * handler is retried with exponential backoff; then, as a malformed event is at once, the message
 * goes to `<topic>.dlq` (through the outbox, so it is not lost either) and consumption goes on.
 * Payloads arrive sealed (SealedEventEnvelope) and are opened before validation; one that is in
 * clear, or does not open (key not in the keyring, sealed to another event id, tampered), is a
 * malformed event. Logs name the event and its problems, never its content.
 *
 * Under the batching Kafka transport (BatchingKafkaTransport) a whole partition batch shares one
 * transaction: the batch's inbox rows go in with one statement and the handlers run on its manager
 * with no retry; a handler that throws, or a malformed event (`deferred`), rolls the batch back and
 * the transport replays it one event per transaction through the path above. There a transient failure (database
 * away: isTransientFailure) is thrown back to the transport, which retries it, never dead-lettered.
 *
 * Parking: once an event of key K (its aggregate id, the message key) is dead-lettered by a
 * consumer, every later event of K for that consumer is parked — stored, not applied — in the
 * transaction that would have applied it, until the dead letter is replayed or discarded
 * (DeadLetters), which applies the parked events in their order. A redelivered event that was
 * applied before the dead letter is still a duplicate, not parked.
 */
export class EventConsumer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly retry: RetryPolicy = { attempts: 4, initialDelayMs: 100, maxDelayMs: 5000 },
    private readonly log: ConsumerLog = () => undefined,
  ) {}

  async consume<T>(
    consumer: string,
    definition: EventDefinition<T>,
    raw: unknown,
    handler: EventHandler<T>,
  ): Promise<ConsumeOutcome> {
    const scope = currentConsumeScope();
    if (scope instanceof ConsumerBatch) return this.consumeInBatch(scope, consumer, definition, raw, handler);
    if (scope instanceof DeadLetterReplay)
      return this.consumeReplayed(scope, consumer, definition, raw, handler);
    const parsed = openEvent(definition, raw, keyringPayloadOpener());
    if (!parsed.ok) {
      this.log('warn', 'malformed event sent to the dead-letter topic', {
        consumer,
        topic: definition.type,
        problems: parsed.problems,
      });
      await this.deadLetter(consumer, definition.type, parsed.received, undefined, 0, parsed.problems);
      return 'dead-lettered';
    }
    const event = parsed.event;
    const errors: string[] = [];
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      try {
        return await this.handleOnce(consumer, event, parsed.received, handler);
      } catch (err) {
        if (scope === 'redelivering' && isTransientFailure(err)) throw err;
        errors.push(`attempt ${attempt}: ${(err as Error).message}`);
        this.log('warn', 'event handler failed', {
          consumer,
          topic: event.type,
          eventId: event.id,
          attempt,
          error: (err as Error).message,
        });
        if (attempt < this.retry.attempts)
          await sleep(Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 4 ** (attempt - 1)));
      }
    }
    this.log('error', 'event sent to the dead-letter topic after retries', {
      consumer,
      topic: event.type,
      eventId: event.id,
    });
    await this.deadLetter(consumer, event.type, parsed.received, event.id, this.retry.attempts, errors);
    return 'dead-lettered';
  }

  private async consumeInBatch<T>(
    batch: ConsumerBatch,
    consumer: string,
    definition: EventDefinition<T>,
    raw: unknown,
    handler: EventHandler<T>,
  ): Promise<ConsumeOutcome> {
    const parsed = openEvent(definition, raw, keyringPayloadOpener());
    if (!parsed.ok || !batch.announces(parsed.event.id)) {
      // Dead-lettered, or claimed, on its own: the transport rolls the batch back and replays it.
      batch.defer();
      return 'deferred';
    }
    const event = parsed.event;
    const claimed = await batch.claim(this.dataSource, this.outbox.schema, consumer, event.id);
    if (claimed === 'duplicate') return 'duplicate';
    const manager = await batch.manager(this.dataSource);
    if (claimed === 'park') {
      await this.park(manager, consumer, event, parsed.received);
      return 'parked';
    }
    await handler(event, manager);
    return 'processed';
  }

  /**
   * A dead letter replayed, or an event parked behind one applied (DeadLetters): only the consumer
   * the replay targets applies it, on the replay's transaction, inside a savepoint, and tells the
   * replay how it went (errors are not thrown: Nest's RPC layer in between would replace them).
   */
  private async consumeReplayed<T>(
    replay: DeadLetterReplay,
    consumer: string,
    definition: EventDefinition<T>,
    raw: unknown,
    handler: EventHandler<T>,
  ): Promise<ConsumeOutcome> {
    if (!replay.targets(this.outbox.schema, consumer)) return 'skipped';
    if (replay.eventId !== undefined && eventIdOf(raw) !== replay.eventId) return 'skipped';
    const parsed = openEvent(definition, raw, keyringPayloadOpener());
    if (!parsed.ok) {
      replay.failed(new Error(parsed.problems.join('; ')));
      return 'dead-lettered';
    }
    const runner = replay.manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('a replay runs inside its own transaction');
    await runner.query('SAVEPOINT dead_letter_replay');
    try {
      await handler(parsed.event, replay.manager);
      await runner.query('RELEASE SAVEPOINT dead_letter_replay');
      replay.applied();
      return 'processed';
    } catch (err) {
      // A connection that is gone cannot roll back to the savepoint: the replay's transaction fails whole.
      if (!isTransientFailure(err)) await runner.query('ROLLBACK TO SAVEPOINT dead_letter_replay');
      replay.failed(err instanceof Error ? err : new Error(String(err)));
      return 'dead-lettered';
    }
  }

  /**
   * One event in its own transaction: a duplicate when this consumer has it in its inbox, parked
   * when its key has an open dead letter of this consumer (share-locked, so a replay resolving that
   * dead letter is waited for), else applied with its inbox row. One statement decides.
   */
  private async handleOnce<T>(
    consumer: string,
    event: EventEnvelope<T>,
    received: unknown,
    handler: EventHandler<T>,
  ): Promise<ConsumeOutcome> {
    const schema = this.outbox.schema;
    const key = messageKeyOf(received) ?? null;
    return this.dataSource.transaction(async (manager) => {
      const [decided]: Array<{ seen: boolean; blocked: boolean; inserted: boolean }> = await manager.query(
        `WITH seen AS (SELECT 1 FROM "${schema}".inbox WHERE consumer = $1 AND event_id = $2),
         blocked AS (SELECT 1 FROM "${schema}".dead_letter
           WHERE consumer = $1 AND message_key = $4 AND status = 'open' FOR SHARE),
         ins AS (INSERT INTO "${schema}".inbox (consumer, event_id, topic, outcome)
           SELECT $1, $2, $3, 'processed' WHERE NOT EXISTS (SELECT 1 FROM seen) AND NOT EXISTS (SELECT 1 FROM blocked)
           ON CONFLICT DO NOTHING RETURNING event_id)
         SELECT EXISTS (SELECT 1 FROM seen) AS seen, EXISTS (SELECT 1 FROM blocked) AS blocked,
                EXISTS (SELECT 1 FROM ins) AS inserted`,
        [consumer, event.id, event.type, key],
      );
      if (decided.inserted) {
        await handler(event, manager);
        return 'processed';
      }
      if (decided.seen || !decided.blocked || key === null) return 'duplicate';
      await this.park(manager, consumer, event, received);
      return 'parked';
    });
  }

  private async park<T>(
    manager: EntityManager,
    consumer: string,
    event: EventEnvelope<T>,
    received: unknown,
  ): Promise<void> {
    const key = messageKeyOf(received) ?? event.aggregateId;
    await parkEvent(manager, this.outbox.schema, consumer, {
      id: event.id,
      type: event.type,
      key,
      topic: event.type,
      received,
    });
    this.log('info', 'event parked behind a dead letter of its key', {
      consumer,
      topic: event.type,
      eventId: event.id,
    });
  }

  private async deadLetter(
    consumer: string,
    topic: string,
    original: unknown,
    eventId: string | undefined,
    attempts: number,
    errors: string[],
  ): Promise<void> {
    const type = (original as { type?: unknown } | null)?.type;
    await this.dataSource.transaction((manager) =>
      storeDeadLetter(manager, this.outbox, {
        id: randomUUID(),
        consumer,
        topic,
        failedAt: new Date().toISOString(),
        attempts,
        errors,
        original,
        key: messageKeyOf(original),
        eventId: eventId ?? eventIdOf(original),
        opened: eventId !== undefined,
        eventType: typeof type === 'string' && type.length > 0 ? type : topic,
      }),
    );
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
