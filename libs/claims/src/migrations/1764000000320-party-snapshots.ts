import { MigrationInterface, QueryRunner } from 'typeorm';

/** The latest claim-party snapshots received from charts (snapshot is AES-GCM ciphertext). */
export class PartySnapshots1764000000320 implements MigrationInterface {
  name = 'PartySnapshots1764000000320';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE claims.party_snapshot (
      kind text NOT NULL CHECK (kind IN ('patient', 'coverage', 'provider', 'payer')),
      party_id text NOT NULL,
      snapshot text NOT NULL,
      occurred_at timestamptz NOT NULL,
      event_id uuid NOT NULL,
      PRIMARY KEY (kind, party_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE claims.party_snapshot`);
  }
}
