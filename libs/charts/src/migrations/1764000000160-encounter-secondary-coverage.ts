import { MigrationInterface, QueryRunner } from 'typeorm';

/** An encounter may name the patient's secondary coverage: claims bills it after the primary's 835 (COB). */
export class EncounterSecondaryCoverage1764000000160 implements MigrationInterface {
  name = 'EncounterSecondaryCoverage1764000000160';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE charts.encounter ADD COLUMN secondary_coverage_id uuid REFERENCES charts.coverage(id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE charts.encounter DROP COLUMN secondary_coverage_id`);
  }
}
