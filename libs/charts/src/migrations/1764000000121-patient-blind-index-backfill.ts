import { blindIndex } from '@revcycle/security';
import { IsNull, MigrationInterface, QueryRunner } from 'typeorm';
import { Patient } from '../patients/patient.entity';

const BATCH = 500;

/**
 * Data: computes the blind indexes of patients stored before search existed, in batches. Rows are
 * read through the entity so the PHI columns decrypt the way the service reads them. Patients
 * that already shared an MRN are kept: all but the oldest of each group are flagged
 * `mrn_legacy_duplicate` and stay outside the unique index until a PATCH gives them their own MRN.
 */
export class PatientBlindIndexBackfill1764000000121 implements MigrationInterface {
  name = 'PatientBlindIndexBackfill1764000000121';

  async up(q: QueryRunner): Promise<void> {
    const patients = q.manager.getRepository(Patient);
    for (;;) {
      const batch = await patients.find({
        select: { id: true, mrn: true, firstName: true, lastName: true, dateOfBirth: true },
        where: { mrnIndex: IsNull() },
        order: { createdAt: 'ASC', id: 'ASC' },
        take: BATCH,
      });
      if (batch.length === 0) break;
      const index = blindIndex();
      for (const p of batch)
        await q.query(
          `UPDATE charts.patient SET mrn_index = $2, first_name_index = $3, last_name_index = $4,
             date_of_birth_index = $5 WHERE id = $1`,
          [
            p.id,
            index.digest('mrn', p.mrn),
            index.digest('firstName', p.firstName),
            index.digest('lastName', p.lastName),
            index.digest('dateOfBirth', p.dateOfBirth),
          ],
        );
    }
    await q.query(`UPDATE charts.patient p SET mrn_legacy_duplicate = true
      WHERE EXISTS (SELECT 1 FROM charts.patient o
        WHERE o.mrn_index = p.mrn_index AND (o.created_at, o.id) < (p.created_at, p.id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE charts.patient SET mrn_index = NULL, first_name_index = NULL,
      last_name_index = NULL, date_of_birth_index = NULL, mrn_legacy_duplicate = false`);
  }
}
