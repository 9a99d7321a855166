import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox and inbox tables in one service schema (DESIGN.md "Messaging"). Each service lists the
 * class this returns among its own migrations; the class name carries the schema so the migrations
 * table records which schema got it.
 */
export function messagingTablesMigration(schema: string): new () => MigrationInterface {
  const name = `MessagingTables${schema[0].toUpperCase()}${schema.slice(1)}1764000000000`;
  const migration = class implements MigrationInterface {
    name = name;
    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE "${schema}".outbox (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        envelope jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text)`);
      await q.query(`CREATE INDEX outbox_unpublished ON "${schema}".outbox (seq) WHERE published_at IS NULL`);
      await q.query(`CREATE TABLE "${schema}".inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        topic text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('processed', 'dead-lettered')),
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id))`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}".inbox`);
      await q.query(`DROP TABLE "${schema}".outbox`);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}
