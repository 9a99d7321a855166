import { deadLetterTopic } from '@revcycle/contracts';
import { phiColumnContext, phiKeyring } from '@revcycle/security';
import { EntityManager } from 'typeorm';
import { Outbox } from '../outbox/outbox';

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

/** A dead letter as stored beside its `.dlq` event: what DeadLetters lists, replays and discards. */
export interface DeadLetterRecord extends DeadLetter {
  /** The key its aggregate's later events are parked under (the aggregate id in clear), if any. */
  key: string | undefined;
  /** The event id it carries in clear (for a malformed message, as it claims). */
  eventId: string | undefined;
  /** It opened and validated: its inbox row is recorded `dead-lettered`. A malformed message's id is not trusted so. */
  opened: boolean;
  eventType: string;
  /** Its place among the key's dead letters and parked events: a parked event that fails keeps its own. */
  seq?: string;
}

/** The AAD of a stored dead letter's original: its table, column and letter id. */
const originalContext = (schema: string, id: string) =>
  phiColumnContext(`${schema}.dead_letter`, 'original', id);

export const sealOriginal = (schema: string, id: string, original: unknown): string =>
  phiKeyring().encrypt(JSON.stringify(original ?? null), originalContext(schema, id));

export const openOriginal = (schema: string, id: string, sealed: string): unknown =>
  JSON.parse(phiKeyring().decrypt(sealed, originalContext(schema, id)));

/**
 * In the caller's transaction: the inbox row `dead-lettered` (so a redelivery is a no-op), the
 * `<topic>.dlq` event through the outbox, and the dead letter row, whose open status parks its
 * key's later events for this consumer until it is replayed or discarded.
 */
export async function storeDeadLetter(
  manager: EntityManager,
  outbox: Outbox,
  letter: DeadLetterRecord,
): Promise<void> {
  const schema = outbox.schema;
  const eventId = letter.opened ? letter.eventId : undefined;
  if (eventId) {
    await manager.query(
      `INSERT INTO "${schema}".inbox (consumer, event_id, topic, outcome) VALUES ($1, $2, $3, 'dead-lettered')
       ON CONFLICT (consumer, event_id) DO UPDATE SET outcome = 'dead-lettered'`,
      [letter.consumer, letter.eventId, letter.topic],
    );
  }
  const payload: DeadLetter = {
    id: letter.id,
    consumer: letter.consumer,
    topic: letter.topic,
    failedAt: letter.failedAt,
    attempts: letter.attempts,
    errors: letter.errors,
    original: letter.original,
  };
  await outbox.enqueue(
    manager,
    {
      id: letter.id,
      type: deadLetterTopic(letter.topic),
      version: 1,
      occurredAt: letter.failedAt,
      aggregateId: eventId ?? letter.id,
      correlationId: eventId ?? letter.id,
      actor: { id: letter.consumer, role: 'system' },
      payload,
    },
    deadLetterTopic(letter.topic),
  );
  await manager.query(
    `INSERT INTO "${schema}".dead_letter
       (id, seq, consumer, topic, message_key, event_id, event_type, errors, attempts, original, dead_lettered_at)
     VALUES ($1, COALESCE($2::bigint, nextval('"${schema}".dead_letter_seq')), $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      letter.id,
      letter.seq ?? null,
      letter.consumer,
      letter.topic,
      letter.key ?? null,
      letter.eventId ?? null,
      letter.eventType.slice(0, 200),
      letter.errors,
      letter.attempts,
      sealOriginal(schema, letter.id, letter.original),
      letter.failedAt,
    ],
  );
}

/** Parks an event behind its key's open dead letter, in the caller's transaction; a repeat is a no-op. */
export async function parkEvent(
  manager: EntityManager,
  schema: string,
  consumer: string,
  event: { id: string; type: string; key: string; topic: string; received: unknown },
): Promise<void> {
  await manager.query(
    `INSERT INTO "${schema}".parked_event (consumer, event_id, topic, message_key, event_type, envelope)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (consumer, event_id) DO NOTHING`,
    [consumer, event.id, event.topic, event.key, event.type, JSON.stringify(event.received)],
  );
}
