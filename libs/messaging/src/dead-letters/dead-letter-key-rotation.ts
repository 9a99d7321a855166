import {
  PhiDecryptionError,
  RotationCounts,
  RotationOptions,
  SealedColumns,
  eventPayloadContext,
} from '@revcycle/security';
import { DataSource, QueryRunner } from 'typeorm';

/**
 * What `revcycle keys rotate` re-seals of a service's dead letters besides its entities' columns:
 * a dead letter waits for an operator for weeks, and one still sealed under a retired key could
 * never be replayed. The original is sealed like a @PhiColumn value (see dead-letter-store.ts).
 */
export const deadLetterSealedColumns = (schema: string): SealedColumns => ({
  tablePath: `${schema}.dead_letter`,
  keys: ['id'],
  columns: ['original'],
});

interface ParkedRow {
  consumer: string;
  event_id: string;
  sealed: string | null;
}

const zero = (): RotationCounts => ({ rotated: 0, alreadyCurrent: 0, skippedConcurrent: 0, failed: 0 });

/**
 * Re-seals the payload of every event parked behind a dead letter (`<schema>.parked_event`, the
 * envelope as received: its `sealedPayload` under the event's own context) under the active key.
 * A compare-and-set on the value read, as for columns: a parked event applied or replaced meanwhile
 * is left alone (skippedConcurrent). An envelope with no sealed payload has nothing to rotate.
 */
export async function rotateParkedEvents(
  ds: DataSource,
  schema: string,
  options: RotationOptions,
): Promise<RotationCounts> {
  const batchSize = options.batchSize ?? 500;
  const counts = zero();
  const runner = ds.createQueryRunner();
  try {
    let after: [string, string] | undefined;
    for (;;) {
      const rows: ParkedRow[] = await runner.query(
        `SELECT consumer, event_id::text AS event_id, envelope->>'sealedPayload' AS sealed
           FROM "${schema}".parked_event
          ${after ? 'WHERE (consumer, event_id) > ($1, $2::uuid)' : ''}
          ORDER BY consumer, event_id LIMIT ${batchSize}`,
        after ?? [],
      );
      for (const row of rows) await rotateParked(runner, schema, row, options, counts);
      if (rows.length < batchSize) return counts;
      const last = rows[rows.length - 1];
      after = [last.consumer, last.event_id];
    }
  } finally {
    await runner.release();
  }
}

async function rotateParked(
  runner: QueryRunner,
  schema: string,
  row: ParkedRow,
  { keyring, dryRun, onUnopenable }: RotationOptions,
  counts: RotationCounts,
): Promise<void> {
  if (!row.sealed) return;
  if (!keyring.needsRotation(row.sealed)) {
    counts.alreadyCurrent += 1;
    return;
  }
  const context = eventPayloadContext(row.event_id);
  let resealed: string;
  try {
    resealed = keyring.encrypt(keyring.decrypt(row.sealed, context), context);
  } catch (err) {
    if (!(err instanceof PhiDecryptionError)) throw err;
    counts.failed += 1;
    onUnopenable?.({
      table: `${schema}.parked_event`,
      column: 'envelope.sealedPayload',
      row: `${row.consumer},${row.event_id}`,
    });
    return;
  }
  if (dryRun) {
    counts.rotated += 1;
    return;
  }
  const result = await runner.query(
    `UPDATE "${schema}".parked_event SET envelope = jsonb_set(envelope, '{sealedPayload}', to_jsonb($1::text))
      WHERE consumer = $2 AND event_id = $3::uuid AND envelope->>'sealedPayload' = $4`,
    [resealed, row.consumer, row.event_id, row.sealed],
    true,
  );
  if (result.affected === 1) counts.rotated += 1;
  else counts.skippedConcurrent += 1;
}
