import { phiColumnContext, phiKeyring } from '@revcycle/security';
import { MigrationInterface, QueryRunner } from 'typeorm';

const BATCH = 500;

/**
 * An encounter's diagnoses and procedures are PHI (health information tied to a patient): from
 * jsonb in clear to AES-GCM text sealed to their row, like the other PHI columns. Existing rows are
 * sealed here, under the active PHI key.
 */
export class EncounterCodesEncrypted1764000000150 implements MigrationInterface {
  name = 'EncounterCodesEncrypted1764000000150';

  async up(q: QueryRunner): Promise<void> {
    for (const column of ['diagnoses', 'procedures'])
      await q.query(`ALTER TABLE charts.encounter ALTER COLUMN ${column} TYPE text USING ${column}::text`);
    const keyring = phiKeyring();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ id: string; diagnoses: string; procedures: string }> = await q.query(
        `SELECT id, diagnoses, procedures FROM charts.encounter WHERE id > $1 ORDER BY id LIMIT $2`,
        [after, BATCH],
      );
      for (const row of rows) {
        const seal = (column: string, plain: string) =>
          keyring.encrypt(plain, phiColumnContext('charts.encounter', column, row.id));
        await q.query(`UPDATE charts.encounter SET diagnoses = $2, procedures = $3 WHERE id = $1`, [
          row.id,
          seal('diagnoses', row.diagnoses),
          seal('procedures', row.procedures),
        ]);
      }
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1].id;
    }
  }

  async down(): Promise<void> {
    throw new Error('EncounterCodesEncrypted1764000000150 is not reversible: it would write PHI in clear');
  }
}
