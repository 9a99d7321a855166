import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per payer, the SFTP mailbox its 835s (ERA) are picked up from: enrolled apart from claim
 * submission (the ERA may come from another mailbox, a clearinghouse's). The settings hold our
 * private key: sealed (PhiColumn), never returned.
 */
export class EraMailboxes1764000000470 implements MigrationInterface {
  name = 'EraMailboxes1764000000470';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE remittance.era_mailbox (
      payer_id uuid PRIMARY KEY,
      settings text NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE remittance.era_mailbox`);
  }
}
