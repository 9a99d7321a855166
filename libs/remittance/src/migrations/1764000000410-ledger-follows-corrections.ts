import { MigrationInterface, QueryRunner } from 'typeorm';

/** The ledger follows claims.claim.corrected: the claim revision it reflects, and voids. */
export class LedgerFollowsCorrections1764000000410 implements MigrationInterface {
  name = 'LedgerFollowsCorrections1764000000410';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE remittance.claim_ledger ADD COLUMN revision int NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE remittance.claim_ledger ADD COLUMN voided boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE remittance.claim_ledger ADD COLUMN updated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['updated_at', 'voided', 'revision'])
      await q.query(`ALTER TABLE remittance.claim_ledger DROP COLUMN ${c}`);
  }
}
