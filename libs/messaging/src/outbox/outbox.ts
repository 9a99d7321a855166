import { EventEnvelope } from '@revcycle/contracts';
import { EntityManager } from 'typeorm';
import { sealEventEnvelope } from '../sealing/event-sealing';

/**
 * Writes events into the service's outbox inside the caller's transaction, so the state change and
 * the event commit together or not at all. The relay publishes them afterwards. Every payload is
 * sealed here (SealedEventEnvelope): the outbox row, the message on the transport and a dead letter
 * of it hold no clear PHI, and no event type can be forgotten. Other code that inserts outbox rows
 * must notify outboxChannel(schema) in its transaction too, or the relay sees them only when it polls.
 */
export class Outbox {
  constructor(readonly schema: string) {}

  async enqueue(
    manager: EntityManager,
    envelopes: EventEnvelope | EventEnvelope[],
    topic?: string,
  ): Promise<void> {
    const list = Array.isArray(envelopes) ? envelopes : [envelopes];
    if (list.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.enqueue must run inside the transaction that changes the state');
    }
    const { rows, values } = this.sealedRows(list, 1, topic);
    values.push(outboxChannel(this.schema));
    // The NOTIFY is delivered when this transaction commits, not before: the relay (RelaySession)
    // wakes to rows it can see. One statement: the insert and the notification cost one round trip.
    await manager.query(
      `WITH queued AS (INSERT INTO "${this.schema}".outbox (event_id, topic, message_key, envelope) VALUES ${rows.join(', ')})
       SELECT pg_notify($${values.length}, '')`,
      values,
    );
  }

  /**
   * The outbox insert as two common table expressions of the caller's one statement (which is its
   * own transaction: the state change and its events commit together without BEGIN and COMMIT, one
   * round trip): `queued` inserts the sealed rows when `when` (SQL over the caller's CTEs) holds,
   * `notified` sends the NOTIFY when it inserted any — the statement's last SELECT must read
   * `notified` (an unread SELECT CTE is not run). Parameters from `$first` on.
   */
  queuedInStatement(
    envelopes: EventEnvelope[],
    first: number,
    when: string,
  ): { ctes: string; values: unknown[] } {
    const { rows, values } = this.sealedRows(envelopes, first);
    values.push(outboxChannel(this.schema));
    const channel = `$${first + values.length - 1}`;
    return {
      ctes: `queued AS (INSERT INTO "${this.schema}".outbox (event_id, topic, message_key, envelope)
          SELECT v.* FROM (VALUES ${rows.join(', ')}) AS v WHERE ${when} RETURNING 1),
        notified AS (SELECT pg_notify(${channel}, '') FROM (SELECT 1 FROM queued LIMIT 1) AS q)`,
      values,
    };
  }

  private sealedRows(list: EventEnvelope[], first: number, topic?: string) {
    const values: unknown[] = [];
    const rows = list.map((e, i) => {
      values.push(e.id, topic ?? e.type, e.aggregateId, JSON.stringify(sealEventEnvelope(e)));
      const n = first + i * 4;
      return `($${n}::uuid, $${n + 1}, $${n + 2}, $${n + 3}::jsonb)`;
    });
    return { rows, values };
  }
}

/** The LISTEN/NOTIFY channel on which a schema's outbox announces committed rows. */
export function outboxChannel(schema: string): string {
  return `outbox_${schema}`;
}
