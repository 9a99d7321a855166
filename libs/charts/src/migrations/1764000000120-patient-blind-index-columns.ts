import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema: blind-index columns for patient search (filled by the next, data, migration). */
export class PatientBlindIndexColumns1764000000120 implements MigrationInterface {
  name = 'PatientBlindIndexColumns1764000000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE charts.patient
      ADD COLUMN mrn_index text,
      ADD COLUMN first_name_index text,
      ADD COLUMN last_name_index text,
      ADD COLUMN date_of_birth_index text,
      ADD COLUMN mrn_legacy_duplicate boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE charts.patient
      DROP COLUMN mrn_index, DROP COLUMN first_name_index, DROP COLUMN last_name_index,
      DROP COLUMN date_of_birth_index, DROP COLUMN mrn_legacy_duplicate`);
  }
}
