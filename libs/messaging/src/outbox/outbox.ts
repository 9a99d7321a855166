import { EventEnvelope } from '@revcycle/contracts';
import { EntityManager } from 'typeorm';
import { sealEventEnvelope } from '../sealing/event-sealing';

/**
 * Writes events into the service's outbox inside the caller's transaction, so the state change and
 * the event commit together or not at all. The relay publishes them afterwards. Every payload is
 * sealed here (SealedEventEnvelope): the outbox row, the message on the transport and a dead letter
 * of it hold no clear PHI, and no event type can be forgotten.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();

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
    const values: unknown[] = [];
    const rows = list.map((e, i) => {
      values.push(e.id, topic ?? e.type, e.aggregateId, JSON.stringify(sealEventEnvelope(e)));
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`;
    });
    await manager.query(
      `INSERT INTO "${this.schema}".outbox (event_id, topic, message_key, envelope) VALUES ${rows.join(', ')}`,
      values,
    );
    // Wake the relay once the transaction has committed (it polls anyway, this only cuts latency).
    setImmediate(() => this.listeners.forEach((l) => l()));
  }

  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
