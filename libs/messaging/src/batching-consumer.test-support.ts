import { ClaimCreatedEvent } from '@revcycle/contracts';
import { EntityManager } from 'typeorm';
import { EventConsumer } from './inbox/event-consumer';

/** The batching consumer tests' effects table: one row per applied event, with its transaction. */
export const effectsTable = (schema: string) => `"${schema}".batching_effects`;

export const createEffectsTable = (schema: string) =>
  `CREATE TABLE IF NOT EXISTS ${effectsTable(schema)} (
     seq bigserial PRIMARY KEY, event_id uuid NOT NULL, aggregate text NOT NULL, n int NOT NULL,
     txid bigint NOT NULL DEFAULT txid_current())`;

/**
 * A handler as the services write them (EventConsumer.consume around the state change): it records
 * the event, then runs `after` (a test's hook) inside the same transaction.
 */
export function batchingEffects(
  consumer: EventConsumer,
  schema: string,
  after: (eventId: string, manager: EntityManager) => Promise<void> = async () => undefined,
) {
  return async (raw: unknown) => {
    await consumer.consume('test.batching', ClaimCreatedEvent, raw, async (event, m) => {
      await m.query(`INSERT INTO ${effectsTable(schema)} (event_id, aggregate, n) VALUES ($1, $2, $3)`, [
        event.id,
        event.aggregateId,
        event.payload.totalChargeCents,
      ]);
      await after(event.id, m);
    });
  };
}
