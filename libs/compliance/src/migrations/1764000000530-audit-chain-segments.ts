import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain in segments (issue 10 §5: appends without a global lock). Every entry names its
 * segment; (segment, seq) is the key. The rows stored so far become segment 0 — the single chain
 * as it stood, verified as before and appended to no more — and new entries go to segments 1..n,
 * each its own HMAC chain with its own head (audit-chain.ts, epoch 2). Adding a column with a
 * constant default rewrites no row and fires no trigger, and re-keying the primary key only builds
 * an index, so the append-only rule holds through the migration and the old chain keeps verifying.
 *
 * compliance.audit_segment_lock(preferred, segments) is the append lock: it takes the lock of the
 * first free segment from `preferred` on (pg_try_advisory_xact_lock, two-key form: class = the old
 * global lock's key), or waits for `preferred` when all are taken, and returns that segment's head
 * — or, for an empty segment, segment 0's head to link to. A shared lock on the class key lets
 * the keyed-epoch opening (exclusive, at boot) exclude appends while it extends segment 0.
 */
export class AuditChainSegments1764000000530 implements MigrationInterface {
  name = 'AuditChainSegments1764000000530';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE compliance.audit_log ADD COLUMN segment smallint NOT NULL DEFAULT 0`);
    // New entries name their segment; only the rows that existed before this migration get 0.
    await q.query(`ALTER TABLE compliance.audit_log ALTER COLUMN segment DROP DEFAULT`);
    await q.query(`ALTER TABLE compliance.audit_log DROP CONSTRAINT audit_log_pkey`);
    await q.query(
      `ALTER TABLE compliance.audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (segment, seq)`,
    );
    await q.query(`CREATE FUNCTION compliance.audit_segment_lock(preferred integer, segments integer)
      RETURNS TABLE (segment integer, head_seq bigint, head_hash char(64))
      LANGUAGE plpgsql AS $$
      DECLARE
        chosen integer := NULL;
        candidate integer;
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(hashtext('compliance.audit_log'));
        FOR i IN 0 .. segments - 1 LOOP
          candidate := 1 + (preferred - 1 + i) % segments;
          IF pg_try_advisory_xact_lock(hashtext('compliance.audit_log'), candidate) THEN
            chosen := candidate;
            EXIT;
          END IF;
        END LOOP;
        IF chosen IS NULL THEN
          chosen := preferred;
          PERFORM pg_advisory_xact_lock(hashtext('compliance.audit_log'), chosen);
        END IF;
        RETURN QUERY
          SELECT chosen, coalesce(h.seq, 0),
                 coalesce(h.hash, (SELECT l.hash FROM compliance.audit_log l
                                    WHERE l.segment = 0 ORDER BY l.seq DESC LIMIT 1),
                          repeat('0', 64)::char(64))
            FROM (SELECT 1) one
            LEFT JOIN LATERAL (SELECT a.seq, a.hash FROM compliance.audit_log a
                                WHERE a.segment = chosen ORDER BY a.seq DESC LIMIT 1) h ON true;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION compliance.audit_segment_lock(integer, integer)`);
    await q.query(`ALTER TABLE compliance.audit_log DROP CONSTRAINT audit_log_pkey`);
    await q.query(`ALTER TABLE compliance.audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (seq)`);
    await q.query(`ALTER TABLE compliance.audit_log DROP COLUMN segment`);
  }
}
