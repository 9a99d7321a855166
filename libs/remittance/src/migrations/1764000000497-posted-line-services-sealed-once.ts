import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A posting's lines' procedures and modifiers (PHI) are sealed once per posting, in SVC order
 * (claim_posting.line_services), instead of once per line: one AES-GCM seal a claim, not ~2.5.
 * Lines posted before keep their own sealed service (line_posting.service), and readers open
 * whichever the row has (PostedLineServices).
 */
export class PostedLineServicesSealedOnce1764000000497 implements MigrationInterface {
  name = 'PostedLineServicesSealedOnce1764000000497';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE remittance.claim_posting ADD COLUMN line_services text`);
    await q.query(`ALTER TABLE remittance.line_posting ALTER COLUMN service DROP NOT NULL`);
  }

  /** Only while no posting holds its lines' services (dropping them would lose what was paid for). */
  async down(q: QueryRunner): Promise<void> {
    const [held] = await q.query(
      `SELECT 1 FROM remittance.claim_posting WHERE line_services IS NOT NULL LIMIT 1`,
    );
    if (held)
      throw new Error("postings hold their lines' services in claim_posting.line_services: not reverted");
    await q.query(`ALTER TABLE remittance.claim_posting DROP COLUMN line_services`);
  }
}
