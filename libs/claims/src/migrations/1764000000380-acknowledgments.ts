import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Acknowledgments taken from payers (999, 277CA): the file sealed (a 277CA names patients), what
 * it did, and its SHA-256 — unique, so the same file twice (even raced) is applied once.
 */
export class Acknowledgments1764000000380 implements MigrationInterface {
  name = 'Acknowledgments1764000000380';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE claims.acknowledgment (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        sha256 text NOT NULL UNIQUE,
        interchange_control_number text NOT NULL,
        sender_id text NOT NULL,
        received_via text NOT NULL,
        received_by text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        matched int NOT NULL,
        accepted int NOT NULL,
        rejected int NOT NULL,
        unmatched int NOT NULL,
        content text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE claims.acknowledgment`);
  }
}
