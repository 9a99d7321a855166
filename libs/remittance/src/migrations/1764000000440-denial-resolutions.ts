import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a denial (a denied claim posting, or a line the payer allowed nothing on inside a paid claim)
 * was worked: one row per denial, line_position 0 for the claim itself.
 */
export class DenialResolutions1764000000440 implements MigrationInterface {
  name = 'DenialResolutions1764000000440';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE remittance.denial_resolution (
      posting_id uuid NOT NULL REFERENCES remittance.claim_posting (id),
      line_position int NOT NULL,
      action text NOT NULL,
      note text,
      resolved_by text NOT NULL,
      resolved_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (posting_id, line_position))`);
    await q.query(
      `CREATE INDEX claim_posting_denied ON remittance.claim_posting (posted_at) WHERE outcome IN ('denied', 'partially_paid') AND reversed_by_posting_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX remittance.claim_posting_denied`);
    await q.query(`DROP TABLE remittance.denial_resolution`);
  }
}
