import { sealClearColumns } from '@revcycle/security';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A service line's procedure code, modifiers and diagnosis pointers (the patient's procedures and
 * what they treat) are PHI: from clear text / text[] / int[] to AES-GCM text sealed to the line's
 * row, like the claim's diagnoses. Existing rows are sealed here, 500 lines per read.
 *
 * The columns are sealed in place rather than copied into new ones and dropped: a dropped column's
 * values stay in every live row on disk until the row is rewritten (PostgreSQL ALTER TABLE: "DROP
 * COLUMN does not physically remove the column"), whereas a value sealed in place leaves its clear
 * form only in a dead row version, which `VACUUM FULL` rewrites away (plain VACUUM only frees it).
 */
export class ServiceLineCodesEncrypted1764000000350 implements MigrationInterface {
  name = 'ServiceLineCodesEncrypted1764000000350';

  async up(q: QueryRunner): Promise<void> {
    // A clear default ('{}') would not open: every line is written by the entity, sealed.
    await q.query(`ALTER TABLE claims.service_line ALTER COLUMN modifiers DROP DEFAULT`);
    await q.query(
      `ALTER TABLE claims.service_line
         ALTER COLUMN modifiers TYPE text USING array_to_json(modifiers)::text,
         ALTER COLUMN diagnosis_pointers TYPE text USING array_to_json(diagnosis_pointers)::text`,
    );
    await sealClearColumns(q, {
      schema: 'claims',
      table: 'service_line',
      keys: ['claim_id', 'line_number'],
      columns: ['procedure_code', 'modifiers', 'diagnosis_pointers'],
    });
  }

  async down(): Promise<void> {
    throw new Error('ServiceLineCodesEncrypted1764000000350 is not reversible: it would write PHI in clear');
  }
}
