import { ClaimCreated, ClaimCreatedEvent, EventEnvelope, createEvent } from '@revcycle/contracts';
import { DataSource, MigrationInterface } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { messagingTablesMigration } from './messaging-tables.migration';

/** A fresh database with one schema's outbox and inbox, for the messaging integration tests. */
export async function messagingTestDatabase(
  schema: string,
): Promise<{ db: TestDatabase; dataSource: DataSource }> {
  const db = await createTestDatabase();
  const migrations: Array<new () => MigrationInterface> = [messagingTablesMigration(schema)];
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    schema,
    migrations,
    migrationsTableName: 'migrations',
  });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await dataSource.runMigrations();
  return { db, dataSource };
}

/** The n-th synthetic claims.claim.created event of a messaging test (keyed by its claim). */
export function claimCreated(n: number): EventEnvelope<ClaimCreated> {
  return createEvent(ClaimCreatedEvent, {
    aggregateId: `claim-${n}`,
    actor: { id: 'test', role: 'system' },
    payload: {
      claimId: `claim-${n}`,
      encounterId: `enc-${n}`,
      patientControlNumber: `PCN${n}`,
      patientId: `pat-${n}`,
      payerId: 'payer-1',
      dateOfService: '2026-11-02',
      totalChargeCents: 12500,
      serviceLineCount: 1,
    },
  });
}
