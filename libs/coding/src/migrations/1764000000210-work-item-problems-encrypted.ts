import { sealClearColumns } from '@revcycle/security';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A work item's problems name the patient's diagnosis codes ("M54.5 (Low back pain) is a category
 * header"): PHI, from clear jsonb to AES-GCM text sealed to its row like the item's encounter.
 */
export class WorkItemProblemsEncrypted1764000000210 implements MigrationInterface {
  name = 'WorkItemProblemsEncrypted1764000000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE coding.work_item ALTER COLUMN problems TYPE text USING problems::text`);
    await sealClearColumns(q, { schema: 'coding', table: 'work_item', keys: ['id'], columns: ['problems'] });
  }

  async down(): Promise<void> {
    throw new Error('WorkItemProblemsEncrypted1764000000210 is not reversible: it would write PHI in clear');
  }
}
