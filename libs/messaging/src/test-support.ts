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
