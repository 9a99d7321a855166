import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim's submission snapshot (submission/submission-snapshot.ts): the 837's PHI of one revision
 * sealed as one value, so a batch opens one value per claim. Claims stored before it have none and
 * are read from their columns as before, until their next correction writes one.
 */
export class ClaimSubmissionSnapshot1764000000400 implements MigrationInterface {
  name = 'ClaimSubmissionSnapshot1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims.claim ADD COLUMN submission text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims.claim DROP COLUMN submission`);
  }
}
