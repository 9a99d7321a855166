import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain becomes keyed (HMAC-SHA-256, key outside the database). Entries already stored
 * keep their unkeyed SHA-256 links as epoch 0; the service opens epoch 1 with a genesis entry whose
 * link is the old head (see audit-chain.ts). Adding a column with a constant default rewrites no row
 * and fires no trigger, so the append-only rule holds through the migration.
 */
export class AuditChainEpoch1764000000510 implements MigrationInterface {
  name = 'AuditChainEpoch1764000000510';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE compliance.audit_log ADD COLUMN chain_epoch smallint NOT NULL DEFAULT 0`);
    // New entries name their epoch; only the rows that existed before this migration get 0.
    await q.query(`ALTER TABLE compliance.audit_log ALTER COLUMN chain_epoch DROP DEFAULT`);
    await q.query(`CREATE INDEX audit_log_unkeyed ON compliance.audit_log (seq) WHERE chain_epoch = 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX compliance.audit_log_unkeyed`);
    await q.query(`ALTER TABLE compliance.audit_log DROP COLUMN chain_epoch`);
  }
}
