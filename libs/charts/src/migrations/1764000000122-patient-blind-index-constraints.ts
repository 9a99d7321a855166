import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema: every patient has its blind indexes; one patient per MRN (legacy duplicates aside). */
export class PatientBlindIndexConstraints1764000000122 implements MigrationInterface {
  name = 'PatientBlindIndexConstraints1764000000122';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE charts.patient
      ALTER COLUMN mrn_index SET NOT NULL,
      ALTER COLUMN first_name_index SET NOT NULL,
      ALTER COLUMN last_name_index SET NOT NULL,
      ALTER COLUMN date_of_birth_index SET NOT NULL`);
    await q.query(
      `CREATE UNIQUE INDEX patient_mrn_unique ON charts.patient (mrn_index) WHERE NOT mrn_legacy_duplicate`,
    );
    await q.query(`CREATE INDEX patient_mrn_search ON charts.patient (mrn_index)`);
    await q.query(`CREATE INDEX patient_last_name_search ON charts.patient (last_name_index)`);
    await q.query(`CREATE INDEX patient_first_name_search ON charts.patient (first_name_index)`);
    await q.query(`CREATE INDEX patient_date_of_birth_search ON charts.patient (date_of_birth_index)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of [
      'mrn_unique',
      'mrn_search',
      'last_name_search',
      'first_name_search',
      'date_of_birth_search',
    ])
      await q.query(`DROP INDEX charts.patient_${i}`);
    await q.query(`ALTER TABLE charts.patient
      ALTER COLUMN mrn_index DROP NOT NULL, ALTER COLUMN first_name_index DROP NOT NULL,
      ALTER COLUMN last_name_index DROP NOT NULL, ALTER COLUMN date_of_birth_index DROP NOT NULL`);
  }
}
