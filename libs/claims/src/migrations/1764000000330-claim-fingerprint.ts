import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate detection across stored claims: the edit engine's claim fingerprint (patient, payer,
 * providers, every line's code, modifiers, dates, units and charge), indexed for one lookup per scrub.
 * Null for replacements (7), voids (8) and voided claims: they are meant to repeat an earlier claim.
 */
export class ClaimFingerprint1764000000330 implements MigrationInterface {
  name = 'ClaimFingerprint1764000000330';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims.claim ADD COLUMN fingerprint text`);
    await q.query(
      `CREATE INDEX claim_fingerprint ON claims.claim (fingerprint, patient_control_number) WHERE fingerprint IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX claims.claim_fingerprint`);
    await q.query(`ALTER TABLE claims.claim DROP COLUMN fingerprint`);
  }
}
