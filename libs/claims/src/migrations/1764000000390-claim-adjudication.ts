import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claims follow the remittance: every remittance.claim.adjudicated received (applied or left aside,
 * and why), and secondary claims (COB): the payer responsibility the claim is billed under (837
 * 2000B SBR01), the primary claim a secondary one follows, and the primary payer's adjudication
 * it repeats in loops 2320/2330/2430 (PHI: sealed like the claim's parties). One encounter now has
 * a primary claim and at most one secondary claim per primary.
 */
export class ClaimAdjudication1764000000390 implements MigrationInterface {
  name = 'ClaimAdjudication1764000000390';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims.claim ADD COLUMN payer_responsibility char(1) NOT NULL DEFAULT 'P'`);
    await q.query(`ALTER TABLE claims.claim ADD COLUMN primary_claim_id uuid REFERENCES claims.claim(id)`);
    await q.query(`ALTER TABLE claims.claim ADD COLUMN prior_payer text`);
    await q.query(`ALTER TABLE claims.claim DROP CONSTRAINT IF EXISTS claim_encounter_id_key`);
    await q.query(
      `CREATE UNIQUE INDEX claim_primary_per_encounter ON claims.claim (encounter_id) WHERE primary_claim_id IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX claim_secondary_per_primary ON claims.claim (primary_claim_id) WHERE primary_claim_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE claims.claim_adjudication (
        event_id uuid PRIMARY KEY,
        claim_id text NOT NULL,
        patient_control_number text NOT NULL,
        remittance_id text NOT NULL,
        outcome text NOT NULL,
        claim_status_code text NOT NULL,
        payer_claim_control_number text,
        paid_cents bigint NOT NULL,
        adjustment_cents bigint NOT NULL,
        patient_responsibility_cents bigint NOT NULL,
        payment_date date NOT NULL,
        applied boolean NOT NULL,
        note text,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX claim_adjudication_claim ON claims.claim_adjudication (claim_id, received_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE claims.claim_adjudication`);
    await q.query(`DROP INDEX claims.claim_secondary_per_primary`);
    await q.query(`DROP INDEX claims.claim_primary_per_encounter`);
    await q.query(`ALTER TABLE claims.claim ADD CONSTRAINT claim_encounter_id_key UNIQUE (encounter_id)`);
    await q.query(`ALTER TABLE claims.claim DROP COLUMN prior_payer`);
    await q.query(`ALTER TABLE claims.claim DROP COLUMN primary_claim_id`);
    await q.query(`ALTER TABLE claims.claim DROP COLUMN payer_responsibility`);
  }
}
