import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dead letters of one service schema, kept until an operator replays or discards them, and the
 * events parked behind them (DeadLetters). One sequence orders both, so that a key's dead letters
 * and parked events keep the order in which its events arrived. Listed by each service among its
 * migrations after the messaging tables (`…0910`, messaging's own range beside `…0000`/`…0900`).
 */
export function deadLettersMigration(schema: string): new () => MigrationInterface {
  const name = `DeadLetters${schema[0].toUpperCase()}${schema.slice(1)}1764000000910`;
  const migration = class implements MigrationInterface {
    name = name;
    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE SEQUENCE "${schema}".dead_letter_seq`);
      // original: the message as received, sealed (it may be a clear payload refused from outside).
      await q.query(`CREATE TABLE "${schema}".dead_letter (
        id uuid PRIMARY KEY,
        seq bigint NOT NULL DEFAULT nextval('"${schema}".dead_letter_seq'),
        consumer text NOT NULL,
        topic text NOT NULL,
        message_key text,
        event_id uuid,
        event_type text NOT NULL,
        errors text[] NOT NULL,
        attempts int NOT NULL,
        original text NOT NULL,
        dead_lettered_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
        resolved_at timestamptz,
        resolved_by text,
        discard_reason text)`);
      await q.query(
        `CREATE INDEX dead_letter_open_key ON "${schema}".dead_letter (consumer, message_key, seq) WHERE status = 'open'`,
      );
      await q.query(
        `CREATE INDEX dead_letter_newest ON "${schema}".dead_letter (dead_lettered_at DESC, id DESC)`,
      );
      await q.query(`CREATE TABLE "${schema}".parked_event (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('"${schema}".dead_letter_seq'),
        topic text NOT NULL,
        message_key text NOT NULL,
        event_type text NOT NULL,
        envelope jsonb NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id))`);
      await q.query(`CREATE INDEX parked_event_key ON "${schema}".parked_event (consumer, message_key, seq)`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}".parked_event`);
      await q.query(`DROP TABLE "${schema}".dead_letter`);
      await q.query(`DROP SEQUENCE "${schema}".dead_letter_seq`);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}
