import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /remittance/advices/:id pages an advice's claims in file order (seq) and its review items:
 * the advice index gains seq, so a page of a 100,000-claim advice is read in order, not sorted
 * whole (one index as before on the posting path); review items get their advice index.
 */
export class AdviceClaimsInOrder1764000000480 implements MigrationInterface {
  name = 'AdviceClaimsInOrder1764000000480';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX claim_posting_advice_seq ON remittance.claim_posting (advice_id, seq)`);
    await q.query(`DROP INDEX remittance.claim_posting_advice`);
    await q.query(
      `CREATE INDEX remittance_review_advice ON remittance.remittance_review (advice_id, created_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX remittance.remittance_review_advice`);
    await q.query(`CREATE INDEX claim_posting_advice ON remittance.claim_posting (advice_id)`);
    await q.query(`DROP INDEX remittance.claim_posting_advice_seq`);
  }
}
