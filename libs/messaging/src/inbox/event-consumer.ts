import { EventDefinition, EventEnvelope, deadLetterTopic, openEvent } from '@revcycle/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { Outbox } from '../outbox/outbox';
import { keyringPayloadOpener } from '../sealing/event-sealing';
import { ConsumerBatch, currentConsumeScope } from './consumer-batch';
import { isTransientFailure } from './transient-failure';

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** `deferred`: inside a batch, an event to handle on its own once the batch rolled back (ConsumerBatch). */
export type ConsumeOutcome = 'processed' | 'duplicate' | 'dead-lettered' | 'deferred';

export type EventHandler<T> = (event: EventEnvelope<T>, manager: EntityManager) => Promise<void>;

export interface ConsumerLog {
  (level: 'warn' | 'error' | 'info', message: string, fields?: Record<string, unknown>): void;
}

/**
 * A message that goes to `<topic>.dlq`: the original as received (a sealed envelope stays sealed),
 * and why it could not be handled. The letter is itself an event through the outbox, so its payload
 * (this, the original included) is sealed again under its own id: no clear PHI on the .dlq either.
 */
export interface DeadLetter {
  id: string;
  consumer: string;
  topic: string;
  failedAt: string;
  attempts: number;
  errors: string[];
  original: unknown;
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
        return await this.handleOnce(consumer, event, handler);
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
    if (!(await batch.claim(this.dataSource, this.outbox.schema, consumer, event.id))) return 'duplicate';
    await handler(event, await batch.manager(this.dataSource));
    return 'processed';
  }

  private async handleOnce<T>(
    consumer: string,
    event: EventEnvelope<T>,
    handler: EventHandler<T>,
  ): Promise<ConsumeOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "${this.outbox.schema}".inbox (consumer, event_id, topic, outcome) VALUES ($1, $2, $3, 'processed')
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumer, event.id, event.type],
      );
      if (inserted.length === 0) return 'duplicate';
      await handler(event, manager);
      return 'processed';
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
    const letter: DeadLetter = {
      id: randomUUID(),
      consumer,
      topic,
      failedAt: new Date().toISOString(),
      attempts,
      errors,
      original,
    };
    await this.dataSource.transaction(async (manager) => {
      if (eventId) {
        await manager.query(
          `INSERT INTO "${this.outbox.schema}".inbox (consumer, event_id, topic, outcome) VALUES ($1, $2, $3, 'dead-lettered')
           ON CONFLICT DO NOTHING`,
          [consumer, eventId, topic],
        );
      }
      await this.outbox.enqueue(
        manager,
        {
          id: letter.id,
          type: deadLetterTopic(topic),
          version: 1,
          occurredAt: letter.failedAt,
          aggregateId: eventId ?? letter.id,
          correlationId: eventId ?? letter.id,
          actor: { id: consumer, role: 'system' },
          payload: letter,
        },
        deadLetterTopic(topic),
      );
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
