import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim billed to a secondary payer names the primary claim it follows (claims.claim.created
 * `primaryClaimId`): AR ages the primary's patient responsibility as the secondary's receivable
 * until the secondary's 835 says what the patient owes, so it is counted once.
 */
export class LedgerKnowsThePrimaryClaim1764000000495 implements MigrationInterface {
  name = 'LedgerKnowsThePrimaryClaim1764000000495';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE remittance.claim_ledger ADD COLUMN primary_claim_id text`);
    await q.query(
      `CREATE INDEX claim_ledger_primary ON remittance.claim_ledger (primary_claim_id)
        WHERE primary_claim_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE remittance.claim_ledger DROP COLUMN primary_claim_id`);
  }
}
