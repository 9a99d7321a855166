import { sealClearColumns } from '@revcycle/security';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim's diagnoses (the patient's ICD-10-CM codes) and its edits' codes and messages (which
 * name those codes: "E11 … is a category header") are PHI: from clear jsonb / text[] / text to
 * AES-GCM text sealed to their row, like the claim's parties. Existing rows are sealed here.
 */
export class ClaimCodesEncrypted1764000000340 implements MigrationInterface {
  name = 'ClaimCodesEncrypted1764000000340';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims.claim ALTER COLUMN diagnoses TYPE text USING diagnoses::text`);
    await q.query(
      `ALTER TABLE claims.claim_edit ALTER COLUMN codes TYPE text USING array_to_json(codes)::text`,
    );
    await sealClearColumns(q, { schema: 'claims', table: 'claim', keys: ['id'], columns: ['diagnoses'] });
    await sealClearColumns(q, {
      schema: 'claims',
      table: 'claim_edit',
      keys: ['claim_id', 'seq'],
      columns: ['codes', 'message'],
    });
  }

  async down(): Promise<void> {
    throw new Error('ClaimCodesEncrypted1764000000340 is not reversible: it would write PHI in clear');
  }
}
