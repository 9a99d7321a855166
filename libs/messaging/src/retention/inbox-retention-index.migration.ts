import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index on the inbox's processed_at, so MessagingRetention finds expired rows without reading the
 * whole inbox (days of consumed event ids). The outbox needs none: its pruning walks the primary key.
 */
export function inboxRetentionIndexMigration(schema: string): new () => MigrationInterface {
  const name = `InboxRetentionIndex${schema[0].toUpperCase()}${schema.slice(1)}1764000000900`;
  const migration = class implements MigrationInterface {
    name = name;
    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE INDEX inbox_processed_at ON "${schema}".inbox (processed_at)`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP INDEX "${schema}".inbox_processed_at`);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}
