import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payers' fee schedules, one version per effective date (PUT replaces that version whole): the
 * allowed amount per procedure code and pricing modifier ('' for none), for payment variance.
 */
export class FeeSchedules1764000000460 implements MigrationInterface {
  name = 'FeeSchedules1764000000460';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE remittance.fee_schedule (
      payer_id uuid NOT NULL,
      effective_date date NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (payer_id, effective_date))`);
    await q.query(`CREATE TABLE remittance.fee_schedule_rate (
      payer_id uuid NOT NULL,
      effective_date date NOT NULL,
      procedure_code text NOT NULL,
      modifier text NOT NULL DEFAULT '',
      allowed_cents bigint NOT NULL CHECK (allowed_cents >= 0),
      PRIMARY KEY (payer_id, effective_date, procedure_code, modifier),
      FOREIGN KEY (payer_id, effective_date) REFERENCES remittance.fee_schedule (payer_id, effective_date) ON DELETE CASCADE)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE remittance.fee_schedule_rate`);
    await q.query(`DROP TABLE remittance.fee_schedule`);
  }
}
