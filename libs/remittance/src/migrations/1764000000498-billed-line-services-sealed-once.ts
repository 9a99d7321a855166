import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ledger claim's billed lines' procedures and modifiers (PHI) are sealed once per claim
 * (claim_ledger.line_services, each with its line number) instead of once per line, so 835 matching
 * opens one value a claim, not ~2.5. Lines written before keep their own sealed service
 * (claim_ledger_line.service); posting opens whichever the claim has.
 */
export class BilledLineServicesSealedOnce1764000000498 implements MigrationInterface {
  name = 'BilledLineServicesSealedOnce1764000000498';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE remittance.claim_ledger ADD COLUMN line_services text`);
    await q.query(`ALTER TABLE remittance.claim_ledger_line ALTER COLUMN service DROP NOT NULL`);
  }

  /** Only while no ledger claim holds its lines' services (dropping them would lose what was billed). */
  async down(q: QueryRunner): Promise<void> {
    const [held] = await q.query(
      `SELECT 1 FROM remittance.claim_ledger WHERE line_services IS NOT NULL LIMIT 1`,
    );
    if (held)
      throw new Error("ledger claims hold their lines' services in claim_ledger.line_services: not reverted");
    await q.query(`ALTER TABLE remittance.claim_ledger DROP COLUMN line_services`);
  }
}
