import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * compliance schema: the append-only, hash-chained audit log (HIPAA §164.312(b) audit controls).
 * A trigger refuses UPDATE, DELETE and TRUNCATE, so even the service's own account cannot rewrite it.
 */
export class ComplianceTables1764000000500 implements MigrationInterface {
  name = 'ComplianceTables1764000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE compliance.audit_log (
      seq bigint PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      service text NOT NULL,
      action text NOT NULL,
      resource_type text NOT NULL,
      resource_id text,
      patient_id text,
      actor_id text NOT NULL,
      actor_role text NOT NULL,
      outcome text NOT NULL,
      occurred_at timestamptz NOT NULL,
      operation text,
      request_id text,
      source_ip text,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      prev_hash char(64) NOT NULL,
      hash char(64) NOT NULL)`);
    await q.query(`CREATE INDEX audit_log_patient ON compliance.audit_log (patient_id, occurred_at)`);
    await q.query(`CREATE INDEX audit_log_actor ON compliance.audit_log (actor_id, occurred_at)`);
    await q.query(`CREATE FUNCTION compliance.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'compliance.audit_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON compliance.audit_log
      FOR EACH ROW EXECUTE FUNCTION compliance.audit_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON compliance.audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION compliance.audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE compliance.audit_log`);
    await q.query(`DROP FUNCTION compliance.audit_log_append_only()`);
  }
}
