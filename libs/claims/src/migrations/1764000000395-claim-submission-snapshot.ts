import { MigrationInterface, QueryRunner } from 'typeorm';
import { readClaimsFromColumns } from '../submission/claims-to-submit';
import { sealSubmission } from '../submission/submission-snapshot';

/** Claims a batch may still take: they get their snapshot here; the others at their next correction. */
const UNSENT = ['ready', 'rejected', 'payer_rejected'];
const CHUNK = 1000;

/**
 * A claim's submission snapshot (submission/submission-snapshot.ts): the 837's PHI of one revision
 * sealed as one value, so a batch opens one value per claim. Unsent claims are given theirs from
 * their columns here; any claim without one (or with one of another revision) is still read from
 * its columns, so none becomes unreadable.
 */
export class ClaimSubmissionSnapshot1764000000395 implements MigrationInterface {
  name = 'ClaimSubmissionSnapshot1764000000395';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims.claim ADD COLUMN submission text`);
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows: Array<{ id: string; revision: number }> = await q.query(
        `SELECT id, revision FROM claims.claim WHERE status = ANY($1::text[]) AND id > $2 ORDER BY id LIMIT ${CHUNK}`,
        [UNSENT, after],
      );
      if (rows.length === 0) return;
      after = rows[rows.length - 1].id;
      const revisions = new Map(rows.map((r) => [r.id, Number(r.revision)]));
      const claims = await readClaimsFromColumns(q.manager, [...revisions.keys()]);
      await q.query(
        `UPDATE claims.claim c SET submission = x.s FROM unnest($1::uuid[], $2::text[]) AS x(id, s) WHERE c.id = x.id`,
        [
          claims.map((c) => c.id),
          claims.map((c) => sealSubmission({ ...c, revision: revisions.get(c.id) ?? 1 })),
        ],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims.claim DROP COLUMN submission`);
  }
}
