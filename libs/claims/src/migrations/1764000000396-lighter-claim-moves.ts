import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a batch writes per claim, made lighter (issue 8, bench:submission):
 * - the claim row keeps its clear columns inline and its sealed values (parties, submission
 *   snapshot, prior payer) out of line (toast_tuple_target 128): moving a claim's status copies a
 *   ~250-byte row instead of ~1.6 KB, and a heap page holds ~30 claims instead of ~5 (the move's
 *   WAL, mostly full-page images, shrinks with it); a single claim read fetches its parties from
 *   TOAST, as it already did its snapshot. Claims stored before move theirs out of line at their
 *   next write;
 * - the history (claim_status_change) and batch membership (claim_batch_claim) rows no longer
 *   check `claims.claim` (nor, for membership, `claims.claim_batch`) by foreign key: both are
 *   written only with ids taken from those tables in the same transaction (under the claims' row
 *   locks, after the batch row's insert), and neither claims nor batches are ever deleted. Each
 *   check was a trigger and an index probe per row: ~11 µs of PostgreSQL per claim batched for
 *   the two on claims.claim, and a quarter of the membership insert for the one on claim_batch.
 * - claim_by_status (status, payer_id, claim_type) is dropped: every status lookup is served by
 *   claim_status (status, created_at) (the batch's take filters payer and type on the few ready
 *   rows), and a moved claim writes one index entry fewer.
 */
export class LighterClaimMoves1764000000396 implements MigrationInterface {
  name = 'LighterClaimMoves1764000000396';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE claims.claim SET (toast_tuple_target = 128)`);
    await q.query(`ALTER TABLE claims.claim_status_change DROP CONSTRAINT claim_status_change_claim_id_fkey`);
    await q.query(`ALTER TABLE claims.claim_batch_claim DROP CONSTRAINT claim_batch_claim_claim_id_fkey`);
    await q.query(`ALTER TABLE claims.claim_batch_claim DROP CONSTRAINT claim_batch_claim_batch_id_fkey`);
    await q.query(`DROP INDEX claims.claim_by_status`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX claim_by_status ON claims.claim (status, payer_id, claim_type)`);
    await q.query(
      `ALTER TABLE claims.claim_batch_claim ADD CONSTRAINT claim_batch_claim_batch_id_fkey
         FOREIGN KEY (batch_id) REFERENCES claims.claim_batch(id) ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE claims.claim_batch_claim ADD CONSTRAINT claim_batch_claim_claim_id_fkey
         FOREIGN KEY (claim_id) REFERENCES claims.claim(id)`,
    );
    await q.query(
      `ALTER TABLE claims.claim_status_change ADD CONSTRAINT claim_status_change_claim_id_fkey
         FOREIGN KEY (claim_id) REFERENCES claims.claim(id) ON DELETE CASCADE`,
    );
    await q.query(`ALTER TABLE claims.claim RESET (toast_tuple_target)`);
  }
}
