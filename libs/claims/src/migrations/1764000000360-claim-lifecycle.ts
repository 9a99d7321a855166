import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The claim's way to the payer and back: its status history (append-only), and the history of
 * claims stored before this migration started at their current status.
 */
export class ClaimLifecycle1764000000360 implements MigrationInterface {
  name = 'ClaimLifecycle1764000000360';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE claims.claim_status_change (
        id bigserial PRIMARY KEY,
        claim_id uuid NOT NULL REFERENCES claims.claim(id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        changed_by text NOT NULL,
        source text,
        reason text
      )`);
    await q.query(`CREATE INDEX claim_status_change_claim ON claims.claim_status_change (claim_id, id)`);
    await q.query(`ALTER TABLE claims.claim ADD COLUMN payer_claim_control_number text`);
    await q.query(`CREATE INDEX claim_by_status ON claims.claim (status, payer_id, claim_type)`);
    await q.query(
      `INSERT INTO claims.claim_status_change (claim_id, from_status, to_status, changed_at, changed_by, reason)
       SELECT id, NULL, status, coalesce(scrubbed_at, created_at), 'claims-builder', 'status when history began'
         FROM claims.claim`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX claims.claim_by_status`);
    await q.query(`DROP TABLE claims.claim_status_change`);
    await q.query(`ALTER TABLE claims.claim DROP COLUMN payer_claim_control_number`);
  }
}
